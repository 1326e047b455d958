"""The partnership dashboard: the approved result read from its snapshot (fixed queries whatever
the history's length), and for the coordinator a live preview of the open draft."""

from collections import Counter

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from assessments import result_pages, selectors
from assessments.models import Action, Assessment, ResultSnapshot
from pages import charts
from practice import selectors as practice_selectors
from practice.templatetags.practice import gap_link
from scorecard import selectors as scorecard_selectors

#: The stage whose requirements include demonstrated impact, which the scorecard evidences.
IMPACT_STAGE = "S4"


def approved_history(partnership) -> list[dict]:
    """Each approved cycle's stage and key issue scores, oldest first (one query)."""
    return list(
        ResultSnapshot.objects.filter(partnership=partnership)
        .order_by("cycle__opens_on")
        .values("pk", "stage_code", "stage_order", "stage_name", "key_issue_scores", "cycle__name")
    )


def approved_page(pk: int) -> dict:
    """What the page shows of the newest approved result, read for that row alone: the stored
    result with its approval time, the fragments rendered at approval and the snapshot's data
    (one query)."""
    return (
        ResultSnapshot.objects.filter(pk=pk)
        .values("fragments", "data", "assessment__result", "assessment__approved_at")
        .get()
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
    """Stage and key issue scores per approved cycle, as a chart and as table rows of plain
    strings (the template only prints them)."""
    codes = list(history[-1]["key_issue_scores"]) if history else []
    cycles = [row["cycle__name"] for row in history]
    orders = [row["stage_order"] for row in history]
    scores = {code: [row["key_issue_scores"].get(code) for row in history] for code in codes}
    rows = [
        {
            "cycle": row["cycle__name"],
            "stage": f"{row['stage_code']} {row['stage_name']}",
            "scores": [_shown(scores[code][index]) for code in codes],
        }
        for index, row in enumerate(history)
    ]
    return {
        "codes": codes,
        "rows": rows,
        "stage_chart": charts.trend_lines(
            cycles,
            {"Stage": orders},
            y_title="Stage (1 = S1)",
            y_max=max(max(orders, default=1), 4),
        ),
        "score_chart": charts.trend_lines(cycles, scores, y_title="Score (0–100)", y_max=100),
    }


def _shown(value) -> str:
    """A number as the page prints it ("–" for none), made once here rather than localised by
    the template engine cell by cell."""
    return "–" if value is None else str(value)


def action_plan(partnership) -> tuple[dict, dict[str, str]]:
    """The plan's progress (counts by status, overdue open actions, the share done) and the
    status of each indicator's newest live action; one query over the partnership's plan."""
    status = Action.Status
    today = timezone.localdate()
    counts: Counter = Counter()
    overdue = 0
    statuses: dict[str, str] = {}
    rows = (
        Action.objects.filter(partnership_id=partnership.pk)
        .order_by("created_at", "pk")
        .values_list("status", "due_on", "indicator__code")
    )
    for state, due_on, code in rows:  # oldest first, so the newest live action of a code wins
        counts[state] += 1
        if state in (status.PLANNED, status.IN_PROGRESS) and due_on and due_on < today:
            overdue += 1
        if state != status.DROPPED and code is not None:
            statuses[code] = state
    total = sum(counts.values())
    live = total - counts[status.DROPPED]
    progress = {
        "total": total,
        "done": counts[status.DONE],
        "in_progress": counts[status.IN_PROGRESS],
        "planned": counts[status.PLANNED],
        "dropped": counts[status.DROPPED],
        "overdue": overdue,
        "percent_done": round(100 * counts[status.DONE] / live) if live else 0,
    }
    return progress, statuses


def gap_rows(result: dict, labels: dict[str, str], plan: dict) -> list[dict]:
    """Gaps to the next stage as the table shows them, with the action planned for each
    indicator, if any (``plan``: ``statuses``, indicator code -> status of its newest live
    action; ``url``; ``can_plan``; ``thread_urls``, filled here and shared by both views). The
    cells with links are built here, once per row, rather than by loops and conditions in the
    template: a page shows a row per gap, twice over for a coordinator."""
    gaps = (result.get("next_stage") or {}).get("gaps", [])
    urls = plan["thread_urls"]
    for gap in gaps:
        for code in gap["recommendations"]:
            if code not in urls:
                urls[code] = reverse("threads:thread", args=[code])
    return [
        {
            "indicator": gap["indicator"],
            "statement": labels.get(gap["indicator"], ""),
            "blocking": gap.get("blocking"),
            "current": _shown(gap["current"]),
            "required": _shown(gap["required"]),
            "recommendations": format_html_join(
                ", ",
                '<a class="govuk-link" href="{}">{}</a>',
                ((urls[code], code) for code in gap["recommendations"]),
            ),
            "action": action_cell(gap["indicator"], plan),
        }
        for gap in gaps
    ]


def action_cell(code: str, plan: dict) -> str:
    """The status of the indicator's action linking to the plan, else "Not yet" (a link to plan
    one for those who may)."""
    status = plan["statuses"].get(code)
    if status is not None:
        return format_html(
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> action for {}'
            "</span></a>",
            plan["url"],
            Action.Status(status).label,
            code,
        )
    if plan["can_plan"]:
        return format_html(
            '<a class="govuk-link" href="{}">Not yet<span class="govuk-visually-hidden">: plan an '
            "action for {}</span></a>",
            plan["url"],
            code,
        )
    return "Not yet"


def approved_view(newest: dict, plan: dict) -> dict:
    """The approved result: its fixed parts as rendered at approval, its gaps matched live with
    the partnership's action plan."""
    page = approved_page(newest["pk"])
    result, data = page["assessment__result"], page["data"]
    return {
        "pk": newest["pk"],
        "cycle": newest["cycle__name"],
        "approved_at": page["assessment__approved_at"],
        "result": result,
        "fragments": result_pages.of_stored(page["fragments"], data, result),
        "gaps": gap_rows(result, data["labels"], plan),
    }


def draft_preview(draft: Assessment, plan: dict) -> dict:
    """The open draft scored as it stands (live: only coordinators see it)."""
    reading = selectors.draft_reading(draft)
    result, labels = reading["result"], reading["labels"]
    fragments = result_pages.render(result, labels, reading["stages"], {}, only=("standing", "met"))
    return {
        "result": result,
        "fragments": fragments,
        "gaps": gap_rows(result, labels, plan),
        "key_issues": result_pages.score_rows(result, "key_issues", labels),
    }


def dashboard_context(partnership, user) -> dict:
    history = approved_history(partnership)
    newest = history[-1] if history else None
    draft = open_draft(partnership) if user.has_perm("assessments.moderate", partnership) else None
    if draft is not None:
        draft.partnership = partnership  # already loaded: no query for its link
    context = {"partnership": partnership, "draft": draft}
    if newest is None and draft is None:
        return context
    context["progress"], statuses = action_plan(partnership)
    plan = {
        "statuses": statuses,
        "url": reverse("assessments:action_plan", args=[partnership.slug]),
        "can_plan": user.has_perm("assessments.manage_actions", partnership),
        "thread_urls": {},
    }
    if newest is not None:
        context["approved"] = context["latest"] = approved_view(newest, plan)
        context["trend"] = trend(history)
    if draft is not None:
        context["preview"] = draft_preview(draft, plan)
    views = [view for view in (context.get("approved"), context.get("preview")) if view]
    at_stake = [view for view in views if impact_at_stake(view["result"])]
    if at_stake:
        sentence = scorecard_selectors.summary_sentence(partnership)
        for view in at_stake:
            view["scorecard"] = sentence
    gaps = [gap for view in views for gap in view["gaps"]]
    codes = {gap["indicator"] for gap in gaps}  # both views share most of their gaps
    counts = practice_selectors.published_counts(codes)  # one query
    links = {code: gap_link(counts, code) for code in codes}
    for gap in gaps:
        gap["practice"] = links[gap["indicator"]]
    return context


def impact_at_stake(result: dict) -> bool:
    """Whether the stage that asks for demonstrated impact (S4, report 3.2 (v)) is the result's
    stage or its next: only then does the page quote the scorecard."""
    codes = {result["stage"]["code"], (result.get("next_stage") or {}).get("code")}
    return IMPACT_STAGE in codes
