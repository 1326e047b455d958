"""Forms of the assessment workflow. Every field is validated on the server."""

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError

from assessments.models import Action, Cycle
from assessments.services import Answer
from pages.text import CleanTextMixin
from partnerships.models import Agency
from scorecard.selectors import WORKING_LEVEL

DONT_KNOW = "dk"
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
#: extension -> the file signatures accepted for it (Office/OpenDocument are zip or OLE files).
ZIP, OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
EVIDENCE_TYPES = {
    ".pdf": (b"%PDF",),
    ".doc": (OLE,),
    ".xls": (OLE,),
    ".ppt": (OLE,),
    ".docx": (ZIP,),
    ".xlsx": (ZIP,),
    ".pptx": (ZIP,),
    ".odt": (ZIP,),
    ".ods": (ZIP,),
    ".odp": (ZIP,),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
}
FILE_TOO_BIG = "The file must be 10 MB or smaller."
FILE_WRONG_TYPE = (
    "The file must be a PDF, an Office or OpenDocument file, or an image (PNG, JPEG, GIF)."
)
NOTE_REQUIRED = "Describe the evidence for a level of {level} or above."
LEVEL_FOR_NOTE = "Choose a level, or Don't know, to save this note."
LEVELS_ARE_CUMULATIVE = (
    "Levels build on each other: choose the highest level whose description holds in full, "
    "together with everything described at the levels below it."
)
INDICATOR_NOT_IN_RECOMMENDATION = "Choose an indicator of {code}, or leave the indicator empty."
SCORECARD_REASON = (
    "The scorecard has no measure with a baseline, a target and a recent figure: say in the "
    "reason how the scorecard shows level {level} without one (mention the scorecard), or "
    "choose a lower level."
)


def validate_evidence(upload) -> None:
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(FILE_TOO_BIG)
    signatures = EVIDENCE_TYPES.get(Path(upload.name).suffix.lower())
    head = upload.read(8)
    upload.seek(0)
    if not signatures or not any(head.startswith(sig) for sig in signatures):
        raise ValidationError(FILE_WRONG_TYPE)


