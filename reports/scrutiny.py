"""The scrutiny year: every partnership's state for one cycle, with the deadline and what is late.

A page is three queries whatever the number of partnerships: the cycles (the picker's choices)
with the number of partnerships and of reminders sent today; the cycle's assessments counted per
state from an index of the cycle's states (these counts also give the number of rows to page
through: no count over the joined rows); and one page of partnerships joined to their
assessment, each with its agreed ratings, its catalogue's indicators and its last reminder in
subqueries that the database runs for the fifty rows shown.
"""

from django.db.models import Count, F, FilteredRelation, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from assessments.models import AgreedRating, Assessment, Cycle
from partnerships.models import Partnership
from reports.models import ScrutinyReminder
from reports.national import CountedPaginator, count_of
from threads.models import Indicator

PAGE_SIZE = 50
NOT_STARTED = "not_started"
STATE_LABELS = {
    NOT_STARTED: "Not started",
    Assessment.State.DRAFT: "Draft",
    Assessment.State.SUBMITTED: "Submitted",
    Assessment.State.RETURNED: "Returned",
    Assessment.State.APPROVED: "Approved",
}
#: States in which the partnership still owes a submission (late after the deadline).
OWING = (NOT_STARTED, Assessment.State.DRAFT, Assessment.State.RETURNED)
SHOW = {
    "all": "Every partnership",
    "outstanding": "Without an approved result",
    "overdue": "Overdue",
}


ROW = (
    '<tr class="govuk-table__row" data-partnership="{slug}">'
    '<th scope="row" class="govuk-table__header">{name}</th>'
    '<td class="govuk-table__cell" data-state="{state}">{label}{overdue}</td>'
    '<td class="govuk-table__cell" data-progress="{agreed}">{progress}</td>'
    '<td class="govuk-table__cell">{reminded}</td></tr>'
)
OVERDUE_TAG = mark_safe(' <strong class="govuk-tag govuk-tag--red" data-overdue>Overdue</strong>')


def table_row(r: dict, *, late: bool) -> str:
    """One partnership's row as HTML: its state, whether it is overdue, its progress ("7 of 28
    indicators agreed", "–" before a start, "Complete" once submitted) and the date of its last
    reminder. Built here rather than cell by cell in the template: fifty rows of them were most
    of the page's rendering time."""
    state = r["state"] or NOT_STARTED
    agreed = r["agreed"] or 0
    if state in (Assessment.State.DRAFT, Assessment.State.RETURNED):
        progress = f"{agreed} of {r['indicators'] or 0} indicators agreed"
    else:
        progress = "–" if state == NOT_STARTED else "Complete"
    reminded = r["reminded_on"]
    return format_html(
        ROW,
        slug=r["slug"],
        name=r["name"],
        state=state,
        label=STATE_LABELS[state],
        overdue=OVERDUE_TAG if late and state in OWING else "",
        agreed=agreed,
        progress=progress,
        reminded=date_format(reminded, "j M Y") if reminded else "–",
    )


def is_late(cycle: Cycle, *, today=None) -> bool:
    """Whether the cycle's response deadline has passed."""
    today = today or timezone.localdate()
    return bool(cycle.deadline and cycle.deadline < today)


def partnerships_with_state(cycle: Cycle):
    """Every partnership joined (not subqueried) to its assessment for the cycle, if any."""
    return Partnership.objects.annotate(
        current=FilteredRelation("assessments", condition=Q(assessments__cycle=cycle))
    )


def owing_filter() -> Q:
    return Q(current__state__isnull=True) | Q(
        current__state__in=[Assessment.State.DRAFT, Assessment.State.RETURNED]
    )


def late_partnerships(cycle: Cycle):
    """Partnerships that still owe the cycle's submission (whether or not the deadline passed)."""
    return partnerships_with_state(cycle).filter(owing_filter())


def cycles_with_counts(*, today) -> list[Cycle]:
    """Every cycle, newest first (the picker's choices), each with ``partnerships``, how many
    there are, and ``reminded_today``, how many of them were reminded today for that cycle: two
    counts riding on the cycles' query (cycles are a handful, one a year)."""
    reminded = ScrutinyReminder.objects.filter(cycle=OuterRef("pk"), date=today)
    return list(
        Cycle.objects.annotate(
            partnerships=count_of(Partnership.objects.all()), reminded_today=count_of(reminded)
        ).order_by("-opens_on")
    )


def state_counts(cycle: Cycle, *, total: int) -> dict[str, int]:
    """How many of the ``total`` partnerships have an assessment in each state for the cycle
    (the rest have not started), counted from the index of the cycle's assessment states."""
    counts = dict(
        Assessment.objects.filter(cycle=cycle)
        .values_list("state")
        .annotate(n=Count("*"))  # COUNT(*): the index alone answers (no row is read)
        .order_by()
    )
    out = {state: counts.get(state, 0) for state in STATE_LABELS if state != NOT_STARTED}
    return {NOT_STARTED: total - sum(out.values()), **out, "total": total}


def shown_count(counts: dict[str, int], show: str, *, late: bool) -> int:
    """How many rows a filter shows, from the counts (no second count over the partnerships)."""
    if show == "outstanding":
        return counts["total"] - counts[Assessment.State.APPROVED]
    if show == "overdue":
        return sum(counts[s] for s in OWING) if late else 0
    return counts["total"]


def scrutiny_year(cycle: Cycle, *, show: str = "all", page=1, today=None) -> dict:
    today = today or timezone.localdate()
    late = is_late(cycle, today=today)
    cycles = cycles_with_counts(today=today)
    this = next(c for c in cycles if c.pk == cycle.pk)
    counts = state_counts(cycle, total=this.partnerships)
    rows = partnerships_with_state(cycle)
    if show == "outstanding":
        rows = rows.filter(
            Q(current__state__isnull=True) | ~Q(current__state=Assessment.State.APPROVED)
        )
    elif show == "overdue":
        rows = rows.filter(owing_filter()) if late else rows.none()
    rows = rows.order_by("name").values(
        "pk",
        "slug",
        "name",
        state=F("current__state"),
        agreed=count_of(AgreedRating.objects.filter(assessment=OuterRef("current__pk"))),
        indicators=count_of(Indicator.objects.filter(version=OuterRef("current__version_id"))),
        reminded_on=Subquery(
            ScrutinyReminder.objects.filter(cycle=cycle, partnership=OuterRef("pk"))
            .order_by("-date")
            .values("date")[:1]
        ),
    )
    count = shown_count(counts, show, late=late)
    page_obj = CountedPaginator(rows, PAGE_SIZE, count=count).get_page(page)
    table = [table_row(r, late=late) for r in page_obj.object_list]
    owing = sum(counts[s] for s in OWING)
    return {
        "cycle": cycle,
        "today": today,
        "late": late,
        "counts": [(state, label, counts[state]) for state, label in STATE_LABELS.items()],
        "total": counts["total"],
        "owing": owing,
        "overdue": owing if late else 0,
        "approved": counts[Assessment.State.APPROVED],
        "page": page_obj,
        "table": table,
        "show": show,
        "shows": SHOW,
        "reminded_today": this.reminded_today,
        "cycles": cycles,
    }
