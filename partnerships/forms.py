from django import forms

from pages.text import CleanTextMixin
from partnerships.models import Agency, Membership, PaperDetails, Partnership
from partnerships.services import RESPONDENT_NEEDS_AGENCY


class MemberEditForm(CleanTextMixin, forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices, widget=forms.RadioSelect)
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        empty_label="No agency (not a respondent)",
        help_text="Required for a respondent: the agency whose ratings they give.",
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(partnership=partnership).order_by(
            "name"
        )

    def clean(self):
        data = super().clean()
        if data.get("role") == Membership.Role.RESPONDENT and not data.get("agency"):
            self.add_error("agency", RESPONDENT_NEEDS_AGENCY)
        return data


class MemberInviteForm(MemberEditForm):
    field_order = ["email", "first_name", "last_name", "role", "agency"]

    email = forms.EmailField(
        label="Email address",
        max_length=254,  # the longest address RFC 5321 allows, and what the account can store
        help_text="Someone new gets an email with a one-time link to choose a password.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)


class PaperDetailsForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = PaperDetails
        fields = list(PaperDetails.FIELDS)
        widgets = {"telephone": forms.TextInput(attrs={"autocomplete": "off", "type": "tel"})}
