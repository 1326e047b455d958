"""The scrutiny year: every partnership's state for one cycle, with the deadline and what is late.

A page is a fixed number of queries whatever the number of partnerships: the partnerships of
the page joined to their assessment for the cycle (one query), the agreed ratings of those
assessments counted in one grouped query, the reminders of the page in one, and the cycle's
counts per state in one grouped query.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, FilteredRelation, Max, Q
from django.utils import timezone

from assessments.models import AgreedRating, Assessment, Cycle
from partnerships.models import Partnership
from reports.models import ScrutinyReminder
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


@dataclass(frozen=True)
class Row:
    slug: str
    name: str
    state: str
    agreed: int
    indicators: int
    overdue: bool
    reminded_on: object  # date of the last reminder for this cycle, or None

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def in_progress(self) -> bool:
        return self.state in (Assessment.State.DRAFT, Assessment.State.RETURNED)


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


def state_counts(cycle: Cycle) -> dict[str, int]:
    """How many partnerships are in each state (two grouped queries over the whole cycle)."""
    counts = dict(
        Assessment.objects.filter(cycle=cycle)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    total = Partnership.objects.count()
    out = {state: counts.get(state, 0) for state in STATE_LABELS if state != NOT_STARTED}
    return {NOT_STARTED: total - sum(out.values()), **out, "total": total}


def scrutiny_year(cycle: Cycle, *, show: str = "all", page=1, today=None) -> dict:
    today = today or timezone.localdate()
    late = is_late(cycle, today=today)
    rows = partnerships_with_state(cycle)
    if show == "outstanding":
        rows = rows.filter(
            Q(current__state__isnull=True) | ~Q(current__state=Assessment.State.APPROVED)
        )
    elif show == "overdue":
        rows = rows.filter(owing_filter()) if late else rows.none()
    rows = rows.order_by("name").values(
        "pk", "slug", "name", "current__pk", "current__state", "current__version_id"
    )
    page_obj = Paginator(rows, PAGE_SIZE).get_page(page)
    listed = list(page_obj.object_list)
    assessment_ids = [r["current__pk"] for r in listed if r["current__pk"]]
    agreed = dict(
        AgreedRating.objects.filter(assessment_id__in=assessment_ids)
        .values_list("assessment_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    versions = {r["current__version_id"] for r in listed if r["current__version_id"]}
    indicators = dict(
        Indicator.objects.filter(version_id__in=versions)
        .values_list("version_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    reminded = dict(
        ScrutinyReminder.objects.filter(cycle=cycle, partnership_id__in=[r["pk"] for r in listed])
        .values_list("partnership_id")
        .annotate(last=Max("date"))
        .order_by()
    )
    table = []
    for r in listed:
        state = r["current__state"] or NOT_STARTED
        table.append(
            Row(
                slug=r["slug"],
                name=r["name"],
                state=state,
                agreed=agreed.get(r["current__pk"], 0),
                indicators=indicators.get(r["current__version_id"], 0),
                overdue=late and state in OWING,
                reminded_on=reminded.get(r["pk"]),
            )
        )
    counts = state_counts(cycle)
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
        "reminded_today": ScrutinyReminder.objects.filter(cycle=cycle, date=today).count(),
    }
