"""Forms normalise control characters on the way in (pages.text.CleanTextMixin)."""

import importlib
import inspect
import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Action, AgreedRating
from pages.forms import add_service_errors
from pages.text import CleanTextMixin, clean_text
from tests.factories import (
    ActualFactory,
    AssessmentFactory,
    MeasureFactory,
    MembershipFactory,
)

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


def _project_forms():
    """Every form class the site's apps define."""
    modules = [
        "assessments.forms",
        "partnerships.forms",
        "practice.forms",
        "reports.forms",
        "scorecard.forms",
    ]
    for name in modules:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                yield cls


def test_every_form_that_takes_free_text_cleans_it():
    """A form with a free-text field (a CharField that is not a choice) cleans what is pasted."""
    missing = []
    for cls in _project_forms():
        fields = cls.base_fields.values()
        free_text = any(
            isinstance(f, forms.CharField) and not isinstance(f, forms.ChoiceField) for f in fields
        )
        if free_text and not issubclass(cls, CleanTextMixin):
            missing.append(f"{cls.__module__}.{cls.__name__}")
    assert not missing


def test_scorecard_figures_with_control_characters_export_to_xlsx(client):
    """A note stored before cleaning (an import, the admin) still exports: no 500."""
    measure = MeasureFactory()
    ActualFactory(measure=measure, note="Police return\vMarch\x0c\x07")  # PostgreSQL stores no NUL
    coordinator = MembershipFactory(partnership=measure.partnership, role="coordinator")
    client.force_login(coordinator.user)
    response = client.get(
        reverse("scorecard:actuals_export", args=[measure.partnership.slug, "xlsx"])
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    notes = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert notes == ["Police return\nMarch\n"]  # breaks kept as line breaks, BEL dropped


def test_a_nul_in_a_practice_search_is_answered_not_a_500(client):
    response = client.get(reverse("practice:library"), {"q": "joint\x00audit"})
    assert response.status_code == 200
