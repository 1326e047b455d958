"""A partnership's balanced scorecard (report 3.2 (v), LR-8): perspectives, measures, actuals.

* :class:`Perspective` — the four sides of the scorecard, admin-edited; the defaults are the
  catalogue's own reading of Audit Scotland's *Safe and Sound* (2000) balanced scorecard for a
  community safety partnership.
* :class:`MeasureDefinition` — the national library (admins). A partnership that adopts one keeps
  its code, so the national comparison can line partnerships up on it.
* :class:`Measure` — one measure of one partnership: adopted (``definition`` set, same code) or its
  own, with a baseline and a target, each a value and a period.
* :class:`Actual` — the figure for one period (a financial year or a quarter).

Periods are stored as ``year`` (2000 for 2000/01) and ``quarter`` (1-4, 0 for the whole year);
``scorecard.figures.Period`` reads and writes them. Status is never stored: see
``scorecard.figures.judge``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Agency, Partnership
from scorecard import figures
from scorecard.figures import Period

YEAR_RANGE = Q(year__gte=figures.FIRST_YEAR) & Q(year__lte=figures.LAST_YEAR)
CODE_HELP = "Capitals, digits and dashes, e.g. CRIME-RATE; used in files and URLs."


class Unit(models.TextChoices):
    PERCENT = figures.PERCENT, figures.UNIT_LABELS[figures.PERCENT]
    PER_1000 = figures.PER_1000, figures.UNIT_LABELS[figures.PER_1000]
    COUNT = figures.COUNT, figures.UNIT_LABELS[figures.COUNT]
    POUNDS = figures.POUNDS, figures.UNIT_LABELS[figures.POUNDS]


class Direction(models.TextChoices):
    UP = "up", "Higher is better"
    DOWN = "down", "Lower is better"


class Frequency(models.TextChoices):
    YEAR = "year", "Each financial year"
    QUARTER = "quarter", "Each quarter"


class Perspective(models.Model):
    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=80, unique=True)
    description = models.TextField(
        blank=True, help_text="What this side of the scorecard asks, shown on the scorecard."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class MeasureFields(models.Model):
    """What a library definition and a partnership's measure share."""

    code = models.CharField(max_length=20, help_text=CODE_HELP)
    name = models.CharField(max_length=120)
    definition = models.TextField(help_text="Exactly what is counted, and over what population.")
    unit = models.CharField(max_length=10, choices=Unit.choices)
    direction = models.CharField(max_length=4, choices=Direction.choices)
    perspective = models.ForeignKey(Perspective, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def higher_is_better(self) -> bool:
        return self.direction == Direction.UP

    def show(self, value) -> str:
        return figures.format_value(value, self.unit)


class MeasureDefinition(MeasureFields):
    """A measure in the national library, for partnerships to adopt."""

    perspective = models.ForeignKey(
        Perspective, on_delete=models.PROTECT, related_name="definitions"
    )
    data_source = models.CharField(max_length=200, blank=True, help_text="The usual source.")
    evidences = models.CharField(
        "evidence for",
        max_length=200,
        blank=True,
        help_text="Catalogue codes this measure is evidence for, e.g. LR-8.1 KLI-5.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="definition_code_unique"),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z0-9][A-Z0-9-]*$"), name="definition_code_format"
            ),
            models.CheckConstraint(condition=Q(unit__in=Unit.values), name="definition_unit_valid"),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="definition_direction_valid"
            ),
        ]


