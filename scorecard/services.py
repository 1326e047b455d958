"""Writes to a scorecard: measures (own or adopted from the library) and their actuals, one at a
time or from a file that is checked whole before anything is written."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from partnerships.models import Membership
from scorecard import figures
from scorecard.imports import DATE_CELL, DateCell, ReadFile
from scorecard.models import Actual, Measure, MeasureDefinition

PERIOD_EXISTS = "There is already a figure for {period} ({value}). Tick “Replace it” to change it."
WANTS_QUARTER = "This measure takes a figure each quarter: enter a quarter, like 2003/04 Q2"
WANTS_YEAR = "This measure takes a figure each financial year: enter a year, like 2003/04"
NOT_ENDED = "{period} has not ended yet"
CODE_TAKEN = "This scorecard already has a measure with the code {code}"
ALREADY_ADOPTED = "This scorecard already has {code}: change that measure instead"
CODE_IN_LIBRARY = (
    "{code} is a code of the national library: adopt that measure instead, or choose another code"
)
OWNER_ELSEWHERE = "Choose an agency of this partnership"
NO_CODE = "Enter the measure code"
UNKNOWN_CODE = "This scorecard has no measure with the code {code}"
NOT_YOURS = "You can enter figures only for the measures {agency} owns"
DUPLICATE_ROW = "Row {row} has the same measure and period"
NOTE_TOO_LONG = "The note must be 500 characters or fewer"
FREQUENCY_LOCKED = (
    "This measure already has figures for each {current}: its figures cannot change to another "
    "kind of period"
)

#: Fields the coordinator sets on any measure; an adopted measure takes the rest from the library.
LOCAL_FIELDS = (
    "frequency",
    "data_source",
    "owner",
    "priority",
    "evidences",
    "baseline_value",
    "baseline_year",
    "baseline_quarter",
    "target_value",
    "target_year",
    "target_quarter",
    "order",
)
LIBRARY_FIELDS = ("code", "name", "definition", "unit", "direction", "perspective")


def _check_owner(partnership, owner) -> None:
    if owner is not None and owner.partnership_id != partnership.pk:
        raise ValidationError({"owner": OWNER_ELSEWHERE})


@transaction.atomic
def measure_create(
    *, partnership, fields: dict, adopted_from: MeasureDefinition | None = None
) -> Measure:
    """A new measure: ``fields`` as the measure form cleans them. When ``adopted_from`` is given,
    code, name, definition, unit, direction and perspective come from the library."""
    values = {k: v for k, v in fields.items() if k in LOCAL_FIELDS + LIBRARY_FIELDS}
    if adopted_from is not None:
        values.update({f: getattr(adopted_from, f) for f in LIBRARY_FIELDS})
        if not values.get("data_source"):
            values["data_source"] = adopted_from.data_source
        if partnership.measures.filter(code=adopted_from.code).exists():
            raise ValidationError(ALREADY_ADOPTED.format(code=adopted_from.code))
    else:
        code = values.get("code", "")
        if MeasureDefinition.objects.filter(code=code).exists():
            raise ValidationError({"code": CODE_IN_LIBRARY.format(code=code)})
        if partnership.measures.filter(code=code).exists():
            raise ValidationError({"code": CODE_TAKEN.format(code=code)})
    _check_owner(partnership, values.get("owner"))
    return Measure.objects.create(partnership=partnership, adopted_from=adopted_from, **values)


@transaction.atomic
def measure_update(*, measure: Measure, fields: dict) -> Measure:
    """Change a measure. An adopted measure keeps the library's code, name, unit and direction;
    an own measure's code may change while no other measure of the scorecard has it."""
    allowed = LOCAL_FIELDS if measure.adopted_from_id else LOCAL_FIELDS + LIBRARY_FIELDS
    values = {k: v for k, v in fields.items() if k in allowed}
    code = values.get("code")
    if code and code != measure.code:
        if MeasureDefinition.objects.filter(code=code).exists():
            raise ValidationError({"code": CODE_IN_LIBRARY.format(code=code)})
        if measure.partnership.measures.filter(code=code).exclude(pk=measure.pk).exists():
            raise ValidationError({"code": CODE_TAKEN.format(code=code)})
    _check_owner(measure.partnership, values.get("owner", measure.owner))
    frequency = values.get("frequency", measure.frequency)
    if frequency != measure.frequency and measure.actuals.exists():
        current = "quarter" if measure.is_quarterly else "year"
        raise ValidationError({"frequency": FREQUENCY_LOCKED.format(current=current)})
    for key, value in values.items():
        setattr(measure, key, value)
    measure.updated_at = timezone.now()
    measure.full_clean(exclude=["partnership", "perspective", "owner", "adopted_from"])
    measure.save()
    return measure


def period_problem(measure: Measure, period: figures.Period, today: datetime.date) -> str | None:
    """Why ``period`` cannot take a figure for ``measure``, or None."""
    if measure.is_quarterly and not period.quarter:
        return WANTS_QUARTER
    if not measure.is_quarterly and period.quarter:
        return WANTS_YEAR
    if not period.has_ended(today):
        return NOT_ENDED.format(period=period)
    return None


