"""The scorecard's pure rules: periods, numbers as typed, and the status at its edges."""

import ast
import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from scorecard import figures
from scorecard.figures import (
    NO_RECENT_DATA,
    NOT_ON_TRACK,
    ON_TRACK,
    FigureError,
    Period,
    Point,
    judge,
)


def test_figures_imports_no_django():
    tree = ast.parse(Path(figures.__file__).read_text())
    modules = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not any(m.startswith("django") for m in modules)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2003/04", Period(2003, 0)),
        ("2003-04", Period(2003, 0)),
        ("2003/2004", Period(2003, 0)),
        (" 2003 / 04 ", Period(2003, 0)),
        ("2003/04 Q2", Period(2003, 2)),
        ("2003/04 q4", Period(2003, 4)),
        ("Q1 2003/04", Period(2003, 1)),
        ("1999/00", Period(1999, 0)),
    ],
)
def test_periods_are_read_as_people_write_them(text, expected):
    assert figures.parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2003", figures.PERIOD_FORMAT),
        ("", figures.PERIOD_FORMAT),
        (None, figures.PERIOD_FORMAT),
        ("2003/04 Q5", figures.PERIOD_FORMAT),
        ("2003/05", figures.PERIOD_SECOND_YEAR),
        ("1800/01", figures.PERIOD_RANGE),
    ],
)
def test_bad_periods_say_what_to_type(text, message):
    with pytest.raises(FigureError) as error:
        figures.parse_period(text)
    assert str(error.value) == message


def test_period_labels_ends_and_order():
    assert Period(2003, 0).label == "2003/04"
    assert Period(1999, 3).label == "1999/00 Q3"
    assert Period(2003, 1).ends_on == datetime.date(2003, 6, 30)
    assert Period(2003, 4).ends_on == datetime.date(2004, 3, 31)
    assert Period(2003, 0).ends_on == datetime.date(2004, 3, 31)
    ordered = sorted(
        [Period(2004, 1), Period(2003, 0), Period(2003, 4), Period(2003, 1)],
        key=lambda p: p.sort_key,
    )
    assert ordered == [Period(2003, 1), Period(2003, 4), Period(2003, 0), Period(2004, 1)]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1,234", Decimal("1234.00")),
        ("41%", Decimal("41.00")),
        ("£1,234.50", Decimal("1234.50")),
        (" 12.5 ", Decimal("12.50")),
        ("1\u00a0234", Decimal("1234.00")),
        ("0.125", Decimal("0.13")),
        (33.333333, Decimal("33.33")),
        (7, Decimal("7.00")),
        ("-3", Decimal("-3.00")),
    ],
)
def test_numbers_are_read_as_spreadsheets_write_them(typed, expected):
    assert figures.parse_number(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", figures.NUMBER_EMPTY),
        (None, figures.NUMBER_EMPTY),
        ("twelve", figures.NUMBER_FORMAT),
        ("1,23", figures.NUMBER_FORMAT),
        ("1.2.3", figures.NUMBER_FORMAT),
        (True, figures.NUMBER_FORMAT),
        ("99999999999", figures.NUMBER_TOO_BIG),
        ("nan", figures.NUMBER_FORMAT),
    ],
)
def test_bad_numbers_say_what_to_type(typed, message):
    with pytest.raises(FigureError) as error:
        figures.parse_number(typed)
    assert str(error.value) == message


def test_values_checked_against_their_unit():
    assert figures.check_value(Decimal("100"), figures.PERCENT) is None
    assert figures.check_value(Decimal("100.01"), figures.PERCENT) == figures.PERCENT_RANGE
    assert figures.check_value(Decimal("-1"), figures.COUNT) == figures.NOT_NEGATIVE
    assert figures.check_value(Decimal("5000"), figures.COUNT) is None


def test_values_are_written_in_their_unit():
    assert figures.format_value(Decimal("41.00"), figures.PERCENT) == "41%"
    assert figures.format_value(Decimal("33.50"), figures.PERCENT) == "33.5%"
    assert figures.format_value(Decimal("85.20"), figures.PER_1000) == "85.2 per 1,000"
    assert figures.format_value(Decimal("1234"), figures.COUNT) == "1,234"
    assert figures.format_value(Decimal("1234.5"), figures.POUNDS) == "£1,234.5"
    assert figures.format_value(None, figures.COUNT) == "–"


