"""Guards: fetch an assessment only through what the person may see."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from assessments.models import Assessment
from partnerships.models import Membership
from partnerships.selectors import partnership_for


def assessment_for(user, slug: str, pk: int):
    """(partnership, assessment) if ``user`` may read it; drafts only for the partnership's
    coordinator, respondents and approver (and admins); approved ones also for viewers and
    national readers. Anything else is a 404."""
    partnership = partnership_for(user, slug)
    assessment = (
        Assessment.objects.filter(partnership=partnership, pk=pk)
        .select_related("cycle", "version", "partnership")
        .first()
    )
    if assessment is None:
        raise Http404("No such assessment.")
    if assessment.state == Assessment.State.APPROVED:
        allowed = user.has_perm("assessments.view_approved", partnership)
    else:
        allowed = user.has_perm("assessments.view_drafts", partnership)
    if not allowed:
        raise Http404("No such assessment.")
    return partnership, assessment


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
