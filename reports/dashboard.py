"""The partnership dashboard's content, read from stored results in a fixed number of queries."""

from django.db.models import Count, Q
from django.utils import timezone

from assessments import selectors
from assessments.models import Action, AgreedRating, Assessment
from assessments.moderation import agreement
from reports import charts
from reports.placement import placement
from threads.models import Indicator, Thread


def approved_history(partnership) -> list[Assessment]:
    """Approved assessments, oldest cycle first (one query)."""
    return list(
        Assessment.objects.filter(partnership=partnership, state=Assessment.State.APPROVED)
        .select_related("cycle", "version")
        .order_by("cycle__opens_on")
    )


def open_draft(partnership) -> Assessment | None:
    return (
        Assessment.objects.filter(partnership=partnership)
        .exclude(state=Assessment.State.APPROVED)
        .select_related("cycle", "version")
        .order_by("-cycle__opens_on")
        .first()
    )


def catalogue_labels(version) -> dict[str, str]:
    """Code -> title for threads and code -> statement for indicators of one version."""
    labels = dict(Thread.objects.filter(version=version).values_list("code", "title"))
    labels.update(Indicator.objects.filter(version=version).values_list("code", "statement"))
    return labels


def score_rows(result: dict, group: str, labels: dict[str, str]) -> list[dict]:
    return [
        {"code": code, "title": labels.get(code, ""), "score": value["score"]}
        for code, value in result[group].items()
    ]


def trend(history: list[Assessment]) -> dict:
    """Stage and key issue scores per approved cycle, as table rows and a chart."""
    codes = list(history[-1].result["key_issues"]) if history else []
    rows = [
        {
            "cycle": a.cycle.name,
            "stage": a.result["stage"],
            "scores": [a.result["key_issues"].get(code, {}).get("score") for code in codes],
        }
        for a in history
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


def agreement_table(assessment: Assessment) -> dict:
    """Indicators × agencies: each agency's level, the agreed level and the spread flag."""
    by_indicator = agreement(assessment)
    agencies = sorted(
        {r.agency for entry in by_indicator.values() for r in entry["ratings"]},
        key=lambda agency: agency.name,
    )
    agreed = dict(
        AgreedRating.objects.filter(assessment=assessment).values_list("indicator_id", "level")
    )
    rows = []
    indicators = Indicator.objects.filter(version=assessment.version).order_by(
        "thread__order", "order"
    )
    for indicator in indicators.only("pk", "code", "statement"):
        entry = by_indicator.get(indicator.pk, {"ratings": [], "spread": None, "flagged": False})
        levels = {r.agency_id: r for r in entry["ratings"]}
        rows.append(
            {
                "indicator": indicator,
                "cells": [levels.get(agency.pk) for agency in agencies],
                "agreed": agreed.get(indicator.pk, "missing"),
                "spread": entry["spread"],
                "flagged": entry["flagged"],
            }
        )
    return {
        "agencies": agencies,
        "rows": rows,
        "flagged_count": sum(1 for row in rows if row["flagged"]),
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
    ``actions`` (the partnership's whole plan, or one assessment's)."""
    next_stage = result.get("next_stage") or {}
    gaps = next_stage.get("gaps", [])
    live = actions.exclude(status=Action.Status.DROPPED)
    actions = {  # ordered oldest first, so the newest live action of an indicator wins
        a.indicator.code: a
        for a in live.filter(indicator__code__in=[g["indicator"] for g in gaps])
        .select_related("indicator")
        .order_by("created_at", "pk")
    }
    return [
        {
            **gap,
            "statement": labels.get(gap["indicator"], ""),
            "action": actions.get(gap["indicator"]),
        }
        for gap in gaps
    ]


def result_view(result: dict, actions, labels: dict[str, str], prefix: str) -> dict:
    """Everything the page shows about one result (stored or previewed); ``actions`` are the
    ones its gaps are matched with."""
    key_issues = score_rows(result, "key_issues", labels)
    recommendations = score_rows(result, "recommendations", labels)
    return {
        "result": result,
        "placement": placement(result, labels),
        "gaps": gap_rows(result, actions, labels),
        "key_issues": key_issues,
        "recommendations": recommendations,
        "key_issue_chart": charts.score_bars(
            [r["code"] for r in key_issues],
            [r["score"] for r in key_issues],
            label="Key local issue score (0–100)",
        ),
        "recommendation_chart": charts.score_bars(
            [r["code"] for r in recommendations],
            [r["score"] for r in recommendations],
            label="Local recommendation score (0–100)",
        ),
        "prefix": prefix,
    }


def dashboard_context(partnership, user) -> dict:
    history = approved_history(partnership)
    latest = history[-1] if history else None
    draft = open_draft(partnership) if user.has_perm("assessments.moderate", partnership) else None
    for assessment in [*history, draft]:
        if assessment is not None:
            assessment.partnership = partnership  # already loaded: no query per link
    version = latest.version if latest else (draft.version if draft else None)
    if version is None:
        return {"partnership": partnership, "latest": None, "draft": None}
    labels = catalogue_labels(version)
    context = {
        "partnership": partnership,
        "latest": latest,
        "draft": draft,
        "stages": list(version.stages.order_by("order")),
        "progress": action_progress(partnership),
        "can_plan": user.has_perm("assessments.manage_actions", partnership),
    }
    if latest is not None:
        context["approved"] = result_view(
            latest.result, partnership.actions.all(), labels, "approved"
        )
        context["trend"] = trend(history)
        context["agreement"] = agreement_table(latest)
    if draft is not None:
        draft_labels = labels if draft.version_id == version.pk else catalogue_labels(draft.version)
        preview = selectors.stored_or_preview(draft)
        context["preview"] = result_view(preview, partnership.actions.all(), draft_labels, "draft")
        context["draft_stages"] = (
            context["stages"]
            if draft.version_id == version.pk
            else list(draft.version.stages.order_by("order"))
        )
    return context
