"""Forms of the scorecard. Every field is checked on the server; values and periods are typed as
people write them ("41%", "1,234", "2003/04 Q2") and read by ``scorecard.figures``."""

import re

from django import forms
from django.core.exceptions import ValidationError

from pages.text import CleanTextMixin
from partnerships.models import Agency
from scorecard import figures
from scorecard.models import Direction, Frequency, MeasureDefinition, Perspective, Unit
from threads.models import CatalogueVersion

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,19}$")
CODE_FORMAT = "Use 2 to 20 capital letters, digits and dashes, starting with a letter or digit"
UNKNOWN_EVIDENCE = "{codes}: not a code of the catalogue (use codes like LR-8 or LR-8.1)"
BASELINE_PERIOD_MISSING = "Enter the period of the baseline"
BASELINE_VALUE_MISSING = "Enter the baseline value"
TARGET_PERIOD_MISSING = "Enter the period by which the target should be reached"
TARGET_VALUE_MISSING = "Enter the target value"
TARGET_NEEDS_BASELINE = "Enter a baseline first: a target is measured from it"
TARGET_NOT_LATER = "The target's period must come after the baseline's"
TARGET_WORSE = "The target must be at least as good as the baseline ({direction})"
CHOOSE_SOURCE = "Choose a measure from the library, or write your own"


def _value_field(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=30, help_text=help_text)


def _period_field(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=20, help_text=help_text)


class MeasureForm(CleanTextMixin, forms.Form):
    """A measure of the scorecard. Adopting from the library (``definition``) leaves out code,
    name, definition, unit, direction and perspective: they stay the library's."""

    code = forms.CharField(max_length=20, help_text=CODE_FORMAT + ", e.g. YOUTH-DIVERSION.")
    name = forms.CharField(max_length=120, help_text="Short, as it reads in a sentence.")
    definition = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Exactly what is counted, and over what population.",
    )
    unit = forms.ChoiceField(choices=Unit.choices)
    direction = forms.ChoiceField(
        choices=Direction.choices, widget=forms.RadioSelect, label="Which direction is better"
    )
    perspective = forms.ModelChoiceField(queryset=Perspective.objects.all(), empty_label=None)
    frequency = forms.ChoiceField(
        choices=Frequency.choices, widget=forms.RadioSelect, label="Figures are collected"
    )
    owner = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        label="Owner agency",
        help_text="The partner agency that supplies the figures; its respondent can enter them.",
    )
    data_source = forms.CharField(max_length=200, required=False, label="Data source")
    priority = forms.CharField(
        max_length=200, required=False, label="Strategy priority", help_text="Optional."
    )
    evidences = forms.CharField(
        max_length=200,
        required=False,
        label="Evidence for",
        help_text="Catalogue codes of the recommendations or indicators it is evidence for, "
        "separated by spaces or commas, e.g. LR-8.1 LR-4.",
    )
    baseline_value = _value_field("Baseline value", "For example 41%, 1,234 or 85.2.")
    baseline_period = _period_field(
        "Baseline period", "The year or quarter it was measured in, e.g. 2000/01 or 2000/01 Q1."
    )
    target_value = _value_field("Target value")
    target_period = _period_field("Target period", "The year or quarter by which, e.g. 2005/06.")

    LIBRARY_FIELDS = ("code", "name", "definition", "unit", "direction", "perspective")

    def __init__(self, *args, partnership, definition: MeasureDefinition | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.definition = definition
        self.fields["owner"].queryset = Agency.objects.filter(partnership=partnership)
        self.fields["frequency"].initial = Frequency.YEAR
        if definition is not None:
            for name in self.LIBRARY_FIELDS:
                del self.fields[name]
            self.fields["data_source"].initial = definition.data_source
            self.fields["evidences"].initial = definition.evidences

    @classmethod
    def initial_for(cls, measure) -> dict:
        """The form's initial data for an existing measure."""
        initial = {
            name: getattr(measure, name)
            for name in (
                "code",
                "name",
                "definition",
                "unit",
                "direction",
                "frequency",
                "data_source",
                "priority",
                "evidences",
            )
        }
        initial["perspective"] = measure.perspective_id
        initial["owner"] = measure.owner_id
        if measure.baseline is not None:
            initial["baseline_value"] = figures.plain_number(measure.baseline_value)
            initial["baseline_period"] = measure.baseline_period.label
        if measure.target is not None:
            initial["target_value"] = figures.plain_number(measure.target_value)
            initial["target_period"] = measure.target_period.label
        return initial

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if not CODE_PATTERN.match(code):
            raise ValidationError(CODE_FORMAT)
        return code

    def clean_evidences(self):
        codes = [c.upper() for c in re.split(r"[\s,;]+", self.cleaned_data["evidences"]) if c]
        if not codes:
            return ""
        version = CatalogueVersion.objects.filter(is_current=True).first()
        known = set()
        if version is not None:
            known |= set(version.threads.values_list("code", flat=True))
            known |= set(version.indicators.values_list("code", flat=True))
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise ValidationError(UNKNOWN_EVIDENCE.format(codes=", ".join(unknown)))
        return " ".join(dict.fromkeys(codes))

    def _unit(self) -> str | None:
        return self.definition.unit if self.definition else self.cleaned_data.get("unit")

    def _direction(self) -> str | None:
        return self.definition.direction if self.definition else self.cleaned_data.get("direction")

    def _read(self, prefix: str, value_missing: str, period_missing: str):
        """(value, period) of the baseline or target, adding errors to the fields; (None, None)
        when both are empty or either is wrong."""
        raw_value = (self.cleaned_data.get(f"{prefix}_value") or "").strip()
        raw_period = (self.cleaned_data.get(f"{prefix}_period") or "").strip()
        if not raw_value and not raw_period:
            return None, None
        value = period = None
        if not raw_value:
            self.add_error(f"{prefix}_value", value_missing)
        else:
            try:
                value = figures.parse_number(raw_value)
            except figures.FigureError as error:
                self.add_error(f"{prefix}_value", str(error))
            else:
                unit = self._unit()
                problem = figures.check_value(value, unit) if unit else None
                if problem:
                    self.add_error(f"{prefix}_value", problem)
                    value = None
        if not raw_period:
            self.add_error(f"{prefix}_period", period_missing)
        else:
            try:
                period = figures.parse_period(raw_period)
            except figures.FigureError as error:
                self.add_error(f"{prefix}_period", str(error))
        if value is None or period is None:
            return None, None
        return value, period

    def clean(self):
        cleaned = super().clean()
        baseline = self._read("baseline", BASELINE_VALUE_MISSING, BASELINE_PERIOD_MISSING)
        target = self._read("target", TARGET_VALUE_MISSING, TARGET_PERIOD_MISSING)
        has_target_text = (
            cleaned.get("target_value") or cleaned.get("target_period") or ""
        ).strip()
        has_baseline_text = (
            cleaned.get("baseline_value") or cleaned.get("baseline_period") or ""
        ).strip()
        if has_target_text and not has_baseline_text:
            self.add_error("baseline_value", TARGET_NEEDS_BASELINE)
        if baseline[0] is not None and target[0] is not None:
            if target[1].sort_key <= baseline[1].sort_key:
                self.add_error("target_period", TARGET_NOT_LATER)
            direction = self._direction()
            worse = (
                target[0] < baseline[0] if direction == Direction.UP else target[0] > baseline[0]
            )
            if direction and worse:
                self.add_error(
                    "target_value",
                    TARGET_WORSE.format(direction=Direction(direction).label.lower()),
                )
        for prefix, (value, period) in (("baseline", baseline), ("target", target)):
            cleaned[f"{prefix}_value"] = value
            cleaned[f"{prefix}_year"] = period.year if period else None
            cleaned[f"{prefix}_quarter"] = period.quarter if period else None
        return cleaned


class ChooseMeasureForm(forms.Form):
    """Step one of adding a measure: a library definition, or "own"."""

    source = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Where the measure comes from",
        error_messages={
            "required": CHOOSE_SOURCE,
            "invalid_choice": CHOOSE_SOURCE,
        },
    )

    def __init__(self, *args, definitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            (d.code, f"{d.name} ({d.code}, {d.perspective.name.lower()})") for d in definitions
        ] + [("own", "Write our own measure")]


