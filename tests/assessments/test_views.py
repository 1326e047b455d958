"""The assessment pages (assessments/views.py) by role: transitions, submit, section saves
(stale, refused, by whom), what each person sees, the read-only result and evidence files."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import services
from assessments.models import AgencyRating, AgreedRating, Assessment, Evidence, Transition
from tests.assessments.conftest import answer_all, url
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


TRANSITION_CASES = [
    # (state before, view, data, role, allowed, state after)
    ("draft", "assessments:assessment_submit", {}, "coordinator", True, "submitted"),
    ("draft", "assessments:assessment_submit", {}, "respondent", False, "draft"),
    ("draft", "assessments:assessment_submit", {}, "approver", False, "draft"),
    ("draft", "assessments:assessment_submit", {}, "viewer", False, "draft"),
    (
        "submitted",
        "assessments:assessment_decide",
        {"decision": "approved"},
        "approver",
        True,
        "approved",
    ),
    (
        "submitted",
        "assessments:assessment_decide",
        {"decision": "approved"},
        "coordinator",
        False,
        "submitted",
    ),
    (
        "submitted",
        "assessments:assessment_decide",
        {"decision": "approved"},
        "respondent",
        False,
        "submitted",
    ),
    (
        "submitted",
        "assessments:assessment_decide",
        {"decision": "returned", "comment": "Fix LR-4"},
        "approver",
        True,
        "returned",
    ),
    ("returned", "assessments:assessment_reopen", {}, "coordinator", True, "draft"),
    ("returned", "assessments:assessment_reopen", {}, "approver", False, "returned"),
    (
        "draft",
        "assessments:assessment_decide",
        {"decision": "approved"},
        "approver",
        False,
        "draft",
    ),
    ("approved", "assessments:assessment_reopen", {}, "coordinator", False, "approved"),
    ("approved", "assessments:assessment_submit", {}, "coordinator", False, "approved"),
]


@pytest.mark.parametrize(
    ("before", "view", "data", "role", "allowed", "after"),
    TRANSITION_CASES,
    ids=[f"{c[0]}-{c[1]}-{c[3]}" for c in TRANSITION_CASES],
)
def test_transition_by_role(client, team, before, view, data, role, allowed, after):
    assessment = team["assessment"]
    answer_all(assessment, team["coordinator"])
    if before == "approved":
        services.assessment_transition(
            assessment=assessment, to_state="submitted", by=team["coordinator"]
        )
        services.assessment_transition(
            assessment=assessment, to_state="approved", by=team["approver"]
        )
    elif before != "draft":
        Assessment.objects.filter(pk=assessment.pk).update(state=before)
    person = team[role].user if role == "respondent" else team[role]
    client.force_login(person)
    before_count = Transition.objects.count()
    response = client.post(url(view, assessment), data)
    assessment.refresh_from_db()
    assert assessment.state == after
    assert (Transition.objects.count() > before_count) == allowed
    if allowed:
        assert response.status_code == 302
        last = Transition.objects.latest("id")
        assert (last.by, last.from_state, last.to_state) == (person, before, after)
    else:
        assert response.status_code in (400, 403, 404) or "cannot" in str(
            list(response.wsgi_request._messages)
        )


def test_return_needs_a_comment_and_tells_the_coordinator(
    client, team, django_capture_on_commit_callbacks
):
    assessment = team["assessment"]
    answer_all(assessment, team["coordinator"])
    services.assessment_transition(
        assessment=assessment, to_state="submitted", by=team["coordinator"]
    )
    client.force_login(team["approver"])
    response = client.post(
        url("assessments:assessment_decide", assessment), {"decision": "returned"}
    )
    assert response.status_code == 400 and "Say why" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("assessments:assessment_decide", assessment),
            {"decision": "returned", "comment": "Evidence for LR-4 is thin"},
        )
    assessment.refresh_from_db()
    assert assessment.state == "returned"
    assert mail.outbox[-1].to == [team["coordinator"].email]
    assert "Evidence for LR-4 is thin" in mail.outbox[-1].body


def test_submitting_tells_the_approver(client, team, django_capture_on_commit_callbacks):
    assessment = team["assessment"]
    answer_all(assessment, team["coordinator"])
    client.force_login(team["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("assessments:assessment_submit", assessment), {"comment": "Ready"}
        )
    assert response.status_code == 302
    assert mail.outbox[-1].to == [team["approver"].email]
    assert "submitted" in mail.outbox[-1].subject and "Ready" in mail.outbox[-1].body


def test_submit_lists_unanswered_indicators_and_refuses(client, team):
    assessment = team["assessment"]
    client.force_login(team["coordinator"])
    response = client.get(url("assessments:assessment_submit", assessment))
    text = response.content.decode()
    for indicator in assessment.version.indicators.all():
        assert f"#{indicator.code}" in text
    response = client.post(url("assessments:assessment_submit", assessment), {})
    assert response.status_code == 400
    assessment.refresh_from_db()
    assert assessment.state == "draft"


def _section_post(indicator_levels, revisions=None, notes=None):
    data = {}
    for code, level in indicator_levels.items():
        data[f"level-{code}"] = str(level)
        data[f"note-{code}"] = (notes or {}).get(code, "Minutes of the strategic group")
        data[f"revision-{code}"] = (revisions or {}).get(code, 0)
    return data


def test_stale_save_is_refused_showing_both_versions(client, team, django_user_model):
    assessment = team["assessment"]
    other_coordinator = MembershipFactory(partnership=team["partnership"], role="coordinator").user
    first, second = client, type(client)()
    first.force_login(team["coordinator"])
    second.force_login(other_coordinator)
    section = url("assessments:assessment_section", assessment, code="LR-1")
    first.get(section)
    second.get(section)
    assert second.post(section, _section_post({"LR-1.1": 3})).status_code == 302
    response = first.post(section, _section_post({"LR-1.1": 1}, notes={"LR-1.1": "Mine"}))
    text = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed these answers" in text and "Mine" in text
    assert "Minutes of the strategic group" in text
    agreed = AgreedRating.objects.get(assessment=assessment, indicator__code="LR-1.1")
    assert (agreed.level, agreed.revision) == (3, 1)
    # The refused form carries the other person's revision: posting it back as shown succeeds.
    shown = re.search(r'name="revision-LR-1.1" value="(\d+)"', text).group(1)
    assert shown == "1"
    assert first.post(section, _section_post({"LR-1.1": 1}, {"LR-1.1": 1})).status_code == 302
    agreed.refresh_from_db()
    assert (agreed.level, agreed.revision) == (1, 2)


def test_a_note_without_a_level_is_refused_not_dropped(client, team):
    client.force_login(team["respondent"].user)
    section = url("assessments:assessment_section", team["assessment"], code="LR-1")
    response = client.post(section, {"note-LR-1.1": "Minutes of March", "revision-LR-1.1": 0})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Choose a level, or Don&#x27;t know, to save this note." in text
    assert "Minutes of March" in text
    # The error summary's link leads to the first level of that indicator.
    target = re.search(r'govuk-error-summary__list">\s*<li><a href="#([^"]+)"', text).group(1)
    assert f'id="{target}" name="level-LR-1.1" type="radio"' in text
    assert "if you chose one, choose it again" in text
    assert not AgencyRating.objects.exists()


def test_bad_input_is_refused_with_a_message_and_nothing_saved(client, team):
    assessment = team["assessment"]
    client.force_login(team["respondent"].user)
    section = url("assessments:assessment_section", assessment, code="LR-1")
    for data in (
        {"level-LR-1.1": "9", "note-LR-1.1": "x"},
        {"level-LR-1.1": "3", "note-LR-1.1": ""},
    ):
        response = client.post(section, data)
        assert response.status_code == 400
        assert "govuk-error-message" in response.content.decode()
    assert not AgencyRating.objects.exists()


def test_respondents_see_only_their_own_answers_until_moderation(client, team):
    assessment = team["assessment"]
    other = team["other"]
    client.force_login(team["respondent"].user)
    section = url("assessments:assessment_section", assessment, code="LR-1")
    client.post(section, _section_post({"LR-1.1": 4}, notes={"LR-1.1": "Police view"}))
    client.force_login(other.user)
    assert "Police view" not in client.get(section).content.decode()
    client.force_login(team["coordinator"])
    assert "Partner ratings for LR-1.1" not in client.get(section).content.decode()
    client.post(url("assessments:assessment_open_moderation", assessment))
    text = client.get(section).content.decode()
    assert "Partner ratings for LR-1.1" in text and "Police view" in text


def test_moderation_flags_spread_and_offers_median(client, team):
    assessment = team["assessment"]
    indicator = assessment.version.indicators.get(code="LR-1.1")
    levels = [0, 2, 4]
    for level in levels:
        m = MembershipFactory(partnership=team["partnership"], role="respondent")
        AgencyRating.objects.create(
            assessment=assessment,
            indicator=indicator,
            agency=m.agency,
            level=level,
            updated_by=m.user,
        )
    services.moderation_open(assessment=assessment, by=team["coordinator"])
    client.force_login(team["coordinator"])
    response = client.get(url("assessments:assessment_section", assessment, code="LR-1"))
    text = response.content.decode()
    assert "Spread of 4: discuss" in text and "median 2" in text
    assert response.context["form"]["level-LR-1.1"].value() == "2"


def test_approved_assessment_is_read_only(client, team):
    assessment = team["assessment"]
    answer_all(assessment, team["coordinator"])
    services.assessment_transition(
        assessment=assessment, to_state="submitted", by=team["coordinator"]
    )
    services.assessment_transition(assessment=assessment, to_state="approved", by=team["approver"])
    client.force_login(team["coordinator"])
    response = client.post(
        url("assessments:assessment_section", assessment, code="LR-1"),
        _section_post({"LR-1.1": 0}, {"LR-1.1": 1}, notes={"LR-1.1": "Typed before approval"}),
    )
    # Someone who answered while it was open keeps what they typed and is told why.
    assert response.status_code == 409
    text = response.content.decode()
    assert "This assessment is approved: it can no longer be changed." in text
    assert "Typed before approval" in text
    assert AgreedRating.objects.get(assessment=assessment, indicator__code="LR-1.1").level == 2
    client.force_login(team["viewer"])  # never answers: refused outright
    response = client.post(
        url("assessments:assessment_section", assessment, code="LR-1"), _section_post({"LR-1.1": 0})
    )
    assert response.status_code == 403
    assert AgreedRating.objects.get(assessment=assessment, indicator__code="LR-1.1").level == 2


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("audit.pdf", b"%PDF-1.4 minutes", True),
        ("photo.png", b"\x89PNG\r\n\x1a\nrest", True),
        ("plan.docx", b"PK\x03\x04rest", True),
        ("script.exe", b"MZ\x90\x00", False),
        ("fake.pdf", b"<html>not a pdf", False),
    ],
)
def test_evidence_file_types(client, team, settings, tmp_path, name, content, ok):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(team["respondent"].user)
    data = _section_post({"LR-1.1": 2})
    data["file-LR-1.1"] = SimpleUploadedFile(name, content)
    response = client.post(
        url("assessments:assessment_section", team["assessment"], code="LR-1"), data
    )
    assert (response.status_code == 302) == ok
    assert Evidence.objects.exists() == ok
    if not ok:
        assert "must be a PDF" in response.content.decode()


def test_evidence_over_10_mb_is_refused(client, team, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(team["respondent"].user)
    data = _section_post({"LR-1.1": 2})
    data["file-LR-1.1"] = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024))
    response = client.post(
        url("assessments:assessment_section", team["assessment"], code="LR-1"), data
    )
    assert response.status_code == 400 and "10 MB or smaller" in response.content.decode()
    assert not Evidence.objects.exists() and not AgencyRating.objects.exists()


def test_evidence_is_served_only_through_the_permission_view(client, team, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(team["respondent"].user)
    data = _section_post({"LR-1.1": 2})
    data["file-LR-1.1"] = SimpleUploadedFile("audit.pdf", b"%PDF-1.4 secret")
    client.post(url("assessments:assessment_section", team["assessment"], code="LR-1"), data)
    evidence = Evidence.objects.get()
    link = reverse("assessments:evidence_download", args=[team["partnership"].slug, evidence.pk])
    assert b"".join(client.get(link).streaming_content) == b"%PDF-1.4 secret"
    outsider = MembershipFactory(role="coordinator")
    client.force_login(outsider.user)
    assert client.get(link).status_code == 404
    assert client.get(f"/media/{evidence.file.name}").status_code == 404
    assert client.get(evidence.file.url).status_code == 404  # no public URL serves the file
    client.force_login(team["viewer"])
    assert client.get(link).status_code == 404


def test_the_section_form_says_levels_are_cumulative(client, team):
    from assessments.forms import LEVELS_ARE_CUMULATIVE

    client.force_login(team["coordinator"])
    response = client.get(url("assessments:assessment_section", team["assessment"], code="LR-4"))
    text = response.content.decode()
    assert (
        text.count(LEVELS_ARE_CUMULATIVE)
        == team["assessment"].version.indicators.filter(thread__code="LR-4").count()
    )
    assert "All of level 3 holds (a joint audit covering crime, fear of crime" in text
