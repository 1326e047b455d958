"""Partner agreement: each agency's level per indicator, the spread, and the median to start."""

from statistics import median_low

from assessments.models import AgencyRating

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
