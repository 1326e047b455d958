"""The partnership dashboard: the approved result read from its snapshot (fixed queries whatever
the history's length), and for the coordinator a live preview of the open draft."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from assessments import result_pages, selectors
from assessments.models import Action, Assessment, ResultSnapshot
from pages import charts
from practice import selectors as practice_selectors
from scorecard import selectors as scorecard_selectors

#: The stage whose requirements include demonstrated impact, which the scorecard evidences.
IMPACT_STAGE = "S4"


def approved_history(partnership) -> list[dict]:
    """Each approved cycle's stage and key issue scores, oldest first (one query)."""
    return list(
        ResultSnapshot.objects.filter(partnership=partnership)
        .order_by("cycle__opens_on")
        .values("cycle__name", "stage_code", "stage_order", "stage_name", "key_issue_scores")
    )


def latest_approved(partnership) -> Assessment | None:
    """The newest approved assessment with its snapshot and cycle (one query)."""
    return (
        Assessment.objects.filter(partnership=partnership, state=Assessment.State.APPROVED)
        .select_related("cycle", "snapshot")
        .order_by("-cycle__opens_on")
        .first()
    )


def open_draft(partnership) -> Assessment | None:
    return (
        Assessment.objects.filter(partnership=partnership)
        .exclude(state=Assessment.State.APPROVED)
        .select_related("cycle", "version")
        .order_by("-cycle__opens_on")
        .first()
    )


def trend(history: list[dict]) -> dict:
    """Stage and key issue scores per approved cycle, as table rows and a chart."""
    codes = list(history[-1]["key_issue_scores"]) if history else []
    rows = [
        {
            "cycle": row["cycle__name"],
            "stage": {
                "code": row["stage_code"],
                "order": row["stage_order"],
                "name": row["stage_name"],
            },
            "scores": [row["key_issue_scores"].get(code) for code in codes],
        }
        for row in history
    ]
    cycles = [row["cycle"] for row in rows]
    max_order = max((row["stage"]["order"] for row in rows), default=1)
    return {
        "codes": codes,
        "rows": rows,
        "stage_chart": charts.trend_lines(
            cycles,
            {"Stage": [row["stage"]["order"] for row in rows]},
            y_title="Stage (1 = S1)",
            y_max=max(max_order, 4),
        ),
        "score_chart": charts.trend_lines(
            cycles,
            {code: [row["scores"][i] for row in rows] for i, code in enumerate(codes)},
            y_title="Score (0–100)",
            y_max=100,
        ),
    }


def action_progress(partnership) -> dict:
    """Counts of the action plan by status, with overdue open actions (one query)."""
    status = Action.Status
    today = timezone.localdate()
    counts = partnership.actions.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=status.DONE)),
        in_progress=Count("pk", filter=Q(status=status.IN_PROGRESS)),
        planned=Count("pk", filter=Q(status=status.PLANNED)),
        dropped=Count("pk", filter=Q(status=status.DROPPED)),
        overdue=Count(
            "pk",
            filter=Q(status__in=[status.PLANNED, status.IN_PROGRESS], due_on__lt=today),
        ),
    )
    live = counts["total"] - counts["dropped"]
    counts["percent_done"] = round(100 * counts["done"] / live) if live else 0
    return counts


def gap_rows(result: dict, actions, labels: dict[str, str]) -> list[dict]:
    """Gaps to the next stage with the action planned for each indicator, if any, from
    ``actions`` (the partnership's whole plan, or one assessment's); one query."""
    next_stage = result.get("next_stage") or {}
    gaps = next_stage.get("gaps", [])
    live = actions.exclude(status=Action.Status.DROPPED)
    statuses = dict(  # ordered oldest first, so the newest live action of an indicator wins
        live.filter(indicator__code__in=[g["indicator"] for g in gaps])
        .order_by("created_at", "pk")
        .values_list("indicator__code", "status")
    )
    urls: dict[str, str] = {}
    for gap in gaps:
        for code in gap["recommendations"]:
            if code not in urls:
                urls[code] = reverse("threads:thread", args=[code])
    return [
        {
            **gap,
            "statement": labels.get(gap["indicator"], ""),
            "action_status": Action.Status(statuses[gap["indicator"]]).label
            if gap["indicator"] in statuses
            else None,
            "recommendation_links": [(code, urls[code]) for code in gap["recommendations"]],
        }
        for gap in gaps
    ]


def approved_view(partnership, latest: Assessment) -> dict:
    """The approved result: its fixed parts as rendered at approval, its gaps matched live with
    the partnership's action plan."""
    snapshot = latest.snapshot
    return {
        "result": latest.result,
        "fragments": result_pages.of_snapshot(snapshot, latest.result),
        "gaps": gap_rows(latest.result, partnership.actions.all(), snapshot.data["labels"]),
    }


def draft_preview(partnership, draft: Assessment) -> dict:
    """The open draft scored as it stands (live: only coordinators see it)."""
    reading = selectors.draft_reading(draft)
    result, labels = reading["result"], reading["labels"]
    fragments = result_pages.render(result, labels, reading["stages"], {}, only=("standing", "met"))
    return {
        "preview": {
            "result": result,
            "fragments": fragments,
            "gaps": gap_rows(result, partnership.actions.all(), labels),
            "key_issues": result_pages.score_rows(result, "key_issues", labels),
        }
    }


def dashboard_context(partnership, user) -> dict:
    latest = latest_approved(partnership)
    draft = open_draft(partnership) if user.has_perm("assessments.moderate", partnership) else None
    for assessment in (latest, draft):
        if assessment is not None:
            assessment.partnership = partnership  # already loaded: no query per link
    context = {
        "partnership": partnership,
        "action_plan_url": reverse("assessments:action_plan", args=[partnership.slug]),
        "latest": latest,
        "draft": draft,
        "can_plan": user.has_perm("assessments.manage_actions", partnership),
    }
    if latest is None and draft is None:
        return context
    context["progress"] = action_progress(partnership)
    if latest is not None:
        context["approved"] = approved_view(partnership, latest)
        context["trend"] = trend(approved_history(partnership))
    if draft is not None:
        context.update(draft_preview(partnership, draft))
    views = [view for view in (context.get("approved"), context.get("preview")) if view]
    if any(impact_at_stake(view["result"]) for view in views):
        context["scorecard"] = scorecard_selectors.summary_sentence(partnership)
    gaps = [gap["indicator"] for view in views for gap in view["gaps"]]
    context["practice"] = practice_selectors.published_counts(gaps)  # one query for both
    return context


def impact_at_stake(result: dict) -> bool:
    """Whether the stage that asks for demonstrated impact (S4, report 3.2 (v)) is the result's
    stage or its next: only then does the page quote the scorecard."""
    codes = {result["stage"]["code"], (result.get("next_stage") or {}).get("code")}
    return IMPACT_STAGE in codes
