"""Who may read and change a partnership's scorecard.

The object is the partnership, except for ``enter_actual``, whose object is a measure: the
coordinator (and an admin) enters figures for every measure, a respondent for the measures their
agency owns. Viewers and national readers read.
"""

import rules

from partnerships.models import Membership
from partnerships.rules import is_admin, is_coordinator, is_member, is_national, is_respondent


@rules.predicate
def speaks_for_owner(user, measure) -> bool:
    if measure is None or measure.owner_id is None:
        return False
    agency_id = (
        Membership.objects.filter(user_id=user.pk, partnership_id=measure.partnership_id)
        .values_list("agency_id", flat=True)
        .first()
    )
    return agency_id == measure.owner_id


@rules.predicate
def coordinates_measure(user, measure) -> bool:
    return measure is not None and is_coordinator(user, measure.partnership)


@rules.predicate
def responds_for_measure(user, measure) -> bool:
    return measure is not None and is_respondent(user, measure.partnership)


rules.add_perm("scorecard.view_scorecard", is_member | is_national | is_admin)
rules.add_perm("scorecard.manage_measures", is_coordinator | is_admin)
# Entering figures at all (the import page): the coordinator, and respondents for their own.
rules.add_perm("scorecard.enter_actuals", is_coordinator | is_respondent | is_admin)
rules.add_perm(
    "scorecard.enter_actual",
    coordinates_measure | is_admin | responds_for_measure & speaks_for_owner,
)
