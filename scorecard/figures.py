"""The scorecard's rules as plain functions: periods, numbers as typed in a spreadsheet, how a
value is written, and each measure's status. No Django, no database: plain data in, plain data out.

Periods are Scottish financial years (April to March), written ``2000/01``, and their quarters,
``2000/01 Q1`` (April to June 2000) to ``2000/01 Q4`` (January to March 2001).

**The status rule** (also written on the scorecard page):

1. *No recent data* when there is no figure for a period that ended in the last 15 months (6 months
   for a quarterly figure), or the measure has no baseline and target to judge it against.
2. *On track* when the latest figure is at or better than the target.
3. *Not on track* when the target's period has passed (the latest figure is for a later period)
   without reaching the target.
4. Otherwise the measure is expected to move in a straight line from the baseline (at the end of
   the baseline's period) to the target (at the end of the target's period): *on track* when the
   latest figure is at or better than the value expected at the end of its own period, *not on
   track* when it is worse. "Better" is higher or lower, as the measure says.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FIRST_YEAR, LAST_YEAR = 1990, 2100
#: how long a figure counts as recent after its period ends, in months.
RECENT_MONTHS_YEAR = 15
RECENT_MONTHS_QUARTER = 6
PLACES = Decimal("0.01")
LARGEST = Decimal("10000000000")

# Units (stored on measures) and how a value is written in each.
PERCENT, PER_1000, COUNT, POUNDS = "percent", "per_1000", "count", "pounds"
UNIT_LABELS = {
    PERCENT: "Per cent (%)",
    PER_1000: "Rate per 1,000 population",
    COUNT: "Number",
    POUNDS: "Pounds (£)",
}

# Statuses.
ON_TRACK, NOT_ON_TRACK, NO_RECENT_DATA = "on_track", "not_on_track", "no_recent_data"
STATUS_LABELS = {
    ON_TRACK: "On track",
    NOT_ON_TRACK: "Not on track",
    NO_RECENT_DATA: "No recent data",
}

PERIOD_FORMAT = (
    'Enter a financial year like "2003/04", or a quarter of one like "2003/04 Q2" '
    "(Q1 is April to June)"
)
PERIOD_RANGE = f"Enter a year between {FIRST_YEAR} and {LAST_YEAR}"
PERIOD_SECOND_YEAR = 'The second year must follow the first, as in "2003/04"'
NUMBER_FORMAT = 'Enter a number, like 1234, "1,234", "41%" or "12.5"'
NUMBER_EMPTY = "Enter a value"
NUMBER_TOO_BIG = "Enter a value smaller than 10,000,000,000"
PERCENT_RANGE = "A percentage must be between 0 and 100"
NOT_NEGATIVE = "The value cannot be negative"


class FigureError(ValueError):
    """A period or number that cannot be read; the message says what to type instead."""


@dataclass(frozen=True)
class Period:
    """A financial year (``quarter`` 0) or one of its quarters (1-4, Q1 = April to June)."""

    year: int  # the calendar year the financial year starts in: 2000 for 2000/01
    quarter: int = 0

    @property
    def label(self) -> str:
        year = f"{self.year}/{(self.year + 1) % 100:02d}"
        return f"{year} Q{self.quarter}" if self.quarter else year

    def __str__(self) -> str:
        return self.label

    @property
    def end_index(self) -> int:
        """Quarters counted so that later periods end later; a year ends with its Q4."""
        return self.year * 4 + (self.quarter or 4)

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.end_index, 1 if self.quarter == 0 else 0)

    @property
    def ends_on(self) -> datetime.date:
        return {
            1: datetime.date(self.year, 6, 30),
            2: datetime.date(self.year, 9, 30),
            3: datetime.date(self.year, 12, 31),
        }.get(self.quarter, datetime.date(self.year + 1, 3, 31))

    def has_ended(self, as_of: datetime.date) -> bool:
        return self.ends_on <= as_of

    def is_recent(self, as_of: datetime.date) -> bool:
        months = RECENT_MONTHS_QUARTER if self.quarter else RECENT_MONTHS_YEAR
        return _add_months(self.ends_on, months) >= as_of


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """The last day of the month ``months`` after ``day``'s (periods end on a month's last day)."""
    month = day.month + months  # 1-based; the month after the one wanted
    first_of_next = datetime.date(day.year + month // 12, month % 12 + 1, 1)
    return first_of_next - datetime.timedelta(days=1)


_YEAR = r"(?P<year>\d{4})\s*[/-]\s*(?P<next>\d{2}|\d{4})"
_PERIOD_PATTERNS = [
    re.compile(rf"^{_YEAR}(?:\s*,?\s*Q(?P<quarter>[1-4]))?$", re.IGNORECASE),
    re.compile(rf"^Q(?P<quarter>[1-4])\s*,?\s*{_YEAR}$", re.IGNORECASE),
]


def parse_period(text) -> Period:
    """Read "2003/04", "2003-04", "2003/2004", "2003/04 Q2" or "Q2 2003/04"."""
    cleaned = " ".join(str(text if text is not None else "").split())
    for pattern in _PERIOD_PATTERNS:
        match = pattern.match(cleaned)
        if match:
            break
    else:
        raise FigureError(PERIOD_FORMAT)
    year, following = int(match["year"]), match["next"]
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise FigureError(PERIOD_RANGE)
    expected = year + 1
    if (len(following) == 2 and int(following) != expected % 100) or (
        len(following) == 4 and int(following) != expected
    ):
        raise FigureError(PERIOD_SECOND_YEAR)
    return Period(year, int(match["quarter"] or 0))


_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^-?\d+(\.\d+)?$|^-?\.\d+$")


def parse_number(value) -> Decimal:
    """A number typed or exported by a spreadsheet: ``1234``, ``"1,234"``, ``"41%"``,
    ``"£1,234.50"``, ``" 12.5 "``, or an int/float/Decimal. Rounded to two decimal places."""
    if isinstance(value, bool):
        raise FigureError(NUMBER_FORMAT)
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(str(value))
        except InvalidOperation as error:
            raise FigureError(NUMBER_FORMAT) from error
    else:
        text = "".join(str(value if value is not None else "").split()).replace("\u00a0", "")
        if not text:
            raise FigureError(NUMBER_EMPTY)
        text = text.removeprefix("£").removesuffix("%")
        if text.startswith("-£"):
            text = "-" + text[2:]
        if _GROUPED.match(text):
            text = text.replace(",", "")
        if not _PLAIN.match(text):
            raise FigureError(NUMBER_FORMAT)
        number = Decimal(text)
    if not number.is_finite():
        raise FigureError(NUMBER_FORMAT)
    if abs(number) >= LARGEST:
        raise FigureError(NUMBER_TOO_BIG)
    return number.quantize(PLACES, rounding=ROUND_HALF_UP)


def check_value(value: Decimal, unit: str) -> str | None:
    """What is wrong with ``value`` in ``unit``, or None."""
    if value < 0:
        return NOT_NEGATIVE
    if unit == PERCENT and value > 100:
        return PERCENT_RANGE
    return None


def plain_number(value) -> str:
    """``Decimal("41.00")`` as "41", ``Decimal("1234.50")`` as "1,234.5"."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_value(value, unit: str) -> str:
    """A value as people write it in that unit: "41%", "85.2 per 1,000", "£1,234", "1,234"."""
    if value is None:
        return "–"
    number = plain_number(value)
    if unit == PERCENT:
        return f"{number}%"
    if unit == PER_1000:
        return f"{number} per 1,000"
    if unit == POUNDS:
        return f"-£{number[1:]}" if number.startswith("-") else f"£{number}"
    return number


