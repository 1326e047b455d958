from django import forms

from partnerships.models import Agency, Membership, Partnership


class _AgencyChoiceMixin:
    def limit_agencies(self, partnership: Partnership) -> None:
        field = self.fields["agency"]
        field.queryset = Agency.objects.filter(partnership=partnership).order_by("name")
        field.required = False
        field.empty_label = "No agency (not a respondent)"
        field.help_text = "Required for a respondent: the agency whose ratings they give."


class MemberInviteForm(_AgencyChoiceMixin, forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="Someone new gets an email with a one-time link to choose a password.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    role = forms.ChoiceField(choices=Membership.Role.choices, widget=forms.RadioSelect)
    agency = forms.ModelChoiceField(queryset=Agency.objects.none())

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_agencies(partnership)


class MemberEditForm(_AgencyChoiceMixin, forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices, widget=forms.RadioSelect)
    agency = forms.ModelChoiceField(queryset=Agency.objects.none())

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_agencies(partnership)
