"""Exports write any stored text: control characters pasted from Word never break an XLSX."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Action
from pages.spreadsheets import to_xlsx

pytestmark = pytest.mark.django_db

# No NUL: PostgreSQL cannot store one (forms drop it; to_xlsx is tested with it below).
WORD_TEXT = "Agreed at the forum\vthen minuted\fpage two\x07\x1b end"


@pytest.fixture
def rated(east, people, agencies, make_approved):
    assessment = make_approved(east, "2004/05", level=2, agencies=[(agencies[0], lambda i: 3)])
    assessment.agreed_ratings.filter(indicator__code="LR-1.1").update(note=WORD_TEXT)
    assessment.agency_ratings.filter(indicator__code="LR-1.2").update(note="=\vformula")
    return assessment


def test_ratings_xlsx_with_control_characters_opens(client, people, rated):
    client.force_login(people["viewer"])
    url = reverse("reports:ratings_export", args=["east-ayrshire", rated.pk, "xlsx"])
    response = client.get(url)
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    notes = {(r[0], r[3]): r[6] for r in rows[1:]}
    assert notes[("LR-1.1", "Agreed")] == "Agreed at the forum\nthen minuted\npage two end"
    assert notes[("LR-1.2", "Police Scotland")] == "'=\nformula"


def test_action_plan_xlsx_with_control_characters_opens(client, east, people):
    Action.objects.create(partnership=east, title="Audit\vplan\x01")
    client.force_login(people["viewer"])
    response = client.get(reverse("reports:action_export", args=["east-ayrshire", "xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "Audit\nplan"


def test_every_control_character_is_written():
    text = "".join(chr(c) for c in range(32)) + "\x7f"
    content = to_xlsx(["Header"], [[text]], title="Sheet")
    value = load_workbook(io.BytesIO(content)).active["A2"].value
    assert value is not None and "\x00" not in value and "\v" not in value


def test_the_csv_keeps_the_text_as_stored(client, people, rated):
    client.force_login(people["viewer"])
    url = reverse("reports:ratings_export", args=["east-ayrshire", rated.pk, "csv"])
    assert client.get(url).status_code == 200
