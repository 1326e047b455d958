"""Reading a file of actuals (CSV or XLSX) into rows, before anything is checked against a
scorecard or written (``scorecard.services.actuals_import`` does that).

The first non-blank row names the columns (``measure code``, ``period``, ``value``, ``note``; any
order, any case; ``note`` may be left out). Blank rows anywhere are skipped. A CSV may start with
a byte-order mark, be UTF-8 or Windows-1252, and use commas, semicolons or tabs. In an XLSX the
first sheet is read; a cell formatted as a percentage (0.41 shown as 41%) is read as 41.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
COLUMNS = ("measure code", "period", "value", "note")
HEADER_NAMES = {
    "measure code": "measure code",
    "measure": "measure code",
    "code": "measure code",
    "period": "period",
    "value": "value",
    "actual": "value",
    "note": "note",
    "notes": "note",
}

FILE_EMPTY = "The file is empty."
FILE_TOO_BIG = "The file must be 2 MB or smaller."
FILE_TOO_MANY_ROWS = f"The file has more than {MAX_ROWS:,} rows; split it."
FILE_UNREADABLE = "The file could not be read as CSV or Excel (.xlsx)."
FILE_HEADER = (
    "The first row must name the columns: measure code, period, value and (optionally) note. "
    "Missing: {missing}."
)
FILE_HEADER_REPEATED = 'The column "{name}" is named twice in the first row.'
DATE_CELL = "The spreadsheet turned this into a date; format the period column as text."


@dataclass
class Row:
    number: int  # as the spreadsheet numbers it: the header is usually row 1
    cells: dict  # column name -> the cell's value (str, int, float, or a DATE_CELL marker)


@dataclass
class ReadFile:
    rows: list[Row] = field(default_factory=list)
    error: str | None = None  # a problem with the whole file


class DateCell(str):
    """A cell a spreadsheet stored as a date: kept so the period check can say so."""


def _header_key(value) -> str:
    return " ".join(str(value or "").replace("_", " ").strip().lower().split())


def _is_blank(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _rows(raw_rows) -> ReadFile:
    """``raw_rows``: (row number, list of cell values). The first non-blank one is the header."""
    result = ReadFile()
    columns: dict[int, str] | None = None
    for number, values in raw_rows:
        if _is_blank(values):
            continue
        if columns is None:
            columns = {}
            for index, value in enumerate(values):
                name = HEADER_NAMES.get(_header_key(value))
                if name is None:
                    continue
                if name in columns.values():
                    return ReadFile(error=FILE_HEADER_REPEATED.format(name=name))
                columns[index] = name
            missing = [c for c in COLUMNS[:3] if c not in columns.values()]
            if missing:
                return ReadFile(error=FILE_HEADER.format(missing=", ".join(missing)))
            continue
        if len(result.rows) >= MAX_ROWS:
            return ReadFile(error=FILE_TOO_MANY_ROWS)
        cells = {name: values[i] if i < len(values) else None for i, name in columns.items()}
        result.rows.append(Row(number=number, cells=cells))
    if columns is None:
        return ReadFile(error=FILE_EMPTY)
    return result


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_csv(data: bytes) -> ReadFile:
    text = _decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first.count) if first else ","
    try:
        raw = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        return ReadFile(error=FILE_UNREADABLE)
    return _rows((number, values) for number, values in enumerate(raw, start=1))


def _xlsx_value(cell):
    value = cell.value
    if isinstance(value, datetime.datetime | datetime.date):
        return DateCell(value.isoformat())
    if isinstance(value, int | float) and "%" in (cell.number_format or ""):
        return value * 100
    return value


def read_xlsx(data: bytes) -> ReadFile:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        return ReadFile(error=FILE_UNREADABLE)
    try:
        sheet = workbook.worksheets[0]
        raw = (
            (number, [_xlsx_value(c) for c in row])
            for number, row in enumerate(sheet.iter_rows(), start=1)
        )
        return _rows(raw)
    finally:
        workbook.close()


def read_file(name: str, data: bytes) -> ReadFile:
    if not data:
        return ReadFile(error=FILE_EMPTY)
    if len(data) > MAX_BYTES:
        return ReadFile(error=FILE_TOO_BIG)
    if data.startswith(b"PK\x03\x04") or Path(name).suffix.lower() == ".xlsx":
        return read_xlsx(data)
    if b"\x00" in data[:1024]:
        return ReadFile(error=FILE_UNREADABLE)
    return read_csv(data)
