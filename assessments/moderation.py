"""Partner agreement: each agency's level per indicator, the spread, and the median to start."""

from statistics import median_low

from assessments.models import AgencyRating, AgreedRating
from threads.models import Indicator

FLAG_SPREAD = 2


def agreement(assessment, indicator_ids=None) -> dict[int, dict]:
    """indicator id -> {"ratings": [AgencyRating], "spread", "flagged", "median"}.

    "Don't know" answers are shown but take no part in the spread or median.
    """
    ratings = AgencyRating.objects.filter(assessment=assessment).select_related("agency")
    if indicator_ids is not None:
        ratings = ratings.filter(indicator_id__in=indicator_ids)
    out: dict[int, dict] = {}
    for rating in ratings.order_by("agency__name"):
        out.setdefault(rating.indicator_id, {"ratings": []})["ratings"].append(rating)
    for entry in out.values():
        levels = [r.level for r in entry["ratings"] if r.level is not None]
        entry["spread"] = max(levels) - min(levels) if levels else None
        entry["flagged"] = entry["spread"] is not None and entry["spread"] >= FLAG_SPREAD
        entry["median"] = median_low(levels) if levels else None
    return out


def agreement_table(assessment) -> dict:
    """Indicators × agencies as plain data (stored in an approved result's snapshot): each
    agency's level, the agreed level ("missing" if none) and the spread flag."""
    by_indicator = agreement(assessment)
    agencies = sorted(
        {(r.agency.name, r.agency_id) for entry in by_indicator.values() for r in entry["ratings"]}
    )
    agreed = dict(
        AgreedRating.objects.filter(assessment=assessment).values_list("indicator_id", "level")
    )
    rows = []
    indicators = Indicator.objects.filter(version=assessment.version_id).order_by(
        "thread__order", "order"
    )
    for pk, code, statement in indicators.values_list("pk", "code", "statement"):
        entry = by_indicator.get(pk, {"ratings": [], "spread": None, "flagged": False})
        levels = {r.agency_id: r.level for r in entry["ratings"]}
        rows.append(
            {
                "indicator": {"code": code, "statement": statement},
                "cells": [
                    {"level": levels[agency_id]} if agency_id in levels else None
                    for _, agency_id in agencies
                ],
                "agreed": agreed.get(pk, "missing"),
                "spread": entry["spread"],
                "flagged": entry["flagged"],
            }
        )
    return {
        "agencies": [{"name": name} for name, _ in agencies],
        "rows": rows,
        "flagged_count": sum(1 for row in rows if row["flagged"]),
    }
