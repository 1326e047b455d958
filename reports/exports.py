"""Ratings and action plans as CSV and XLSX.

Rows are built once as plain lists and written by either format. Text cells that a spreadsheet
would run as a formula (starting ``=``, ``+``, ``-``, ``@``, tab or CR) are prefixed with ``'``.
"""

import csv
import io
import re

from django.db.models import F
from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from assessments.models import AgencyRating, AgreedRating
from pages.text import clean_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
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


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_cell(value):
    """A cell an XLSX file can hold: any stored text, control characters removed (XML cannot
    carry them, and openpyxl refuses the whole file), formulas neutralised."""
    if isinstance(value, str):
        value = clean_text(value)
    return safe_cell(value)


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


def to_csv(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    # A byte order mark lets spreadsheet programs read the UTF-8 correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(header: list[str], rows: list[list], *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = re.sub(r"[\\/*?:\[\]]", "-", clean_text(title))[:31] or "Sheet"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([xlsx_cell(v) for v in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(fmt: str, header: list[str], rows: list[list], title: str) -> bytes:
    return to_csv(header, rows) if fmt == "csv" else to_xlsx(header, rows, title=title)


def download(fmt: str, content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