class SectionForm(CleanTextMixin, forms.Form):
    """One section (a local recommendation): a level, a note and optional evidence per indicator.

    ``revisions`` holds the revision of each existing answer when the form was opened, carried in
    hidden fields so a later save can tell whether someone else changed the same indicator.
    """

    note_required_from = 2
    levels_hint = LEVELS_ARE_CUMULATIVE

    def __init__(
        self, *args, indicators, levels, existing, initial_levels=None, scorecard_codes=(), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        # Indicators whose reason must answer for a scorecard without an evidenced measure when
        # rated "working" or above (see scorecard.selectors.EVIDENCED_INDICATORS).
        self.scorecard_codes = tuple(scorecard_codes)
        choices = [(str(level), label) for level, label in levels] + [(DONT_KNOW, "Don't know")]
        initial_levels = initial_levels or {}
        for indicator in self.indicators:
            current = existing.get(indicator.pk)
            level_initial = None
            if current is not None:
                level_initial = DONT_KNOW if current.level is None else str(current.level)
            elif indicator.pk in initial_levels:
                level_initial = str(initial_levels[indicator.pk])
            code = indicator.code
            self.fields[f"level-{code}"] = forms.ChoiceField(
                choices=choices,
                required=False,
                initial=level_initial,
                widget=forms.RadioSelect,
                label=f"{code}: {indicator.statement}",
            )
            self.fields[f"note-{code}"] = forms.CharField(
                required=False,
                initial=current.note if current else "",
                widget=forms.Textarea(attrs={"rows": 3}),
                label="Evidence note",
                max_length=4000,
            )
            self.fields[f"revision-{code}"] = forms.IntegerField(
                required=False,
                min_value=0,
                initial=current.revision if current else 0,
                widget=forms.HiddenInput,
            )
            self.fields[f"file-{code}"] = forms.FileField(
                required=False, label="Evidence file (optional)", validators=[validate_evidence]
            )

    def clean(self):
        cleaned = super().clean()
        for indicator in self.indicators:
            code = indicator.code
            level = cleaned.get(f"level-{code}")
            note = (cleaned.get(f"note-{code}") or "").strip()
            if level and level != DONT_KNOW and int(level) >= self.note_required_from and not note:
                self.add_error(f"note-{code}", NOTE_REQUIRED.format(level=self.note_required_from))
            if not level and note:  # would otherwise be dropped without a word
                self.add_error(f"level-{code}", LEVEL_FOR_NOTE)
            if (
                code in self.scorecard_codes
                and level
                and level != DONT_KNOW
                and int(level) >= WORKING_LEVEL
                and "scorecard" not in note.lower()
            ):
                self.add_error(f"note-{code}", SCORECARD_REASON.format(level=level))
        return cleaned

    def rows(self):
        """(indicator, level field, note field, revision field, file field) for the template."""
        for indicator in self.indicators:
            code = indicator.code
            yield {
                "indicator": indicator,
                "level": self[f"level-{code}"],
                "note": self[f"note-{code}"],
                "revision": self[f"revision-{code}"],
                "file": self[f"file-{code}"],
            }

    def answers(self) -> list[Answer]:
        out = []
        for indicator in self.indicators:
            code = indicator.code
            level = self.cleaned_data.get(f"level-{code}")
            if not level:
                continue
            out.append(
                Answer(
                    indicator=indicator,
                    level=None if level == DONT_KNOW else int(level),
                    note=(self.cleaned_data.get(f"note-{code}") or "").strip(),
                    seen_revision=self.cleaned_data.get(f"revision-{code}") or 0,
                )
            )
        return out

    def uploads(self):
        for indicator in self.indicators:
            upload = self.cleaned_data.get(f"file-{indicator.code}")
            if upload:
                yield indicator, upload


class StartAssessmentForm(CleanTextMixin, forms.Form):
    cycle = forms.ModelChoiceField(queryset=Cycle.objects.none(), empty_label=None)

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = Cycle.objects.exclude(
            assessments__partnership=partnership
        ).order_by("-opens_on")


class DecisionForm(CleanTextMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[("approved", "Approve (the assessment is locked)"), ("returned", "Return it")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required when returning: say what needs to change.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "returned" and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", "Say why you are returning the assessment.")
        return cleaned


class CommentForm(CleanTextMixin, forms.Form):
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SuggestionForm(forms.Form):
    """Owner and due date, asked for when a suggested action is accepted."""

    owner = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Owner agency",
        error_messages={"required": "Choose the agency that owns this action."},
    )
    due_on = forms.DateField(
        label="Due date",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter the date the action is due.",
            "invalid": "Enter a real date, for example 31/3/2005.",
        },
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Agency.objects.filter(partnership=partnership).order_by(
            "name"
        )


class ActionForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Action
        fields = ["title", "recommendation", "indicator", "owner", "due_on", "status"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}
        labels = {"owner": "Owner agency"}

    def __init__(self, *args, partnership, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Agency.objects.filter(partnership=partnership)
        if version is not None:
            self.fields["recommendation"].queryset = version.threads.filter(
                kind="local_recommendation"
            ).order_by("order")
            self.fields["indicator"].queryset = version.indicators.order_by(
                "thread__order", "order"
            )
        else:
            self.fields["recommendation"].queryset = self.fields["recommendation"].queryset.none()
            self.fields["indicator"].queryset = self.fields["indicator"].queryset.none()

    def clean(self):
        cleaned = super().clean()
        recommendation, indicator = cleaned.get("recommendation"), cleaned.get("indicator")
        if recommendation and indicator and indicator.thread_id != recommendation.pk:
            self.add_error(
                "indicator", INDICATOR_NOT_IN_RECOMMENDATION.format(code=recommendation.code)
            )
        return cleaned
