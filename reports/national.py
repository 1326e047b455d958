"""The national overview: every partnership's approved result for one cycle, read from the
cycle's summary and its snapshot rows (written at approval by ``assessments.results``), so a
page costs the same whatever the number of partnerships."""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import Func, IntegerField, Subquery
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from assessments.models import Cycle, CycleSummary, ResultSnapshot, key_issue_score
from pages import charts
from partnerships.models import Partnership
from reports.forms import CycleChoiceForm
from reports.national_paper import stage_changes
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


def default_summary() -> CycleSummary | None:
    """The summary of the newest cycle with an approved assessment (one indexed query)."""
    return (
        CycleSummary.objects.filter(assessed__gt=0)
        .select_related("cycle", "version")
        .defer("version__reading")  # the catalogue's stored reading: not used here
        .order_by("-cycle__opens_on")
        .first()
    )


def default_cycle():
    """The newest cycle with an approved assessment, else None."""
    summary = default_summary()
    return summary.cycle if summary else None


def url_maker(name: str, sample: str):
    """``value -> reverse(name, args=[value])`` from one ``reverse``: the URL of any other value
    is the same text with the value in place of ``sample``. Only for values that need no quoting
    in a path (slugs and catalogue codes), which every row of a table would otherwise reverse."""
    head, tail = reverse(name, args=[sample]).rsplit(sample, 1)
    return lambda value: f"{head}{value}{tail}"


SCORE_CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
SCORE_ROW = (
    '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
    '<a class="govuk-link" href="{}">{}</a></th><td class="govuk-table__cell">{}</td>{}</tr>'
)


def score_cells(scores: list) -> str:
    """A row's score cells, "–" where a key issue was not scored; the scores are integers
    (``int`` refuses anything else), so nothing needs escaping."""
    return mark_safe(  # noqa: S308  (integers and a dash only)
        "".join(SCORE_CELL.format("–" if score is None else int(score)) for score in scores)
    )


def score_row(url: str, name: str, stage_code: str, scores: list) -> str:
    """One partnership's row of the table, as HTML. Built here rather than cell by cell in the
    template: fifty rows of them were most of the page's rendering time."""
    return format_html(SCORE_ROW, url, name, stage_code, score_cells(scores))


def score_table(cycle, key_issues: list[Thread], *, sort: str, descending: bool, page, count: int):
    """One page of partnerships × key issue scores, sorted in the database: by name, by stage or
    by a key issue's score, each read from an index on the snapshots of the cycle."""
    rows = ResultSnapshot.objects.filter(cycle=cycle)
    codes = [issue.code for issue in key_issues]
    if sort in codes:
        rows = rows.annotate(sort_score=key_issue_score(sort))
        field = "sort_score"
    else:
        field = SORTS.get(sort, SORTS["name"])
    order = [f"-{field}" if descending else field, "partnership_name"]
    paginator = CountedPaginator(rows.order_by(*order), PAGE_SIZE, count=count)
    page_obj = paginator.get_page(page)
    values = page_obj.object_list.values(
        "partnership__slug", "partnership_name", "stage_code", "key_issue_scores"
    )
    dashboard = url_maker("reports:dashboard", "slug")
    table = [
        score_row(
            dashboard(row["partnership__slug"]),
            row["partnership_name"],
            row["stage_code"],
            [row["key_issue_scores"].get(code) for code in codes],
        )
        for row in values
    ]
    return page_obj, table


def blocking_rows(blocking: list[dict]) -> list[dict]:
    """The summary's blocking recommendations with the link of each code."""
    thread = url_maker("threads:thread", "LR-1")
    return [
        {
            **row,
            "url": thread(row["code"]),
            "national": [{**nr, "url": thread(nr["code"])} for nr in row["national"]],
        }
        for row in blocking
    ]


def count_of(queryset) -> Subquery:
    """``SELECT COUNT(*)`` of ``queryset`` as a subquery of another query's row (an index-only
    count where an index holds the filtered columns)."""
    count = Func(template="COUNT(*)", output_field=IntegerField())
    return Subquery(queryset.order_by().annotate(n=count).values("n"))


def cycles_with_summaries() -> list[Cycle]:
    """Every cycle, newest first, each with its summary and the summary's catalogue version
    (``cycle.summary``, absent before a first approval) and ``cycle.partnerships``, how many
    partnerships there are (the same on every row: a subquery the database runs once): the
    overview's cycle, its comparison, its count and the picker's choices in one query (cycles
    are a handful, one a year)."""
    return list(
        Cycle.objects.select_related("summary__version")
        .defer("summary__version__reading")  # the catalogue's stored reading: not used here
        .annotate(partnerships=count_of(Partnership.objects.all()))
        .order_by("-opens_on")
    )


def summary_of(cycle: Cycle) -> CycleSummary | None:
    return cycle.summary if hasattr(cycle, "summary") else None


def national_overview(
    cycle, cycles: list[Cycle], *, sort: str = "name", descending=False, page=1
) -> dict:
    """The overview of ``cycle`` (by default the newest with an approved result), compared with
    the latest earlier cycle with one; ``cycles`` from :func:`cycles_with_summaries`."""
    approved = [c for c in cycles if summary_of(c) and c.summary.assessed > 0]
    if cycle is None and approved:
        cycle = approved[0]
    else:  # the same cycle, read with its summary
        cycle = next((c for c in cycles if cycle and c.pk == cycle.pk), cycle)
    summary = summary_of(cycle) if cycle else None
    if summary is None:
        version = CatalogueVersion.objects.filter(is_current=True).first()
        return {"cycle": cycle, "version": version, "empty": cycle is None, "none_approved": True}
    previous = next((c.summary for c in approved if c.opens_on < cycle.opens_on), None)
    version = summary.version
    key_issues = list(
        Thread.objects.filter(version=version, kind=Thread.Kind.KEY_LOCAL_ISSUE)
        .order_by("order")
        .only("code", "title")
    )
    page_obj, table = score_table(
        cycle, key_issues, sort=sort, descending=descending, page=page, count=summary.assessed
    )
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
        "not_assessed": cycle.partnerships - summary.assessed,
        "key_issues": key_issues,
        "blocking": blocking_rows(summary.blocking),
        "page": page_obj,
        "table": table,
        "sort": sort if sort in SORTS or sort in {i.code for i in key_issues} else "name",
        "descending": descending,
    }


def national_context(query) -> dict:
    """The overview for a GET query: the cycle chosen (the latest with approvals by default), the
    sort and the page. A cycle that does not exist is refused by the form (status 400) and the
    default cycle is shown under the error."""
    form = CycleChoiceForm(query if "cycle" in query else None)
    cycles = cycles_with_summaries()  # the picker's choices too
    cycle = form.cleaned_data["cycle"] if form.is_bound and form.is_valid() else None
    context = national_overview(
        cycle,
        cycles,
        sort=query.get("sort", "name"),
        descending=query.get("dir") == "desc",
        page=query.get("page", 1),
    )
    if context["cycle"] is None and cycles and not form.is_bound:
        context.update(cycle=cycles[0], empty=False)  # nothing approved yet: the newest cycle
    if not form.is_bound and context["cycle"] is not None:
        form = CycleChoiceForm(initial={"cycle": context["cycle"].name})
    context["form"] = form
    context["cycles"] = cycles
    context["status"] = 400 if form.is_bound and form.errors else 200
    return context