@dataclass(frozen=True)
class Point:
    period: Period
    value: Decimal


@dataclass(frozen=True)
class Judgement:
    status: str
    reason: str
    expected: Decimal | None = None  # the straight-line value for the latest period, if any

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def _at_least_as_good(value: Decimal, other: Decimal, higher_is_better: bool) -> bool:
    return value >= other if higher_is_better else value <= other


def judge(
    *,
    higher_is_better: bool,
    baseline: Point | None,
    target: Point | None,
    latest: Point | None,
    as_of: datetime.date,
    unit: str = COUNT,
) -> Judgement:
    """The status of one measure on ``as_of`` (see the module's docstring for the rule)."""
    show = lambda v: format_value(v, unit)  # noqa: E731
    if latest is None:
        return Judgement(NO_RECENT_DATA, "No figure has been entered yet.")
    if not latest.period.is_recent(as_of):
        return Judgement(
            NO_RECENT_DATA, f"The latest figure is for {latest.period}, which is not recent."
        )
    if baseline is None or target is None:
        return Judgement(NO_RECENT_DATA, "There is no baseline and target to judge it against.")
    if _at_least_as_good(latest.value, target.value, higher_is_better):
        return Judgement(
            ON_TRACK, f"{show(latest.value)} reaches the target of {show(target.value)}."
        )
    if latest.period.end_index > target.period.end_index:
        return Judgement(
            NOT_ON_TRACK,
            f"The target of {show(target.value)} by {target.period} was not reached.",
        )
    span = target.period.end_index - baseline.period.end_index
    if span <= 0:
        share = Decimal(1)
    else:
        elapsed = latest.period.end_index - baseline.period.end_index
        share = min(max(Decimal(elapsed) / Decimal(span), Decimal(0)), Decimal(1))
    expected = (baseline.value + (target.value - baseline.value) * share).quantize(
        PLACES, rounding=ROUND_HALF_UP
    )
    if _at_least_as_good(latest.value, expected, higher_is_better):
        return Judgement(
            ON_TRACK,
            f"{show(latest.value)} is at or better than the {show(expected)} expected by "
            f"{latest.period} on the way to {show(target.value)}.",
            expected,
        )
    return Judgement(
        NOT_ON_TRACK,
        f"{show(latest.value)} is worse than the {show(expected)} expected by {latest.period} "
        f"on the way to {show(target.value)}.",
        expected,
    )


def progress_share(baseline: Decimal, target: Decimal, latest: Decimal) -> Decimal:
    """How far from baseline to target the latest figure has come (1 = there; may be negative)."""
    if target == baseline:
        return Decimal(1)
    return (latest - baseline) / (target - baseline)
