"""Forms normalise control characters on the way in (pages.text.CleanTextMixin)."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Action, AgreedRating
from pages.forms import add_service_errors
from pages.text import clean_text
from tests.factories import AssessmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_clean_text():
    assert clean_text("a\vb\fc\u2028d") == "a\nb\nc\nd"
    assert clean_text("tab\tnew\nline\r\n") == "tab\tnew\nline\r\n"
    assert clean_text("nul\x00bell\x07esc\x1bdel\x7f") == "nulbellescdel"


def test_a_section_note_pasted_from_word_is_stored_clean(client, catalogue):
    coordinator = MembershipFactory(role="coordinator")
    assessment = AssessmentFactory(partnership=coordinator.partnership, version=catalogue)
    client.force_login(coordinator.user)
    url = reverse(
        "assessments:assessment_section",
        kwargs={"slug": assessment.partnership.slug, "pk": assessment.pk, "code": "LR-1"},
    )
    data = {"level-LR-1.1": "2", "note-LR-1.1": "Minutes\vof March\x00", "revision-LR-1.1": "0"}
    assert client.post(url, data).status_code == 302
    assert AgreedRating.objects.get(indicator__code="LR-1.1").note == "Minutes\nof March"


def test_an_action_title_is_stored_clean(client, catalogue):
    coordinator = MembershipFactory(role="coordinator")
    client.force_login(coordinator.user)
    url = reverse("assessments:action_plan", args=[coordinator.partnership.slug])
    response = client.post(url, {"title": "Agree\vthe audit\x0c", "status": "planned"})
    assert response.status_code == 302
    assert Action.objects.get().title == "Agree\nthe audit"


def test_a_service_refusal_lands_beside_its_field_or_in_the_summary():
    class Form(forms.Form):
        email = forms.CharField()

    form = Form({"email": "typed@example.org"})
    assert form.is_valid()
    add_service_errors(form, ValidationError({"email": "Taken.", "elsewhere": "Refused."}))
    assert form.errors["email"] == ["Taken."]
    assert form.non_field_errors() == ["Refused."]
    add_service_errors(form, ValidationError("Not now."))
    assert "Not now." in form.non_field_errors()
    assert form["email"].value() == "typed@example.org"  # what they typed comes back
