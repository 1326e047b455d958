"""The workflow's writes (assessments/services.py): starting once, answers only for the pinned
version, an approved result stored as scored."""

import json

import pytest

from assessments import services
from assessments.models import Assessment
from tests.assessments.conftest import answer_all, url

pytestmark = pytest.mark.django_db


def test_starting_twice_at_once_is_refused_with_a_message(team, monkeypatch):
    from django.core.exceptions import ValidationError
    from django.db.models import QuerySet

    cycle = team["assessment"].cycle
    team["assessment"].delete()
    services.assessment_start(partnership=team["partnership"], cycle=cycle, by=team["coordinator"])
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)  # the other click's check passed
    with pytest.raises(ValidationError, match="already"):
        services.assessment_start(
            partnership=team["partnership"], cycle=cycle, by=team["coordinator"]
        )
    monkeypatch.undo()
    assert Assessment.objects.filter(partnership=team["partnership"], cycle=cycle).count() == 1


def test_answer_to_indicator_of_another_version_is_refused(team, draft_catalogue):
    foreign = draft_catalogue.indicators.get(code="LR-1.1")
    with pytest.raises(Exception, match="not part of this assessment"):
        services.agreed_ratings_save(
            assessment=team["assessment"],
            answers=[services.Answer(indicator=foreign, level=1, note="", seen_revision=0)],
            by=team["coordinator"],
        )


def test_approved_result_survives_a_catalogue_wording_edit(client, team):
    assessment = team["assessment"]
    answer_all(assessment, team["coordinator"], level=3)
    services.assessment_transition(
        assessment=assessment, to_state="submitted", by=team["coordinator"]
    )
    services.assessment_transition(assessment=assessment, to_state="approved", by=team["approver"])
    assessment.refresh_from_db()
    stored = json.loads(json.dumps(assessment.result))
    stage = assessment.version.stages.get(code=assessment.stage_code)
    stage.name = "Renamed by an admin"
    stage.save()
    assessment.refresh_from_db()
    assert assessment.result == stored
    assert assessment.result["stage"]["name"] != "Renamed by an admin"
    # The page states the stage as it was approved.
    client.force_login(team["viewer"])
    page = client.get(url("assessments:assessment", assessment)).content.decode()
    assert f"{stored['stage']['code']}: {stored['stage']['name']}" in page
