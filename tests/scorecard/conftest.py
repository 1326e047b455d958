import datetime

import pytest

from partnerships.models import Membership
from scorecard.models import MeasureDefinition
from tests.factories import AgencyFactory, MeasureFactory, MembershipFactory, PartnershipFactory

TODAY = datetime.date(2006, 6, 1)


@pytest.fixture
def scorecard_world(db):
    """A partnership with a coordinator, a police respondent, a council respondent, a viewer, and
    two measures: the police's own-code measure and an adopted fear-of-crime measure."""
    partnership = PartnershipFactory(name="Glen Partnership", slug="glen")
    police = AgencyFactory(partnership=partnership, name="Glen Police", kind="police")
    council = AgencyFactory(partnership=partnership, name="Glen Council", kind="council")
    people = {
        "coordinator": MembershipFactory(partnership=partnership, role="coordinator").user,
        "police": MembershipFactory(
            partnership=partnership, role=Membership.Role.RESPONDENT, agency=police
        ).user,
        "council": MembershipFactory(
            partnership=partnership, role=Membership.Role.RESPONDENT, agency=council
        ).user,
        "viewer": MembershipFactory(partnership=partnership, role="viewer").user,
    }
    fear = MeasureDefinition.objects.get(code="FEAR-OF-CRIME")
    crime = MeasureFactory(
        partnership=partnership, code="CALLS", name="Calls", unit="count", owner=police
    )
    adopted = MeasureFactory(
        partnership=partnership,
        adopted_from=fear,
        code=fear.code,
        name=fear.name,
        unit=fear.unit,
        direction=fear.direction,
        perspective=fear.perspective,
        owner=council,
        baseline_value=41,
        target_value=30,
    )
    return {
        "partnership": partnership,
        "people": people,
        "police": police,
        "council": council,
        "calls": crime,
        "fear": adopted,
    }
