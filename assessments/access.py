"""Guards: fetch an assessment only through what the person may see."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from assessments.models import Assessment, Cycle
from partnerships.models import Membership
from partnerships.selectors import partnership_for


def assessment_for(user, slug: str, pk: int):
    """(partnership, assessment) if ``user`` may read it; drafts only for the partnership's
    coordinator, respondents and approver (and admins); approved ones also for viewers and
    national readers. Anything else is a 404."""
    partnership = partnership_for(user, slug)
    assessment = _assessment_with_cycle(partnership, pk)
    if assessment is None:
        raise Http404("No such assessment.")
    if assessment.state == Assessment.State.APPROVED:
        allowed = user.has_perm("assessments.view_approved", partnership)
    else:
        allowed = user.has_perm("assessments.view_drafts", partnership)
    if not allowed:
        raise Http404("No such assessment.")
    return partnership, assessment


# Written out because every assessment page runs it first (the ORM's version, with the cycle
# joined, took three times as long to build as to run).
ASSESSMENT_SQL = """
SELECT a.*, c.name AS cycle_name, c.opens_on AS cycle_opens_on, c.closes_on AS cycle_closes_on
FROM assessments_assessment a JOIN assessments_cycle c ON c.id = a.cycle_id
WHERE a.partnership_id = %s AND a.id = %s
"""


def _assessment_with_cycle(partnership, pk: int) -> Assessment | None:
    found = list(Assessment.objects.raw(ASSESSMENT_SQL, [partnership.pk, pk]))
    if not found:
        return None
    assessment = found[0]
    assessment.cycle = Cycle.from_db(
        None,
        ["id", "name", "opens_on", "closes_on"],
        [
            assessment.cycle_id,
            assessment.cycle_name,
            assessment.cycle_opens_on,
            assessment.cycle_closes_on,
        ],
    )
    assessment.partnership = partnership  # with its stamps (see pagecache)
    return assessment


def membership_of(user, partnership) -> Membership | None:
    return (
        Membership.objects.filter(user=user, partnership=partnership)
        .select_related("agency")
        .first()
        if user.is_authenticated
        else None
    )


def require(user, permission: str, partnership) -> None:
    if not user.has_perm(permission, partnership):
        raise PermissionDenied
