"""Who sees what through the API: national readers and admins every approved result; a member
of a partnership only that partnership's approved data and adopted measures; drafts never
(results are read from the snapshots written at approval)."""

from django.db.models import QuerySet

from assessments.models import Assessment, ResultSnapshot
from partnerships.models import Partnership
from partnerships.rules import is_admin, is_national
from scorecard.models import Measure
from scorecard.selectors import with_latest


def sees_everything(user) -> bool:
    return bool(is_national(user) or is_admin(user))


def visible_partnerships(user) -> QuerySet[Partnership]:
    partnerships = Partnership.objects.order_by("name")
    if sees_everything(user):
        return partnerships
    return partnerships.filter(memberships__user=user)


def visible_results(user) -> QuerySet[ResultSnapshot]:
    """Approved results only, joined to their partnership, cycle and assessment (one query)."""
    results = ResultSnapshot.objects.filter(
        assessment__state=Assessment.State.APPROVED
    ).select_related("partnership", "cycle", "assessment__version")
    if sees_everything(user):
        return results
    return results.filter(partnership__memberships__user=user)


def visible_measures(user) -> QuerySet[Measure]:
    """Adopted scorecard measures (those with a library code, comparable across partnerships),
    each with its latest figure, of the partnerships the person may see (one query)."""
    measures = with_latest(
        Measure.objects.filter(adopted_from__isnull=False).select_related("partnership")
    )
    if sees_everything(user):
        return measures
    return measures.filter(partnership__memberships__user=user)
