"""Context for "Your partnerships", the page everyone lands on after signing in."""

from assessments.selectors import partnership_status
from partnerships import selectors


def home_context(user) -> dict:
    memberships = list(selectors.memberships_of(user))
    context = {
        "memberships": memberships,
        "national": user.has_perm("partnerships.view_national_overview"),
    }
    status = partnership_status([m.partnership for m in memberships])
    for membership in memberships:
        membership.status = status.get(membership.partnership_id)
    return context
