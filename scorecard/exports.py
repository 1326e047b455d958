"""A scorecard's actuals as CSV or XLSX, in the columns the import reads back."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from scorecard.figures import Period
from scorecard.imports import COLUMNS
from scorecard.models import Actual

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def actual_rows(partnership) -> list[list]:
    rows = (
        Actual.objects.filter(measure__partnership=partnership)
        .order_by(
            "measure__perspective__order", "measure__order", "measure__code", "year", "quarter"
        )
        .values_list("measure__code", "year", "quarter", "value", "note")
    )
    return [[code, Period(y, q).label, value, note] for code, y, q, value, note in rows]


def to_csv(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for code, period, value, note in rows:
        writer.writerow([code, period, f"{value:f}", _safe(note)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Actuals"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for code, period, value, note in rows:
        sheet.append([code, period, float(value), _safe(note)])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
