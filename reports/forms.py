from django import forms

from assessments.models import Cycle
from pages.text import CleanTextMixin


class CycleChoiceForm(forms.Form):
    """The national overview's cycle picker (a GET form)."""

    cycle = forms.ModelChoiceField(
        queryset=Cycle.objects.order_by("-opens_on"),
        to_field_name="name",
        empty_label=None,
        label="Cycle",
        error_messages={"invalid_choice": "Choose a cycle from the list."},
    )


def chosen_cycle(query, *, default):
    """The cycle of a national page's GET query: ``?cycle=NAME`` when given (a name that does
    not exist gives status 400 and the form's error), else ``default()``, else the newest.
    Returns (cycle or None, form, status)."""
    if "cycle" in query:
        form = CycleChoiceForm(query)
        if form.is_valid():
            return form.cleaned_data["cycle"], form, 200
        return None, form, 400
    cycle = default() or Cycle.objects.order_by("-opens_on").first()
    form = CycleChoiceForm(initial={"cycle": cycle.name} if cycle else None)
    return cycle, form, 200


class CommitteePaperForm(CleanTextMixin, forms.Form):
    """The choices made when a paper is made for one meeting."""

    meeting = forms.CharField(
        label="Meeting",
        max_length=160,
        help_text="The committee or forum the paper goes to, as its heading names it.",
    )
    meeting_date = forms.DateField(
        label="Date of the meeting",
        help_text="For example 6/12/2000 or 2000-12-06.",
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y"],
        error_messages={
            "required": "Enter the date of the meeting.",
            "invalid": "Enter the date of the meeting as a date, for example 6/12/2000.",
        },
    )
    dated = forms.DateField(
        label="Date of the paper (optional)",
        required=False,
        help_text="The date under the signature, usually a week or two before the meeting. "
        "Leave it empty for today.",
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y"],
        error_messages={
            "invalid": "Enter the date of the paper as a date, for example 23/11/2000."
        },
    )
    public_meeting = forms.BooleanField(
        label="The meeting is open to the public",
        required=False,
        help_text="A paper for a public meeting names no single agency's own ratings unless you "
        "tick the next box.",
    )
    name_agencies = forms.BooleanField(
        label="Single agencies' own ratings may be named in this paper",
        required=False,
        help_text="Only for a public meeting: a paper for a closed meeting always names them.",
    )
    implications = forms.CharField(
        label="Financial, legal and policy implications",
        initial="Nil.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Section 4 of the paper, as in the study's own paper: \u201cNil.\u201d if none.",
    )
