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
