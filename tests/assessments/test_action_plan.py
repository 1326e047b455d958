"""The action plan: suggestions from the gaps, edits, overdue, and which gaps are offered."""

import pytest
from django.urls import reverse

from tests.assessments.conftest import answer_all, approve
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_action_plan_accepts_suggestions_edits_and_marks_overdue(client, team):
    assessment = team["assessment"]
    answer_all(assessment, team["coordinator"], level=0)
    approve(assessment, team)
    client.force_login(team["coordinator"])
    plan = reverse("assessments:action_plan", args=[team["partnership"].slug])
    text = client.get(plan).content.decode()
    assert "Suggested actions to reach S2" in text
    owner = AgencyFactory(partnership=team["partnership"])
    client.post(
        reverse("assessments:action_accept", args=[team["partnership"].slug]),
        {"indicator": "LR-1.1", "LR-1.1-owner": owner.pk, "LR-1.1-due_on": "2030-03-31"},
    )
    action = team["partnership"].actions.get()
    assert action.indicator.code == "LR-1.1" and action.recommendation.code == "LR-1"
    assert action.owner == owner and str(action.due_on) == "2030-03-31"
    assert action.assessment == assessment and action.from_suggestion
    agency = AgencyFactory(partnership=team["partnership"])
    response = client.post(
        reverse("assessments:action_edit", args=[team["partnership"].slug, action.pk]),
        {
            "title": action.title,
            "owner": agency.pk,
            "due_on": "2001-01-31",
            "status": "in_progress",
            "recommendation": action.recommendation_id,
            "indicator": action.indicator_id,
        },
    )
    assert response.status_code == 302
    text = client.get(plan).content.decode()
    assert "Overdue" in text and agency.name in text
    foreign = AgencyFactory()
    response = client.post(
        reverse("assessments:action_edit", args=[team["partnership"].slug, action.pk]),
        {"title": "x", "owner": foreign.pk, "status": "planned"},
    )
    assert response.status_code == 400
    client.force_login(team["viewer"])
    assert client.post(plan, {"title": "Sneaky", "status": "planned"}).status_code == 403


def test_an_action_indicator_must_belong_to_its_recommendation(client, team):
    answer_all(team["assessment"], team["coordinator"], level=0)
    version = team["assessment"].version
    client.force_login(team["coordinator"])
    response = client.post(
        reverse("assessments:action_plan", args=[team["partnership"].slug]),
        {
            "title": "Mismatched",
            "status": "planned",
            "recommendation": version.threads.get(code="LR-1").pk,
            "indicator": version.indicators.get(code="LR-4.1").pk,
        },
    )
    assert response.status_code == 400
    assert "Choose an indicator of LR-1" in response.content.decode()
    assert not team["partnership"].actions.exists()


def test_a_gap_is_suggested_again_once_its_earlier_action_is_closed(client, team):
    from assessments.models import Action

    answer_all(team["assessment"], team["coordinator"], level=0)
    approve(team["assessment"], team)
    indicator = team["assessment"].version.indicators.get(code="LR-1.1")
    action = Action.objects.create(
        partnership=team["partnership"], title="Old", indicator=indicator, status="in_progress"
    )
    client.force_login(team["coordinator"])
    plan = reverse("assessments:action_plan", args=[team["partnership"].slug])
    accept = f'name="indicator" value="{indicator.code}"'
    assert accept not in client.get(plan).content.decode()  # still being worked on
    action.status = "dropped"
    action.save()
    assert accept in client.get(plan).content.decode()
