"""Guards: fetch an assessment, its evidence or an action only through what the person may see."""

from django.db.models import OuterRef, Subquery
from django.http import Http404

from assessments.models import Action, Assessment, Evidence
from partnerships.access import admit, partnership_for, require
from partnerships.models import Membership

__all__ = ["action_for", "assessment_for", "evidence_for", "membership_of", "require"]


def assessment_for(user, slug: str, pk: int):
    """(partnership, assessment) if ``user`` may read it; drafts only for the partnership's
    coordinator, respondents and approver (and admins); approved ones also for viewers and
    national readers. Anything else is a 404. One query."""
    role = Membership.objects.filter(partnership=OuterRef("partnership_id"), user_id=user.pk)
    assessment = (
        Assessment.objects.filter(pk=pk, partnership__slug=slug)
        .select_related("cycle", "partnership", "version")
        .annotate(your_role=Subquery(role.values("role")[:1]))
        .first()
    )
    if assessment is None:
        partnership_for(user, slug)  # 404 for a partnership they may not see, as on its pages
        raise Http404("No such assessment.")
    assessment.partnership.your_role = assessment.your_role
    partnership = admit(user, assessment.partnership)
    if assessment.state == Assessment.State.APPROVED:
        allowed = user.has_perm("assessments.view_approved", partnership)
    else:
        allowed = user.has_perm("assessments.view_drafts", partnership)
    if not allowed:
        raise Http404("No such assessment.")
    return partnership, assessment


def evidence_for(user, slug: str, pk: int) -> Evidence:
    """An evidence file ``user`` may download: its assessment must be readable to them, and a
    respondent sees only their own agency's files until the assessment is approved."""
    evidence = Evidence.objects.filter(pk=pk, assessment__partnership__slug=slug).first()
    if evidence is None:
        partnership_for(user, slug)
        raise Http404("No such file.")
    partnership, assessment = assessment_for(user, slug, evidence.assessment_id)
    if not user.has_perm("assessments.download_evidence", (partnership, assessment, evidence)):
        raise Http404("No such file.")
    return evidence


def action_for(partnership, pk: int) -> Action:
    """An action of ``partnership``'s plan (404 for any other partnership's)."""
    action = partnership.actions.select_related("assessment__version").filter(pk=pk).first()
    if action is None:
        raise Http404("No such action.")
    return action


def membership_of(user, partnership) -> Membership | None:
    return (
        Membership.objects.filter(user=user, partnership=partnership)
        .select_related("agency")
        .first()
        if user.is_authenticated
        else None
    )
