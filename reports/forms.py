from django import forms

from assessments.models import Cycle


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