class ActualForm(CleanTextMixin, forms.Form):
    period = forms.CharField(
        max_length=20,
        help_text="A financial year like 2003/04, or a quarter like 2003/04 Q2 (Q1 is April to "
        "June).",
    )
    value = forms.CharField(max_length=30, help_text="For example 41%, 1,234 or 85.2.")
    note = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional: anything a reader should know about this figure.",
    )
    replace = forms.BooleanField(
        required=False, label="Replace it", help_text="If this period already has a figure."
    )

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        if measure.is_quarterly:
            self.fields[
                "period"
            ].help_text = "A quarter of a financial year, like 2003/04 Q2 (Q1 is April to June)."
        else:
            self.fields["period"].help_text = "A financial year, like 2003/04."

    def clean_period(self):
        try:
            return figures.parse_period(self.cleaned_data["period"])
        except figures.FigureError as error:
            raise ValidationError(str(error)) from error

    def clean_value(self):
        try:
            value = figures.parse_number(self.cleaned_data["value"])
        except figures.FigureError as error:
            raise ValidationError(str(error)) from error
        problem = figures.check_value(value, self.measure.unit)
        if problem:
            raise ValidationError(problem)
        return value


class ImportForm(forms.Form):
    file = forms.FileField(
        label="File of figures",
        help_text="CSV or Excel (.xlsx), 2 MB at most, with the columns measure code, period, "
        "value and note.",
    )
