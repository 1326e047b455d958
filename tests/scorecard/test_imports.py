"""Importing actuals: the whole file is checked first, every bad row is reported by row and
column, nothing is written on a bad file, and spreadsheet habits are accepted."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from scorecard import imports, services
from scorecard.figures import Period
from scorecard.models import Actual
from tests.factories import ActualFactory
from tests.scorecard.conftest import TODAY


def check(world, data: bytes, name="figures.csv", user=None):
    read = imports.read_file(name, data)
    return services.actuals_check(
        partnership=world["partnership"], read=read, user=user, today=TODAY
    )


def csv_bytes(*lines: str, bom=False, encoding="utf-8") -> bytes:
    text = "\r\n".join(lines) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode(encoding)


def xlsx_bytes(rows, percent_cells=()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for ref in percent_cells:
        sheet[ref].number_format = "0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD = csv_bytes(
    "measure code,period,value,note",
    'CALLS,2004/05,"1,234",from the control room',
    "FEAR-OF-CRIME,2005/06,33%,survey",
    "",
    ",,,",
    "",
)


def test_a_good_csv_with_bom_formatted_numbers_and_blank_trailing_rows_is_imported(
    scorecard_world,
):
    result = check(scorecard_world, GOOD[:0] + b"\xef\xbb\xbf" + GOOD)
    assert result.ok, result.problems
    outcome = services.actuals_import(check=result, by=scorecard_world["people"]["coordinator"])
    assert (outcome.created, outcome.replaced) == (2, 0)
    calls = Actual.objects.get(measure=scorecard_world["calls"])
    assert (calls.period, calls.value, calls.note) == (
        Period(2004),
        Decimal("1234.00"),
        "from the control room",
    )
    assert Actual.objects.get(measure=scorecard_world["fear"]).value == Decimal("33.00")


def test_columns_in_any_order_and_case_semicolons_and_windows_1252(scorecard_world):
    data = csv_bytes(
        "Value;Period;Measure Code;Notes", "12;2004/05;calls;caf\u00e9", encoding="cp1252"
    )
    result = check(scorecard_world, data)
    assert result.ok, result.problems
    measure, period, value, note = result.rows[0]
    assert (measure.code, period, value, note) == ("CALLS", Period(2004), Decimal(12), "caf\u00e9")


def test_an_existing_figure_is_replaced(scorecard_world):
    ActualFactory(measure=scorecard_world["calls"], year=2004, value=10)
    result = check(scorecard_world, csv_bytes("measure code,period,value", "CALLS,2004/05,11"))
    outcome = services.actuals_import(check=result)
    assert (outcome.created, outcome.replaced) == (0, 1)
    assert Actual.objects.get(measure=scorecard_world["calls"]).value == Decimal(11)


def test_xlsx_with_percent_cells_and_numbers_is_imported(scorecard_world):
    data = xlsx_bytes(
        [
            ["measure code", "period", "value", "note"],
            ["FEAR-OF-CRIME", "2004/05", 0.41, None],
            ["CALLS", "2004/05", 1234, "n"],
            [None, None, None, None],
        ],
        percent_cells=["C2"],
    )
    result = check(scorecard_world, data, name="figures.xlsx")
    assert result.ok, result.problems
    values = {m.code: v for m, _p, v, _n in result.rows}
    assert values == {"FEAR-OF-CRIME": Decimal("41.00"), "CALLS": Decimal("1234.00")}


BAD_ROWS = [
    ("UNKNOWN,2004/05,1", "measure code", services.UNKNOWN_CODE.format(code="UNKNOWN")),
    (",2004/05,1", "measure code", services.NO_CODE),
    ("CALLS,2004,1", "period", "Enter a financial year like"),
    ("CALLS,2004/05 Q1,1", "period", services.WANTS_YEAR),
    ("CALLS,2006/07,1", "period", services.NOT_ENDED.format(period="2006/07")),
    ("CALLS,2004/05,lots", "value", "Enter a number"),
    ("CALLS,2004/05,", "value", "Enter a value"),
    ("CALLS,2004/05,-4", "value", "cannot be negative"),
    ("FEAR-OF-CRIME,2004/05,140%", "value", "between 0 and 100"),
    ("CALLS,2004/05,1," + "x" * 501, "note", services.NOTE_TOO_LONG),
]


@pytest.mark.parametrize(("line", "column", "message"), BAD_ROWS)
def test_each_bad_row_is_reported_by_row_and_column_and_nothing_is_written(
    scorecard_world, line, column, message
):
    data = csv_bytes("measure code,period,value,note", "CALLS,2003/04,5,fine", line)
    result = check(scorecard_world, data)
    assert not result.ok
    assert [(p.row, p.column) for p in result.problems] == [(3, column)]
    assert message in result.problems[0].message
    with pytest.raises(Exception):  # noqa: B017 - refused whole
        services.actuals_import(check=result)
    assert not Actual.objects.exists()


def test_a_duplicate_row_names_the_first(scorecard_world):
    data = csv_bytes("measure code,period,value", "CALLS,2004/05,1", "calls,2004-05,2")
    result = check(scorecard_world, data)
    assert [str(p) for p in result.problems] == [
        "Row 3, period: " + services.DUPLICATE_ROW.format(row=2)
    ]


def test_every_bad_row_is_reported_not_just_the_first(scorecard_world):
    data = csv_bytes("measure code,period,value", "X,2004/05,1", "CALLS,later,1", "CALLS,2004/05,?")
    problems = check(scorecard_world, data).problems
    assert [(p.row, p.column) for p in problems] == [
        (2, "measure code"),
        (3, "period"),
        (4, "value"),
    ]


@pytest.mark.parametrize(
    ("data", "name", "error"),
    [
        (b"", "f.csv", imports.FILE_EMPTY),
        (b"\n\n", "f.csv", imports.FILE_EMPTY),
        (b"code,value\nCALLS,1\n", "f.csv", imports.FILE_HEADER.format(missing="period")),
        (
            b"code,code,period,value\n",
            "f.csv",
            imports.FILE_HEADER_REPEATED.format(name="measure code"),
        ),
        (b"PK\x03\x04 not really a workbook", "f.xlsx", imports.FILE_UNREADABLE),
        (b"\x00\x01\x02binary", "f.bin", imports.FILE_UNREADABLE),
    ],
)
def test_a_bad_file_is_refused_whole(scorecard_world, data, name, error):
    result = check(scorecard_world, data, name=name)
    assert result.error == error


def test_a_date_cell_in_a_spreadsheet_is_explained(scorecard_world):
    data = xlsx_bytes(
        [["measure code", "period", "value"], ["CALLS", datetime.date(2004, 1, 1), 3]]
    )
    problems = check(scorecard_world, data, name="f.xlsx").problems
    assert [(p.column, p.message) for p in problems] == [("period", imports.DATE_CELL)]


def test_a_respondent_imports_only_their_agency_s_measures(scorecard_world):
    police = scorecard_world["people"]["police"]
    data = csv_bytes("measure code,period,value", "CALLS,2004/05,1", "FEAR-OF-CRIME,2004/05,30")
    problems = check(scorecard_world, data, user=police).problems
    assert [(p.row, p.column, p.message) for p in problems] == [
        (3, "measure code", services.NOT_YOURS.format(agency="Glen Police"))
    ]


def test_the_command_imports_a_good_file(scorecard_world, tmp_path, capsys):
    path = tmp_path / "figures.csv"
    path.write_bytes(csv_bytes("measure code,period,value", "CALLS,2003/04,7"))
    call_command("import_actuals", str(path), partnership="glen")
    assert "Imported 1 figures" in capsys.readouterr().out
    assert Actual.objects.get().value == Decimal(7)


def test_the_command_exits_2_with_every_bad_row_on_stderr_and_writes_nothing(
    scorecard_world, tmp_path, capsys
):
    path = tmp_path / "figures.csv"
    path.write_bytes(
        csv_bytes("measure code,period,value", "CALLS,2003/04,7", "NOPE,2003/04,1", "CALLS,x,y")
    )
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_actuals", str(path), partnership="glen")
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert lines[0].startswith("error:") and "3 problem(s)" in lines[0]
    assert lines[1] == "row 3, measure code: " + services.UNKNOWN_CODE.format(code="NOPE")
    assert lines[2].startswith("row 4, period: ") and lines[3].startswith("row 4, value: ")
    assert not Actual.objects.exists()


@pytest.mark.parametrize("slug", ["nowhere"])
def test_the_command_exits_2_for_an_unknown_partnership_or_file(scorecard_world, tmp_path, slug):
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_actuals", str(tmp_path / "none.csv"), partnership=slug)
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_actuals", str(tmp_path / "none.csv"), partnership="glen")
    assert exit_info.value.code == 2
