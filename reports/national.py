"""The national overview: every partnership's approved result for one cycle, read from the
cycle's summary and its snapshot rows (written at approval by ``assessments.results``), so a
page costs the same whatever the number of partnerships."""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import IntegerField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from assessments.models import CycleSummary, ResultSnapshot
from pages import charts
from partnerships.models import Partnership
from reports.forms import CycleChoiceForm
from reports.national_paper import previous_summary, stage_changes
from threads.models import CatalogueVersion, Thread

PAGE_SIZE = 50
SORTS = {"name": "partnership_name", "stage": "stage_order"}


class CountedPaginator(Paginator):
    """A paginator told its count (kept in the cycle's summary) instead of counting rows."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def default_cycle():
    """The newest cycle with an approved assessment (one indexed query), else None."""
    summary = (
        CycleSummary.objects.filter(assessed__gt=0)
        .select_related("cycle")
        .order_by("-cycle__opens_on")
        .first()
    )
    return summary.cycle if summary else None


def score_table(cycle, key_issues: list[Thread], *, sort: str, descending: bool, page, count: int):
    """One page of partnerships × key issue scores, sorted in the database."""
    rows = ResultSnapshot.objects.filter(cycle=cycle)
    codes = [issue.code for issue in key_issues]
    if sort in codes:
        rows = rows.annotate(sort_score=Cast(KT(f"key_issue_scores__{sort}"), IntegerField()))
        field = "sort_score"
    else:
        field = SORTS.get(sort, SORTS["name"])
    order = [f"-{field}" if descending else field, "partnership_name"]
    paginator = CountedPaginator(rows.order_by(*order), PAGE_SIZE, count=count)
    page_obj = paginator.get_page(page)
    values = page_obj.object_list.values(
        "partnership__slug", "partnership_name", "stage_code", "key_issue_scores"
    )
    table = [
        {
            "slug": row["partnership__slug"],
            "name": row["partnership_name"],
            "stage_code": row["stage_code"],
            "scores": [row["key_issue_scores"].get(code) for code in codes],
        }
        for row in values
    ]
    return page_obj, table


def national_overview(cycle, *, sort: str = "name", descending=False, page=1) -> dict:
    summary = CycleSummary.objects.filter(cycle=cycle).first() if cycle else None
    if summary is None:
        version = CatalogueVersion.objects.filter(is_current=True).first()
        return {"cycle": cycle, "version": version, "empty": cycle is None, "none_approved": True}
    version = summary.version
    key_issues = list(
        Thread.objects.filter(version=version, kind=Thread.Kind.KEY_LOCAL_ISSUE).order_by("order")
    )
    page_obj, table = score_table(
        cycle, key_issues, sort=sort, descending=descending, page=page, count=summary.assessed
    )
    previous = previous_summary(cycle)
    # Compared with the previous cycle by stable stage code; a code that cycle's catalogue did
    # not have is named, not compared.
    stages = stage_changes(summary, previous)
    return {
        "cycle": cycle,
        "version": version,
        "empty": False,
        "stages": stages,
        "previous": previous,
        "stage_chart": charts.count_bars(
            [row["code"] for row in stages],
            [row["count"] for row in stages],
            label="Partnerships",
        ),
        "assessed": summary.assessed,
        "not_assessed": Partnership.objects.count() - summary.assessed,
        "key_issues": key_issues,
        "blocking": summary.blocking,
        "page": page_obj,
        "table": table,
        "sort": sort if sort in SORTS or sort in {i.code for i in key_issues} else "name",
        "descending": descending,
    }


def national_context(query) -> dict:
    """The overview for a GET query: the cycle chosen (the latest with approvals by default), the
    sort and the page. A cycle that does not exist is refused by the form (status 400)."""
    cycle = default_cycle()
    form = CycleChoiceForm(query if "cycle" in query else None)
    if form.is_bound and form.is_valid():
        cycle = form.cleaned_data["cycle"]
    elif not form.is_bound:
        if cycle is None:
            cycle = form.fields["cycle"].queryset.first()
        if cycle is not None:
            form = CycleChoiceForm(initial={"cycle": cycle.name})
    context = national_overview(
        cycle,
        sort=query.get("sort", "name"),
        descending=query.get("dir") == "desc",
        page=query.get("page", 1),
    )
    context["form"] = form
    context["status"] = 400 if form.is_bound and form.errors else 200
    return context
