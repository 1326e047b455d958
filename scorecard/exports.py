"""A scorecard's actuals as CSV or XLSX, in the columns the import reads back."""

from pages import spreadsheets
from scorecard.figures import Period
from scorecard.imports import COLUMNS
from scorecard.models import Actual


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
    return spreadsheets.to_csv(list(COLUMNS), _plain(rows))


def to_xlsx(rows: list[list]) -> bytes:
    return spreadsheets.to_xlsx(list(COLUMNS), _numbers(rows), title="Actuals")


def _plain(rows):
    return [[code, period, f"{value:f}", note] for code, period, value, note in rows]


def _numbers(rows):
    return [[code, period, float(value), note] for code, period, value, note in rows]