# Lower is better: baseline 40 in 2000/01, target 20 by 2010/11 (10 years on).
BASE = Point(Period(2000), Decimal(40))
TARGET = Point(Period(2010), Decimal(20))
SOON_AFTER = {
    Period(2005): datetime.date(2006, 6, 1),
    Period(2010): datetime.date(2011, 6, 1),
    Period(2011): datetime.date(2012, 6, 1),
}


def status(value, period=None, *, up=False, baseline=BASE, target=TARGET, as_of=None):
    period = period or Period(2005)
    return judge(
        higher_is_better=up,
        baseline=baseline,
        target=target,
        latest=None if value is None else Point(period, Decimal(value)),
        as_of=as_of or SOON_AFTER.get(period, datetime.date(2006, 6, 1)),
    )


def test_on_the_straight_line_exactly_is_on_track():
    # Halfway in time (5 of 10 years), halfway in value: 30 is expected.
    judgement = status("30")
    assert judgement.status == ON_TRACK
    assert judgement.expected == Decimal("30.00")


def test_a_hundredth_worse_than_the_line_is_not_on_track():
    assert status("30.01").status == NOT_ON_TRACK
    assert status("29.99").status == ON_TRACK


def test_direction_decides_what_better_means():
    up_base, up_target = Point(Period(2000), Decimal(20)), Point(Period(2010), Decimal(40))
    assert status("30", up=True, baseline=up_base, target=up_target).status == ON_TRACK
    assert status("29.99", up=True, baseline=up_base, target=up_target).status == NOT_ON_TRACK
    assert status("35", up=True, baseline=up_base, target=up_target).status == ON_TRACK


def test_reaching_the_target_is_on_track_even_after_its_period():
    assert status("20", Period(2011)).status == ON_TRACK
    assert status("19", Period(2005)).status == ON_TRACK


def test_a_target_period_passed_without_reaching_it_is_not_on_track():
    judgement = status("20.5", Period(2011))
    assert judgement.status == NOT_ON_TRACK
    assert "was not reached" in judgement.reason
    # At the target's own period the line expects the target itself.
    assert status("20.5", Period(2010)).status == NOT_ON_TRACK


def test_a_figure_before_the_baseline_is_judged_against_the_baseline():
    assert status("40", Period(1999), as_of=datetime.date(2000, 6, 1)).status == ON_TRACK
    assert status("41", Period(1999), as_of=datetime.date(2000, 6, 1)).status == NOT_ON_TRACK


def test_no_figure_is_no_recent_data():
    assert status(None).status == NO_RECENT_DATA


def test_recent_means_within_15_months_of_the_year_end():
    # 2005/06 ends 31 March 2006; recent until 30 June 2007.
    assert status("30", as_of=datetime.date(2007, 6, 30)).status == ON_TRACK
    assert status("30", as_of=datetime.date(2007, 7, 1)).status == NO_RECENT_DATA


def test_recent_means_within_6_months_of_a_quarter_end():
    # 2005/06 Q2 ends 30 September 2005; recent until 31 March 2006.
    quarter = Period(2005, 2)
    assert status("30", quarter, as_of=datetime.date(2006, 3, 31)).status == ON_TRACK
    assert status("30", quarter, as_of=datetime.date(2006, 4, 1)).status == NO_RECENT_DATA


def test_without_baseline_or_target_there_is_nothing_to_judge_against():
    assert status("30", target=None).status == NO_RECENT_DATA
    assert status("30", baseline=None).status == NO_RECENT_DATA


def test_a_flat_target_is_kept_by_staying_at_or_better():
    flat = Point(Period(2010), Decimal(40))
    assert status("40", target=flat).status == ON_TRACK
    assert status("40.5", target=flat).status == NOT_ON_TRACK


def test_progress_share():
    assert figures.progress_share(Decimal(40), Decimal(20), Decimal(30)) == Decimal("0.5")
    assert figures.progress_share(Decimal(40), Decimal(40), Decimal(30)) == Decimal(1)
