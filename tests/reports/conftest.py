import pytest
from django.utils import timezone

from assessments import selectors
from assessments.models import AgencyRating, AgreedRating, Assessment
from assessments.results import store_result
from partnerships.models import Membership
from tests.factories import (
    AgencyFactory,
    AssessmentFactory,
    CycleFactory,
    MembershipFactory,
    PartnershipFactory,
)


def rate(assessment, levels, *, agencies=(), by):
    """Agreed level ``levels(indicator)`` for every indicator; each agency's own level is
    ``agency_levels(agency, indicator)`` given as (agency, function) pairs."""
    indicators = list(assessment.version.indicators.all())
    AgreedRating.objects.bulk_create(
        AgreedRating(assessment=assessment, indicator=i, level=levels(i), updated_by=by)
        for i in indicators
    )
    AgencyRating.objects.bulk_create(
        AgencyRating(assessment=assessment, indicator=i, agency=a, level=f(i), updated_by=by)
        for a, f in agencies
        for i in indicators
    )


def approve(assessment):
    """Approve as the service does: score the agreed levels and store the result."""
    assessment.state = Assessment.State.APPROVED
    assessment.approved_at = timezone.now()
    store_result(assessment, selectors.assessment_result(assessment).to_dict())
    return assessment


@pytest.fixture
def make_approved(catalogue):
    def make(partnership, cycle_name, level=2, *, agencies=(), by=None):
        cycle = CycleFactory(name=cycle_name)
        assessment = AssessmentFactory(partnership=partnership, cycle=cycle, version=catalogue)
        if by is None:
            by = MembershipFactory(partnership=partnership, role=Membership.Role.COORDINATOR).user
        levels = level if callable(level) else (lambda _i: level)
        rate(assessment, levels, agencies=agencies, by=by)
        return approve(assessment)

    return make


@pytest.fixture
def east(db):
    return PartnershipFactory(name="East Ayrshire", slug="east-ayrshire")


@pytest.fixture
def fife(db):
    return PartnershipFactory(name="Fife", slug="fife")


@pytest.fixture
def people(east):
    return {
        role: MembershipFactory(partnership=east, role=role).user
        for role in ("coordinator", "respondent", "approver", "viewer")
    }


@pytest.fixture
def agencies(east):
    return [
        AgencyFactory(partnership=east, name="Police Scotland"),
        AgencyFactory(partnership=east, name="Council", kind="council"),
    ]