@transaction.atomic
def actual_record(
    *,
    measure: Measure,
    period: figures.Period,
    value,
    note: str = "",
    by,
    replace: bool = False,
    today: datetime.date | None = None,
) -> tuple[Actual, object]:
    """Record the figure for ``period``; returns (actual, the value it replaced or None).

    Refuses (ValidationError on ``period``) a period of the wrong kind, one not yet ended, or one
    that already has a figure unless ``replace``."""
    today = today or timezone.localdate()
    problem = period_problem(measure, period, today)
    if problem:
        raise ValidationError({"period": problem})
    existing = (
        Actual.objects.select_for_update()
        .filter(measure=measure, year=period.year, quarter=period.quarter)
        .first()
    )
    if existing is not None and not replace:
        raise ValidationError(
            {"period": PERIOD_EXISTS.format(period=period, value=measure.show(existing.value))}
        )
    previous = existing.value if existing is not None else None
    actual = existing or Actual(measure=measure, year=period.year, quarter=period.quarter)
    actual.value, actual.note, actual.entered_by = value, note, by
    actual.entered_at = timezone.now()
    actual.save()
    return actual, previous


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, {self.column}: {self.message}"


@dataclass
class ImportCheck:
    """A file checked against a scorecard: what would be written, and every problem."""

    error: str | None = None
    problems: list[Problem] = field(default_factory=list)
    rows: list[tuple[Measure, figures.Period, object, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and not self.problems


@dataclass(frozen=True)
class ImportResult:
    created: int
    replaced: int


def actuals_check(
    *, partnership, read: ReadFile, user=None, today: datetime.date | None = None
) -> ImportCheck:
    """Check every row of ``read`` against ``partnership``'s measures; writes nothing.

    ``user`` None (the management command) may enter any measure's figures; a respondent only
    their own agency's."""
    if read.error:
        return ImportCheck(error=read.error)
    today = today or timezone.localdate()
    measures = {m.code: m for m in partnership.measures.select_related("owner")}
    allowed = None  # every measure
    agency = None
    if user is not None and not user.has_perm("scorecard.manage_measures", partnership):
        membership = (
            Membership.objects.filter(user_id=user.pk, partnership=partnership)
            .select_related("agency")
            .first()
        )
        agency = membership.agency if membership else None
        allowed = {m.code for m in measures.values() if agency and m.owner_id == agency.pk}
    check = ImportCheck()
    seen: dict[tuple[str, figures.Period], int] = {}
    for row in read.rows:
        problems: list[Problem] = []

        def problem(column: str, message: str, row=row, problems=problems) -> None:
            problems.append(Problem(row.number, column, message))

        code = " ".join(str(row.cells.get("measure code") or "").split()).upper()
        measure = measures.get(code)
        if not code:
            problem("measure code", NO_CODE)
        elif measure is None:
            problem("measure code", UNKNOWN_CODE.format(code=code))
        elif allowed is not None and code not in allowed:
            problem(
                "measure code", NOT_YOURS.format(agency=agency.name if agency else "your agency")
            )
            measure = None
        period_cell = row.cells.get("period")
        period = None
        if isinstance(period_cell, DateCell):
            problem("period", DATE_CELL)
        else:
            try:
                period = figures.parse_period(period_cell)
            except figures.FigureError as error:
                problem("period", str(error))
        if period is not None and measure is not None:
            wrong = period_problem(measure, period, today)
            if wrong:
                problem("period", wrong)
                period = None
        value = None
        try:
            value = figures.parse_number(row.cells.get("value"))
        except figures.FigureError as error:
            problem("value", str(error))
        if value is not None and measure is not None:
            wrong = figures.check_value(value, measure.unit)
            if wrong:
                problem("value", wrong)
        note = " ".join(str(row.cells.get("note") or "").split())
        if len(note) > 500:
            problem("note", NOTE_TOO_LONG)
        if measure is not None and period is not None:
            key = (measure.code, period)
            if key in seen:
                problem("period", DUPLICATE_ROW.format(row=seen[key]))
            else:
                seen[key] = row.number
        if problems:
            check.problems.extend(problems)
        else:
            check.rows.append((measure, period, value, note))
    return check


@transaction.atomic
def actuals_import(*, check: ImportCheck, by=None) -> ImportResult:
    """Write the figures of a check that found no problem: all of them, or (if it found any
    problem) none. A figure for a period that already has one replaces it."""
    if not check.ok:
        raise ValidationError("The file has problems: nothing was written.")
    measure_ids = {m.pk for m, _p, _v, _n in check.rows}
    existing = {
        (a.measure_id, a.year, a.quarter): a
        for a in Actual.objects.select_for_update().filter(measure_id__in=measure_ids)
    }
    now = timezone.now()
    new, changed = [], []
    for measure, period, value, note in check.rows:
        actual = existing.get((measure.pk, period.year, period.quarter))
        if actual is None:
            new.append(
                Actual(
                    measure=measure,
                    year=period.year,
                    quarter=period.quarter,
                    value=value,
                    note=note,
                    entered_by=by,
                    entered_at=now,
                )
            )
        else:
            actual.value, actual.note, actual.entered_by, actual.entered_at = value, note, by, now
            changed.append(actual)
    Actual.objects.bulk_create(new)
    Actual.objects.bulk_update(changed, ["value", "note", "entered_by", "entered_at"])
    return ImportResult(created=len(new), replaced=len(changed))
