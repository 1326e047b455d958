"""Who sees what through the API: national readers and admins every approved result; a member
of a partnership only that partnership's approved data and adopted measures; drafts never
(results are read from the snapshots written at approval)."""

from django.db.models import F, Func, JSONField, QuerySet, Sum

from assessments.models import CycleSummary, ResultSnapshot
from partnerships.models import Partnership
from partnerships.rules import is_admin, is_national
from scorecard.models import Measure
from scorecard.selectors import with_latest


class WithoutReasons(Func):
    """A stored scoring output without its next stage's requirements (their targets and the
    report's reasons, two thirds of the document), which the API does not show: less to read and
    to decode per result."""

    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra):
        template = "(%(expressions)s #- '{next_stage,requirements}')"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        template = "json_remove(%(expressions)s, '$.next_stage.requirements')"
        return self.as_sql(compiler, connection, template=template, **extra)


#: What a result in the API shows, as plain values (no model instances), and nothing else: the
#: snapshot's pages data (``data``, a few kilobytes per row) and its PDF are never read here.
RESULT_VALUES = {
    "slug": F("partnership__slug"),
    "cycle_name": F("cycle__name"),
    "catalogue_version": F("assessment__version__version"),
    "approved_at": F("assessment__approved_at"),
    "result": WithoutReasons("assessment__result"),
}


def sees_everything(user) -> bool:
    return bool(is_national(user) or is_admin(user))


def visible_partnerships(user) -> QuerySet[Partnership]:
    partnerships = Partnership.objects.order_by("name")
    if sees_everything(user):
        return partnerships
    return partnerships.filter(memberships__user=user)


def visible_results(user) -> QuerySet[ResultSnapshot]:
    """Approved results only, as rows of ``RESULT_VALUES`` joined to their partnership, cycle
    and catalogue version (one query). A snapshot is written only at approval
    (``assessments.results.store_result``) and an approved assessment never changes state again
    (no transition leaves "approved"; the admin shows the state read-only), so the snapshot rows
    are exactly the approved results: no join to the assessment's state is needed."""
    results = ResultSnapshot.objects.values("assessment_id", "partnership_name", **RESULT_VALUES)
    if sees_everything(user):
        return results
    return results.filter(partnership__memberships__user=user)


def approved_count() -> int:
    """How many approved results there are in all cycles, read from the cycles' summaries (kept
    at each approval) instead of counting the snapshot rows."""
    return CycleSummary.objects.aggregate(n=Sum("assessed"))["n"] or 0


def visible_measures(user) -> QuerySet[Measure]:
    """Adopted scorecard measures (those with a library code, comparable across partnerships),
    each with its latest figure, of the partnerships the person may see (one query)."""
    measures = with_latest(
        Measure.objects.filter(adopted_from__isnull=False).select_related("partnership")
    )
    if sees_everything(user):
        return measures
    return measures.filter(partnership__memberships__user=user)