class Measure(MeasureFields):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="measures")
    perspective = models.ForeignKey(Perspective, on_delete=models.PROTECT, related_name="measures")
    adopted_from = models.ForeignKey(
        MeasureDefinition,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoptions",
        help_text="The library definition this measure adopts (same code, name and unit).",
    )
    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.YEAR)
    data_source = models.CharField(max_length=200, blank=True)
    owner = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measures",
        help_text="The partner agency that supplies the figures; its respondent enters them.",
    )
    priority = models.CharField("strategy priority", max_length=200, blank=True)
    evidences = models.CharField(
        "evidence for",
        max_length=200,
        blank=True,
        help_text="Catalogue codes of the recommendations or indicators it evidences.",
    )
    baseline_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    baseline_quarter = models.PositiveSmallIntegerField(null=True, blank=True)
    target_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(null=True, blank=True)
    target_quarter = models.PositiveSmallIntegerField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["partnership_id", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name="measure_code_unique"),
            models.UniqueConstraint(
                fields=["partnership", "adopted_from"],
                condition=Q(adopted_from__isnull=False),
                name="measure_adopted_once",
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z0-9][A-Z0-9-]*$"), name="measure_code_format"
            ),
            models.CheckConstraint(condition=Q(unit__in=Unit.values), name="measure_unit_valid"),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="measure_direction_valid"
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="measure_frequency_valid"
            ),
            # A baseline and a target are each a value and a period, all or nothing.
            models.CheckConstraint(
                condition=Q(
                    baseline_value__isnull=True,
                    baseline_year__isnull=True,
                    baseline_quarter__isnull=True,
                )
                | Q(
                    baseline_value__isnull=False,
                    baseline_year__isnull=False,
                    baseline_quarter__isnull=False,
                    baseline_year__gte=figures.FIRST_YEAR,
                    baseline_year__lte=figures.LAST_YEAR,
                    baseline_quarter__lte=4,
                ),
                name="measure_baseline_complete",
            ),
            models.CheckConstraint(
                condition=Q(
                    target_value__isnull=True, target_year__isnull=True, target_quarter__isnull=True
                )
                | Q(
                    target_value__isnull=False,
                    target_year__isnull=False,
                    target_quarter__isnull=False,
                    target_year__gte=figures.FIRST_YEAR,
                    target_year__lte=figures.LAST_YEAR,
                    target_quarter__lte=4,
                ),
                name="measure_target_complete",
            ),
            # A target needs a baseline, comes in a later year or the same one, and is no worse.
            models.CheckConstraint(
                condition=Q(target_value__isnull=True)
                | Q(baseline_value__isnull=False, target_year__gte=F("baseline_year")),
                name="measure_target_after_baseline",
            ),
            models.CheckConstraint(
                condition=Q(target_value__isnull=True)
                | Q(direction="up", target_value__gte=F("baseline_value"))
                | Q(direction="down", target_value__lte=F("baseline_value")),
                name="measure_target_not_worse",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse(
            "scorecard:measure", kwargs={"slug": self.partnership.slug, "code": self.code}
        )

    @property
    def baseline_period(self) -> Period | None:
        if self.baseline_year is None:
            return None
        return Period(self.baseline_year, self.baseline_quarter or 0)

    @property
    def target_period(self) -> Period | None:
        if self.target_year is None:
            return None
        return Period(self.target_year, self.target_quarter or 0)

    @property
    def baseline(self) -> figures.Point | None:
        period = self.baseline_period
        return None if period is None else figures.Point(period, self.baseline_value)

    @property
    def target(self) -> figures.Point | None:
        period = self.target_period
        return None if period is None else figures.Point(period, self.target_value)

    @property
    def is_quarterly(self) -> bool:
        return self.frequency == Frequency.QUARTER


class Actual(models.Model):
    """The figure for one period of one measure."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="actuals")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(default=0, help_text="1-4, or 0 for the year")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.CharField(max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["measure_id", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "year", "quarter"], name="actual_one_per_period"
            ),
            models.CheckConstraint(condition=YEAR_RANGE, name="actual_year_range"),
            models.CheckConstraint(condition=Q(quarter__lte=4), name="actual_quarter_range"),
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.period}: {self.value}"

    @property
    def period(self) -> Period:
        return Period(self.year, self.quarter)

    @property
    def point(self) -> figures.Point:
        return figures.Point(self.period, self.value)
