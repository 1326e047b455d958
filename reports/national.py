"""The national overview: every partnership's approved result for one cycle, aggregated in the
database from the mirror rows written at approval (``assessments.results``)."""

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery

from assessments.models import Assessment, Cycle, ResultGap, ResultScore
from partnerships.models import Partnership
from reports import charts
from reports.forms import CycleChoiceForm
from threads.models import CatalogueVersion, Thread

PAGE_SIZE = 50
SORTS = {"name": "partnership__name", "stage": "stage_order"}


def default_cycle() -> Cycle | None:
    """The newest cycle with an approved assessment, else the newest cycle."""
    with_results = (
        Cycle.objects.filter(assessments__state=Assessment.State.APPROVED)
        .order_by("-opens_on")
        .first()
    )
    return with_results or Cycle.objects.order_by("-opens_on").first()


def stage_counts(approved, version) -> list[dict]:
    counts = dict(approved.values_list("stage_code").annotate(n=Count("pk")))
    return [
        {"stage": stage, "count": counts.get(stage.code, 0)}
        for stage in version.stages.order_by("order")
    ]


def blocking_recommendations(approved, version, limit: int = 8) -> list[dict]:
    """Local recommendations addressing gaps to the next stage, by how many partnerships they
    block, with the national recommendations that support each (two queries)."""
    counted = list(
        ResultGap.objects.filter(assessment__in=approved)
        .values("recommendation")
        .annotate(partnerships=Count("assessment", distinct=True))
        .order_by("-partnerships", "recommendation")[:limit]
    )
    codes = [row["recommendation"] for row in counted]
    threads = {
        t.code: t
        for t in Thread.objects.filter(version=version, code__in=codes).prefetch_related(
            "supported_by"
        )
    }
    out = []
    for row in counted:
        thread = threads.get(row["recommendation"])
        national = sorted(thread.supported_by.all(), key=lambda t: t.order) if thread else []
        out.append(
            {
                "code": row["recommendation"],
                "title": thread.title if thread else "",
                "partnerships": row["partnerships"],
                "national": [{"code": t.code, "title": t.title} for t in national],
            }
        )
    return out


def cycle_aggregates(cycle, version, approved) -> dict:
    """Stage counts and blocking recommendations of a cycle."""
    stages = stage_counts(approved, version)
    return {
        "stages": [
            {"code": r["stage"].code, "name": r["stage"].name, "count": r["count"]} for r in stages
        ],
        "blocking": blocking_recommendations(approved, version),
    }


def score_table(approved, key_issues: list[Thread], *, sort: str, descending: bool, page):
    """One page of partnerships × key issue scores, sorted in the database."""
    rows = approved.select_related("partnership")
    for issue in key_issues:
        rows = rows.annotate(
            **{
                f"score_{issue.pk}": Subquery(
                    ResultScore.objects.filter(assessment=OuterRef("pk"), code=issue.code).values(
                        "score"
                    )[:1]
                )
            }
        )
    by_issue = {issue.code: f"score_{issue.pk}" for issue in key_issues}
    field = SORTS.get(sort) or by_issue.get(sort) or SORTS["name"]
    order = [f"-{field}" if descending else field, "partnership__name"]
    paginator = Paginator(rows.order_by(*order), PAGE_SIZE)
    page_obj = paginator.get_page(page)
    table = [
        {
            "partnership": a.partnership,
            "stage_code": a.stage_code,
            "stage_order": a.stage_order,
            "scores": [getattr(a, by_issue[issue.code]) for issue in key_issues],
        }
        for a in page_obj.object_list
    ]
    return page_obj, table


def cycle_version(cycle: Cycle | None) -> CatalogueVersion | None:
    """The catalogue version most of the cycle's approved assessments were scored on (its stage
    names and key issues head the page), else the current one."""
    top = (
        Assessment.objects.filter(cycle=cycle, state=Assessment.State.APPROVED)
        .values("version")
        .annotate(n=Count("pk"))
        .order_by("-n", "-version")
        .first()
    )
    if top is not None:
        return CatalogueVersion.objects.get(pk=top["version"])
    return CatalogueVersion.objects.filter(is_current=True).first()


def national_overview(cycle: Cycle | None, *, sort: str = "name", descending=False, page=1):
    version = cycle_version(cycle)
    if cycle is None or version is None:
        return {"cycle": cycle, "version": version, "empty": True}
    approved = Assessment.objects.filter(cycle=cycle, state=Assessment.State.APPROVED)
    key_issues = list(
        Thread.objects.filter(version=version, kind=Thread.Kind.KEY_LOCAL_ISSUE).order_by("order")
    )
    page_obj, table = score_table(approved, key_issues, sort=sort, descending=descending, page=page)
    assessed = page_obj.paginator.count
    aggregates = cycle_aggregates(cycle, version, approved)
    stages = aggregates["stages"]
    return {
        "cycle": cycle,
        "version": version,
        "empty": False,
        "stages": stages,
        "stage_chart": charts.count_bars(
            [row["code"] for row in stages],
            [row["count"] for row in stages],
            label="Partnerships",
        ),
        "assessed": assessed,
        "not_assessed": Partnership.objects.count() - assessed,
        "key_issues": key_issues,
        "blocking": aggregates["blocking"],
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
    elif not form.is_bound and cycle is not None:
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
