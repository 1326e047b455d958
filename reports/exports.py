"""Ratings and action plans as rows for CSV and XLSX (written by ``pages.spreadsheets``)."""

from django.db.models import F

from assessments.models import AgencyRating, AgreedRating

RATING_HEADER = [
    "Indicator",
    "Recommendation",
    "Statement",
    "Rated by",
    "Level",
    "Level label",
    "Evidence note",
]
ACTION_HEADER = [
    "Action",
    "Recommendation",
    "Indicator",
    "Owner",
    "Due date",
    "Status",
    "Overdue",
]


def rating_rows(assessment) -> list[list]:
    """The agreed level and every agency's level for each indicator, in catalogue order."""
    labels = dict(assessment.version.levels.values_list("level", "label"))
    fields = ("indicator__code", "indicator__thread__code", "indicator__statement")
    order = ("indicator__thread__order", "indicator__order")

    def row(rating, who):
        level = rating["level"]
        level_text = "Don't know" if level is None else level
        return [
            *(rating[f] for f in fields),
            who,
            level_text,
            labels.get(level, ""),
            rating["note"],
        ]

    agreed = AgreedRating.objects.filter(assessment=assessment).order_by(*order)
    agencies = AgencyRating.objects.filter(assessment=assessment).order_by(*order, "agency__name")
    by_indicator: dict[str, list] = {}
    for rating in agreed.values(*fields, "level", "note"):
        by_indicator.setdefault(rating["indicator__code"], []).append(row(rating, "Agreed"))
    for rating in agencies.values(*fields, "level", "note", "agency__name"):
        by_indicator.setdefault(rating["indicator__code"], []).append(
            row(rating, rating["agency__name"])
        )
    indicator_order = assessment.version.indicators.order_by("thread__order", "order")
    return [
        line
        for code in indicator_order.values_list("code", flat=True)
        for line in by_indicator.get(code, [])
    ]


def action_rows(partnership) -> list[list]:
    actions = partnership.actions.select_related("recommendation", "indicator", "owner").order_by(
        F("due_on").asc(nulls_last=True), "pk"
    )
    return [
        [
            a.title,
            a.recommendation.code if a.recommendation else "",
            a.indicator.code if a.indicator else "",
            a.owner.name if a.owner else "",
            a.due_on.isoformat() if a.due_on else "",
            a.get_status_display(),
            "Yes" if a.is_overdue else "No",
        ]
        for a in actions
    ]
