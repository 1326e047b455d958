"""The scorecard beside the LR-8 indicators, and the warning its reason must answer."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.forms import SCORECARD_REASON
from assessments.models import AgreedRating
from tests.factories import ActualFactory, AssessmentFactory, MeasureFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lr8(catalogue):
    coordinator = MembershipFactory(role="coordinator")
    partnership = coordinator.partnership
    respondent = MembershipFactory(partnership=partnership, role="respondent")
    assessment = AssessmentFactory(partnership=partnership, version=catalogue)
    section = reverse(
        "assessments:assessment_section",
        kwargs={"slug": partnership.slug, "pk": assessment.pk, "code": "LR-8"},
    )
    return {
        "partnership": partnership,
        "coordinator": coordinator.user,
        "respondent": respondent.user,
        "assessment": assessment,
        "section": section,
    }


def _evidence_a_measure(partnership):
    """A measure with baseline, target and a figure for the last financial year that ended."""
    today = timezone.localdate()
    last_year = today.year - 1 if today.month > 3 else today.year - 2
    measure = MeasureFactory(partnership=partnership, target_year=last_year + 5)
    ActualFactory(measure=measure, year=last_year)


def test_the_coordinator_sees_the_scorecard_on_lr8_only(client, lr8):
    MeasureFactory(partnership=lr8["partnership"], name="Youth calls")
    client.force_login(lr8["coordinator"])
    body = client.get(lr8["section"]).content.decode()
    assert "The partnership's scorecard" in body and "Youth calls" in body
    other = lr8["section"].replace("LR-8", "LR-1")
    assert "Youth calls" not in client.get(other).content.decode()
    client.force_login(lr8["respondent"])
    assert "Youth calls" not in client.get(lr8["section"]).content.decode()


def test_working_without_an_evidenced_measure_needs_a_reason_about_the_scorecard(client, lr8):
    client.force_login(lr8["coordinator"])
    data = {"level-LR-8.1": "3", "note-LR-8.1": "Minutes of March", "revision-LR-8.1": 0}
    response = client.post(lr8["section"], data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "the scorecard has no measure with a baseline, a target and a recent figure" in body
    assert SCORECARD_REASON.format(level=3).split(":")[0] in body
    assert "Minutes of March" in body  # the typing comes back
    assert not AgreedRating.objects.exists()
    data["note-LR-8.1"] = "Scorecard adopted in March; first figures due in June."
    assert client.post(lr8["section"], data).status_code == 302
    assert AgreedRating.objects.get().level == 3


def test_below_working_needs_no_answer(client, lr8):
    client.force_login(lr8["coordinator"])
    data = {"level-LR-8.1": "2", "note-LR-8.1": "Minutes of March", "revision-LR-8.1": 0}
    assert client.post(lr8["section"], data).status_code == 302


def test_an_evidenced_measure_lifts_the_warning(client, lr8):
    _evidence_a_measure(lr8["partnership"])
    client.force_login(lr8["coordinator"])
    data = {"level-LR-8.1": "4", "note-LR-8.1": "Reviewed in March", "revision-LR-8.1": 0}
    assert client.post(lr8["section"], data).status_code == 302
    body = client.get(lr8["section"]).content.decode()
    assert "The reason must say how the scorecard shows this level" not in body


def test_a_saved_working_rating_shows_the_warning(client, lr8):
    indicator = lr8["assessment"].version.indicators.get(code="LR-8.2")
    AgreedRating.objects.create(
        assessment=lr8["assessment"],
        indicator=indicator,
        level=3,
        note="Annual report",
        updated_by=lr8["coordinator"],
        updated_at=timezone.make_aware(datetime.datetime(2005, 1, 1)),
    )
    client.force_login(lr8["coordinator"])
    body = client.get(lr8["section"]).content.decode()
    assert "LR-8.2 is rated “Working” or above, but the scorecard has no measure" in body
