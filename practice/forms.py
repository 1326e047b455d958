"""Forms of the practice library. Every field is validated on the server."""

from django import forms
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from assessments.forms import validate_evidence
from pages.text import CleanTextMixin
from partnerships.models import Partnership
from practice.models import Example
from practice.selectors import Filters, partnerships_named
from threads.models import CatalogueVersion, Indicator, Thread

NO_PARTNERSHIP = "Choose the partnership the example comes from."
NO_SUCH_PARTNERSHIP = "No partnership’s name contains “{text}”: check the spelling."


class ExampleForm(CleanTextMixin, forms.ModelForm):
    """An example's text, what it addresses (the current catalogue's recommendations and
    indicators) and an optional file (checked by content like assessment evidence)."""

    attachment = forms.FileField(
        required=False,
        label="Attach a file (optional)",
        help_text="A PDF, Office or OpenDocument file, or an image; 10 MB at most.",
        validators=[validate_evidence],
    )

    class Meta:
        model = Example
        fields = [
            "partnership",
            "title",
            "summary",
            "problem",
            "what_was_done",
            "by_whom",
            "cost",
            "impact",
            "lessons",
            "contact",
            "recommendations",
            "indicators",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 4}),
            "what_was_done": forms.Textarea(attrs={"rows": 6}),
            "by_whom": forms.Textarea(attrs={"rows": 2}),
            "cost": forms.Textarea(attrs={"rows": 2}),
            "impact": forms.Textarea(attrs={"rows": 4}),
            "lessons": forms.Textarea(attrs={"rows": 4}),
            "recommendations": forms.CheckboxSelectMultiple,
            "indicators": forms.CheckboxSelectMultiple,
        }
        labels = {"what_was_done": "What was done", "by_whom": "By whom"}
        help_texts = {
            "recommendations": "The recommendations this example shows a way to meet.",
            "indicators": "The indicators it helps a partnership raise: partnerships with a gap "
            "on one of them are shown this example.",
        }

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        version = CatalogueVersion.objects.filter(is_current=True).first()
        self.fields["recommendations"].queryset = Thread.objects.filter(
            version=version,
            kind__in=[Thread.Kind.LOCAL_RECOMMENDATION, Thread.Kind.NATIONAL_RECOMMENDATION],
        ).order_by("kind", "order")
        self.fields["indicators"].queryset = Indicator.objects.filter(version=version).order_by(
            "thread__order", "order"
        )
        self.fields["recommendations"].label_from_instance = lambda t: f"{t.code} {t.title}"
        self.fields["indicators"].label_from_instance = lambda i: f"{i.code} {i.statement}"
        if self.instance.pk:
            del self.fields["partnership"]
        else:
            self.fields["partnership"].queryset = partnerships
            self.fields["partnership"].empty_label = None
            self.fields["partnership"].error_messages["required"] = NO_PARTNERSHIP


class ReviewForm(CleanTextMixin, forms.Form):
    """The practice editor's decision; the choices depend on the example's state."""

    LABELS = {
        Example.State.ENDORSED: "Endorse it",
        Example.State.RETURNED: "Return it to the partnership",
        Example.State.PUBLISHED: "Publish it in the library",
        Example.State.ARCHIVED: "Archive it (it leaves the library)",
    }
    decision = forms.ChoiceField(choices=[], widget=forms.RadioSelect)
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text="Required when returning: say what needs to change.",
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [(c, self.LABELS[c]) for c in choices]

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == Example.State.RETURNED
            and not (cleaned.get("comment") or "").strip()
        ):
            self.add_error("comment", "Say what needs to change before it can be endorsed.")
        return cleaned


class SearchForm(CleanTextMixin, forms.Form):
    """The library's search box and filters (GET). A bad value is reported, never a 500."""

    q = forms.CharField(required=False, max_length=200, label="Search the library")
    recommendation = forms.ChoiceField(required=False, label="Recommendation")
    indicator = forms.ChoiceField(required=False, label="Indicator")
    partnership = forms.CharField(
        required=False,
        max_length=100,
        label="Partnership",
        help_text="Its name, or part of it, for example Fife.",
    )
    year = forms.TypedChoiceField(
        required=False, label="Year published", coerce=int, empty_value=None
    )

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        any_ = [("", "Any")]
        self.fields["recommendation"].choices = any_ + [
            (code, f"{code} {title}"[:90]) for code, title in choices["recommendations"]
        ]
        self.fields["indicator"].choices = any_ + [
            (code, f"{code} {statement}"[:90]) for code, statement in choices["indicators"]
        ]
        self.fields["year"].choices = any_ + [(str(y), str(y)) for y in choices["years"]]

    @cached_property
    def options(self) -> dict[str, SafeString]:
        """Each list's ``<option>`` elements, the chosen one selected, built here rather than
        by a template loop over every choice."""
        out = {}
        for name in ["recommendation", "indicator", "year"]:
            current = str(self[name].value() or "")
            out[name] = mark_safe(  # noqa: S308 - every value and label is escaped
                "".join(
                    f'<option value="{escape(value)}"'
                    f"{' selected' if str(value) == current else ''}>{escape(label)}</option>"
                    for value, label in self.fields[name].choices
                )
            )
        return out

    def clean_partnership(self) -> str:
        text = self.cleaned_data["partnership"].strip()
        if text and not partnerships_named(text).exists():
            raise forms.ValidationError(NO_SUCH_PARTNERSHIP.format(text=text))
        return text

    def filters(self) -> Filters:
        """The valid part of what was asked (an invalid filter is left out, and reported)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return Filters(
            q=(data.get("q") or "").strip(),
            recommendation=data.get("recommendation") or "",
            indicator=data.get("indicator") or "",
            partnership=data.get("partnership") or "",
            year=data.get("year"),
        )


class AdoptForm(forms.Form):
    """Which partnership (of those the person coordinates) and which indicator."""

    choice = forms.ChoiceField(label="Add an action for", widget=forms.RadioSelect)

    def __init__(self, *args, adoptable: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.options = {}
        for entry in adoptable:
            for indicator in entry["indicators"]:
                key = f"{entry['partnership'].slug}:{indicator.code}"
                self.options[key] = (entry["partnership"], indicator)
        self.fields["choice"].choices = [
            (key, f"{p.name}: {i.code} {i.statement}") for key, (p, i) in self.options.items()
        ]
        if len(self.options) == 1:
            self.fields["choice"].initial = next(iter(self.options))

    def chosen(self):
        return self.options[self.cleaned_data["choice"]]


def coordinated_partnerships(user):
    return Partnership.objects.filter(
        memberships__user=user, memberships__role="coordinator"
    ).order_by("name")
