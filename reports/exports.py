"""Ratings and action plans as rows for CSV and XLSX (written by ``pages.spreadsheets``)."""

from django.db.models import F

from assessments.models import AgencyRating, AgreedRating
from threads.models import Level

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
    """The agreed level and every agency's level for each indicator, in catalogue order: the
    agreed line first, then the agencies' by name. Three queries (levels, agreed, agencies),
    rows read with ``values()`` and merged in Python."""
    version_id = assessment.version_id
    labels = dict(Level.objects.filter(version_id=version_id).values_list("level", "label"))
    fields = ("indicator__code", "indicator__thread__code", "indicator__statement")
    order = ("indicator__thread__order", "indicator__order")
    read = (*order, *fields, "level", "note")

    def ratings(model, *extra):
        return (
            model.objects.filter(assessment=assessment, indicator__version_id=version_id)
            .order_by(*order, *extra)
            .values_list(*read, *extra)
        )

    # (thread order, indicator order, code, agreed first, the database's order of agencies)
    keyed = [
        ((t, i, code, 0, 0), (code, thread, statement, "Agreed", level, note))
        for t, i, code, thread, statement, level, note in ratings(AgreedRating)
    ]
    keyed += [
        ((t, i, code, 1, n), (code, thread, statement, agency, level, note))
        for n, (t, i, code, thread, statement, level, note, agency) in enumerate(
            ratings(AgencyRating, "agency__name")
        )
    ]
    keyed.sort(key=lambda pair: pair[0])
    return [
        [
            code,
            thread,
            statement,
            who,
            "Don't know" if level is None else level,
            labels.get(level, ""),
            note,
        ]
        for _, (code, thread, statement, who, level, note) in keyed
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
