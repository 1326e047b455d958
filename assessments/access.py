"""Guards: fetch an assessment, its evidence or an action only through what the person may see."""

from django.db.models import FilteredRelation, Q
from django.http import Http404

from assessments.models import Action, Assessment, Evidence
from partnerships.access import admit, partnership_for, require
from partnerships.models import Membership

__all__ = ["action_for", "assessment_for", "evidence_for", "membership_of", "require"]


def assessment_for(user, slug: str, pk: int):
    """(partnership, assessment) if ``user`` may read it; drafts only for the partnership's
    coordinator, respondents and approver (and admins); approved ones also for viewers and
    national readers. Anything else is a 404. One query, which also brings the person's
    membership (with its agency) for :func:`membership_of`."""
    yours = FilteredRelation(
        "partnership__memberships", condition=Q(partnership__memberships__user_id=user.pk)
    )
    # By id alone, the slug compared below: PostgreSQL plans the one-row read in half the time
    # without a condition on a joined table, and without the default ordering's join.
    assessment = (
        Assessment.objects.filter(pk=pk)
        .annotate(yours=yours)
        .select_related("cycle", "partnership", "version", "yours__agency")
        .order_by()
        .first()
    )
    if assessment is None or assessment.partnership.slug != slug:
        partnership_for(user, slug)  # 404 for a partnership they may not see, as on its pages
        raise Http404("No such assessment.")
    partnership = assessment.partnership
    # Without a membership the joined row is empty and Django leaves the attribute unset.
    membership = getattr(assessment, "yours", None)
    if membership is not None:
        membership.user, membership.partnership = user, partnership
    partnership.known_membership = (user.pk, membership)
    partnership.your_role = membership.role if membership is not None else None
    partnership = admit(user, partnership)
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
    """The person's membership of ``partnership`` with its agency: the one
    :func:`assessment_for` brought, else read (one query)."""
    known = getattr(partnership, "known_membership", None)
    if known is not None and known[0] == user.pk:
        return known[1]
    return (
        Membership.objects.filter(user=user, partnership=partnership)
        .select_related("agency")
        .first()
        if user.is_authenticated
        else None
    )
