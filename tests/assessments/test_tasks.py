"""The assessment as a task list: statuses, the response tracker, respondents finishing, section
pages that carry you on, read-only summaries, returns, kept typing, emails with links, and the
action plan's suggestions."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from assessments import selectors, services
from assessments.forms import SectionForm
from assessments.models import Action, AgencyResponse, AgreedRating, KeptForm
from assessments.section import hidden_input
from tests.assessments.conftest import url
from tests.catalogue_files import CURRENT_INDICATOR_COUNT as TOTAL
from tests.factories import AgencyFactory, AssessmentFactory, CycleFactory
from threads.models import Indicator

pytestmark = pytest.mark.django_db


def rate(assessment, membership, codes, level=1):
    services.agency_ratings_save(
        assessment=assessment,
        membership=membership,
        answers=[
            services.Answer(
                indicator=assessment.version.indicators.get(code=c),
                level=level,
                note="",
                seen_revision=0,
            )
            for c in codes
        ],
        by=membership.user,
    )


def agree(assessment, user, codes, level=2):
    services.agreed_ratings_save(
        assessment=assessment,
        answers=[
            services.Answer(
                indicator=assessment.version.indicators.get(code=c),
                level=level,
                note="Seen",
                seen_revision=0,
            )
            for c in codes
        ],
        by=user,
    )


def lr_codes(assessment, thread):
    return list(
        assessment.version.indicators.filter(thread__code=thread)
        .order_by("order")
        .values_list("code", flat=True)
    )


def status_of(text, code):
    """The status text of section ``code`` in the task list."""
    match = re.search(rf'id="task-{re.escape(code)}-status">\s*(.*?)\s*</div>', text, re.S)
    assert match, code
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_respondent_task_list_counts_their_agency_only(client, team):
    assessment, respondent = team["assessment"], team["respondent"]
    rate(assessment, respondent, lr_codes(assessment, "LR-1"))
    rate(assessment, respondent, lr_codes(assessment, "LR-2")[:1])
    rate(assessment, team["other"], lr_codes(assessment, "LR-3"))
    agree(assessment, team["coordinator"], lr_codes(assessment, "LR-4"))
    client.force_login(respondent.user)
    text = client.get(assessment.get_absolute_url()).content.decode()
    done = len(lr_codes(assessment, "LR-1")) + 1
    assert f"Your agency has answered {done} of {TOTAL} indicators" in text
    assert status_of(text, "LR-1") == "Completed"
    assert status_of(text, "LR-2") == "In progress"
    assert status_of(text, "LR-3") == "Not yet started"
    assert status_of(text, "LR-4") == "Not yet started"  # agreed levels are not theirs
    assert "Preview of the result" not in text  # no agreed levels while they rate
    assert "Response tracker" not in text


def test_coordinator_cannot_start_until_moderation_then_counts_agreed(client, team):
    assessment = team["assessment"]
    client.force_login(team["coordinator"])
    text = client.get(assessment.get_absolute_url()).content.decode()
    assert status_of(text, "LR-1") == "Cannot start yet"
    assert f"You have agreed 0 of {TOTAL} indicators" in text
    services.moderation_open(assessment=assessment, by=team["coordinator"])
    agree(assessment, team["coordinator"], lr_codes(assessment, "LR-1"))
    text = client.get(assessment.get_absolute_url()).content.decode()
    assert status_of(text, "LR-1") == "Completed"
    assert status_of(text, "LR-2") == "Not yet started"
    assert f"You have agreed {len(lr_codes(assessment, 'LR-1'))} of {TOTAL} indicators" in text


def test_response_tracker_shows_each_agency(client, team, django_assert_max_num_queries):
    assessment, respondent = team["assessment"], team["respondent"]
    rate(assessment, respondent, lr_codes(assessment, "LR-1"))
    services.response_complete(assessment=assessment, membership=respondent, by=respondent.user)
    client.force_login(team["coordinator"])
    with django_assert_max_num_queries(7):  # the catalogue is read from its stored reading
        text = client.get(assessment.get_absolute_url()).content.decode()
    tracker = text[text.index("Partner agencies' responses") :]
    row = re.search(rf"{re.escape(respondent.agency.name)}</th>(.*?)</tr>", tracker, re.S)
    assert f"{len(lr_codes(assessment, 'LR-1'))} of {TOTAL}" in row.group(1)
    assert "Complete" in row.group(1)
    other = re.search(rf"{re.escape(team['other'].agency.name)}</th>(.*?)</tr>", tracker, re.S)
    assert f"0 of {TOTAL}" in other.group(1) and "Not yet" in other.group(1)
    assert "Nothing saved" in other.group(1)


def test_marking_complete_emails_the_coordinator_and_undo_stops_at_moderation(
    client, team, django_capture_on_commit_callbacks
):
    assessment, respondent = team["assessment"], team["respondent"]
    client.force_login(respondent.user)
    target = url("assessments:response_complete", assessment)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(target).status_code == 302
        client.post(target)  # a second click changes nothing and sends nothing more
    assert AgencyResponse.objects.filter(assessment=assessment).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [team["coordinator"].email]
    assert "Iain Bell has marked" in mail.outbox[0].body
    assert f"https://threads.example.gov.uk{assessment.get_absolute_url()}" in mail.outbox[0].body
    client.post(target, {"undo": "1"})
    assert not AgencyResponse.objects.exists()
    client.post(target)
    services.moderation_open(assessment=assessment, by=team["coordinator"])
    response = client.post(target, {"undo": "1"}, follow=True)
    assert escape(services.MODERATION_STARTED) in response.content.decode()
    assert AgencyResponse.objects.count() == 1
    client.force_login(team["coordinator"])
    assert client.post(target).status_code == 403


def test_section_page_carries_you_on(client, team):
    assessment = team["assessment"]
    services.moderation_open(assessment=assessment, by=team["coordinator"])
    agree(assessment, team["coordinator"], lr_codes(assessment, "LR-2"))  # already done
    client.force_login(team["coordinator"])
    section = url("assessments:assessment_section", assessment, code="LR-1")
    text = client.get(section).content.decode()
    assert "Section 1 of 8" in text and "govuk-back-link" in text
    assert "Save and continue" in text and "Save and return to the task list" in text
    assert "Agreed level for LR-1.1" in text and "Reason for the agreed level for LR-1.1" in text
    assert url("assessments:assessment_section", assessment, code="LR-2") in text  # next link
    data = {}
    for code in lr_codes(assessment, "LR-1"):
        data |= {f"level-{code}": "1", f"note-{code}": "", f"revision-{code}": "0"}
    response = client.post(section, {**data, "then": "continue"})
    # The second section is complete already: on to the third, the next still needing work.
    order = [t.code for t in selectors.section_threads(assessment)]
    assert order[:2] == ["LR-1", "LR-2"]
    assert response["Location"] == url("assessments:assessment_section", assessment, code=order[2])
    response = client.post(section, {**data, "then": "return"})
    assert response["Location"] == assessment.get_absolute_url()


def test_after_the_last_section_the_coordinator_goes_to_submit(client, team):
    assessment = team["assessment"]
    services.moderation_open(assessment=assessment, by=team["coordinator"])
    codes = list(assessment.version.indicators.values_list("code", flat=True))
    final = selectors.section_threads(assessment)[-1].code
    last = lr_codes(assessment, final)
    agree(assessment, team["coordinator"], [c for c in codes if c not in last])
    client.force_login(team["coordinator"])
    data = {}
    for code in last:
        data |= {f"level-{code}": "1", f"note-{code}": "", f"revision-{code}": "0"}
    response = client.post(url("assessments:assessment_section", assessment, code=final), data)
    assert response["Location"] == url("assessments:assessment_submit", assessment)


def test_median_is_suggested_not_saved_and_not_counted(client, team):
    assessment = team["assessment"]
    rate(assessment, team["respondent"], ["LR-1.1"], level=3)
    services.moderation_open(assessment=assessment, by=team["coordinator"])
    client.force_login(team["coordinator"])
    text = client.get(url("assessments:assessment_section", assessment, code="LR-1")).content
    text = text.decode()
    assert "Suggested – not saved yet" in text
    assert f"Not rated yet by: {team['other'].agency.name}" in text
    assert not AgreedRating.objects.exists()
    overview = client.get(assessment.get_absolute_url()).content.decode()
    assert f"You have agreed 0 of {TOTAL} indicators" in overview


def test_respondent_does_not_see_agreed_levels(client, team):
    assessment = team["assessment"]
    agree(assessment, team["coordinator"], ["LR-1.1"], level=4)
    client.force_login(team["respondent"].user)
    text = client.get(url("assessments:assessment_section", assessment, code="LR-1")).content
    assert b"Agreed level" not in text and b" checked" not in text


def test_read_only_section_is_a_summary_list_without_disabled_controls(client, team):
    assessment = team["assessment"]
    codes = list(assessment.version.indicators.values_list("code", flat=True))
    agree(assessment, team["coordinator"], codes)
    services.assessment_transition(
        assessment=assessment, to_state="submitted", by=team["coordinator"]
    )
    client.force_login(team["approver"])
    text = client.get(url("assessments:assessment_section", assessment, code="LR-1")).content
    text = text.decode()
    assert "govuk-summary-list" in text and "disabled" not in text and "<textarea" not in text
    assert "Reason for the agreed level" in text and "Seen" in text


def test_returned_banner_reopen_confirmation_and_decide_page(client, team):
    assessment = team["assessment"]
    codes = list(assessment.version.indicators.values_list("code", flat=True))
    rate(assessment, team["respondent"], ["LR-1.1"], level=0)
    rate(assessment, team["other"], ["LR-1.1"], level=3)
    agree(assessment, team["coordinator"], codes)
    services.assessment_transition(
        assessment=assessment, to_state="submitted", by=team["coordinator"]
    )
    client.force_login(team["approver"])
    decide = client.get(url("assessments:assessment_decide", assessment)).content.decode()
    assert decide.index("The result if you approve it") < decide.index("Record decision")
    assert decide.index("LR-1.1") < decide.index("Record decision")
    client.post(
        url("assessments:assessment_decide", assessment),
        {"decision": "returned", "comment": "LR-1.1 needs the minutes."},
    )
    client.force_login(team["coordinator"])
    text = client.get(assessment.get_absolute_url()).content.decode()
    assert text.index("Returned for changes") < text.index("<h1")
    assert "Jean Muir returned this assessment" in text and "LR-1.1 needs the minutes." in text
    confirm = client.get(url("assessments:assessment_reopen", assessment))
    assert confirm.status_code == 200 and b"Yes, reopen as a draft" in confirm.content
    assessment.refresh_from_db()
    assert assessment.state == "returned"  # asking changes nothing
    client.post(url("assessments:assessment_reopen", assessment))
    assessment.refresh_from_db()
    assert assessment.state == "draft"
    text = client.get(assessment.get_absolute_url()).content.decode()
    assert "LR-1.1 needs the minutes." in text and "submit it again" in text


def test_emails_name_people_and_link_to_the_page_to_act_on(
    team, django_capture_on_commit_callbacks
):
    assessment = team["assessment"]
    agree(
        assessment,
        team["coordinator"],
        assessment.version.indicators.values_list("code", flat=True),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_transition(
            assessment=assessment, to_state="submitted", by=team["coordinator"]
        )
    body = mail.outbox[-1].body
    assert "Ailsa Reid has submitted" in body
    assert (
        f"https://threads.example.gov.uk{url('assessments:assessment_decide', assessment)}" in body
    )


def test_a_save_after_the_session_ended_comes_back_after_signing_in(client, team):
    assessment = team["assessment"]
    section = url("assessments:assessment_section", assessment, code="LR-1")
    typed = {
        "level-LR-1.1": "3",
        "note-LR-1.1": "Typed while the session ran out",
        "revision-LR-1.1": "0",
        "then": "continue",
    }
    response = client.post(section, typed)  # not signed in any more
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    kept = KeptForm.objects.get()
    assert kept.data["note-LR-1.1"] == ["Typed while the session ran out"]
    assert kept.key in response["Location"]
    client.force_login(team["respondent"].user)
    text = client.get(f"{section}?restore={kept.key}").content.decode()
    assert "Typed while the session ran out" in text and "Not saved yet" in text
    assert not KeptForm.objects.exists()  # one time only
    again = client.get(f"{section}?restore={kept.key}").content.decode()
    assert "Typed while the session ran out" not in again


def test_accepting_a_suggestion_twice_makes_one_action(client, team):
    assessment = team["assessment"]
    codes = list(assessment.version.indicators.values_list("code", flat=True))
    agree(assessment, team["coordinator"], codes, level=0)
    services.assessment_transition(
        assessment=assessment, to_state="submitted", by=team["coordinator"]
    )
    services.assessment_transition(assessment=assessment, to_state="approved", by=team["approver"])
    newer = AssessmentFactory(
        partnership=team["partnership"],
        cycle=CycleFactory(name="2099/00"),
        version=assessment.version,
    )
    client.force_login(team["coordinator"])
    plan = reverse("assessments:action_plan", args=[team["partnership"].slug])
    text = client.get(plan).content.decode()
    # From the approved assessment, not the newer empty draft, and saying which.
    assert f"approved {assessment.cycle} assessment" in text and str(newer.cycle) not in text
    owner = AgencyFactory(partnership=team["partnership"])
    accept = reverse("assessments:action_accept", args=[team["partnership"].slug])
    data = {"indicator": "LR-1.1", "LR-1.1-owner": owner.pk, "LR-1.1-due_on": "2030-03-31"}
    client.post(accept, data)
    response = client.post(accept, data, follow=True)
    assert Action.objects.filter(indicator__code="LR-1.1").count() == 1
    assert "already in the plan" in response.content.decode()
    # The database refuses a duplicate even past the view's check (issue 16).
    suggestion = {
        "title": "x",
        "recommendation": assessment.version.threads.get(code="LR-1"),
        "indicator": assessment.version.indicators.get(code="LR-1.1"),
    }
    with pytest.raises(services.ValidationError, match="already in the plan"):
        services.action_accept_suggestion(
            partnership=team["partnership"],
            assessment=assessment,
            suggestion=suggestion,
            by=team["coordinator"],
            owner=owner,
            due_on=None,
        )


def test_accepting_without_owner_and_date_keeps_the_suggestion_and_says_why(client, team):
    assessment = team["assessment"]
    codes = list(assessment.version.indicators.values_list("code", flat=True))
    agree(assessment, team["coordinator"], codes, level=0)
    services.assessment_transition(
        assessment=assessment, to_state="submitted", by=team["coordinator"]
    )
    services.assessment_transition(assessment=assessment, to_state="approved", by=team["approver"])
    client.force_login(team["coordinator"])
    response = client.post(
        reverse("assessments:action_accept", args=[team["partnership"].slug]),
        {"indicator": "LR-1.1", "LR-1.1-due_on": "2030-03-31"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "LR-1.1: Choose the agency that owns this action." in text
    assert 'value="2030-03-31"' in text
    assert not Action.objects.exists()


def test_viewer_home_does_not_link_a_draft(client, team):
    client.force_login(team["viewer"])
    text = client.get(reverse("reports:home")).content.decode()
    assert team["assessment"].get_absolute_url() not in text
    assert "readable once approved" in text


def test_keep_alive_restarts_the_session_only_for_someone_signed_in(client, team):
    target = reverse("assessments:keep_alive")
    assert client.post(target).status_code == 401
    client.force_login(team["respondent"].user)
    assert client.post(target).status_code == 204


def test_section_page_queries_stay_bounded(client, team, django_assert_max_num_queries):
    assessment = team["assessment"]
    services.moderation_open(assessment=assessment, by=team["coordinator"])
    client.force_login(team["coordinator"])
    with django_assert_max_num_queries(13):
        response = client.get(url("assessments:assessment_section", assessment, code="LR-1"))
    assert response.status_code == 200


def test_a_respondents_section_page_reads_in_eight_queries(
    client, team, django_assert_max_num_queries
):
    client.force_login(team["respondent"].user)
    client.get(url("assessments:assessment_section", team["assessment"], code="LR-1"))
    with django_assert_max_num_queries(8):  # session and user included; no session write
        response = client.get(
            url("assessments:assessment_section", team["assessment"], code="LR-2")
        )
    assert response.status_code == 200


def test_kept_typing_is_given_back_only_on_its_page_to_someone_who_may_answer(client, team):
    assessment = team["assessment"]
    section = url("assessments:assessment_section", assessment, code="LR-1")

    def kept_then_sign_in(user) -> str:
        """The session ran out (signed out), the typing was kept, then ``user`` signs in on the
        same browser (kept typing goes back only to the browser that typed it)."""
        client.logout()
        client.post(section, {"note-LR-1.1": "Secret typing", "level-LR-1.1": "1"})
        key = KeptForm.objects.latest("pk").key
        client.force_login(user)
        return key

    key = kept_then_sign_in(team["viewer"])  # may not open the draft at all
    assert client.get(f"{section}?restore={key}").status_code == 404
    key = kept_then_sign_in(team["approver"])  # reads the draft, answers nothing
    assert b"Secret typing" not in client.get(f"{section}?restore={key}").content
    other = url("assessments:assessment_section", assessment, code="LR-2")
    key = kept_then_sign_in(team["respondent"].user)
    assert b"Secret typing" not in client.get(f"{other}?restore={key}").content
    assert b"Secret typing" in client.get(f"{section}?restore={key}").content


def test_nothing_is_kept_for_a_section_of_no_open_assessment(client, team):
    assessment = team["assessment"]
    missing = reverse(
        "assessments:assessment_section",
        kwargs={"slug": assessment.partnership.slug, "pk": assessment.pk + 1000, "code": "LR-1"},
    )
    response = client.post(missing, {"note-LR-1.1": "x", "level-LR-1.1": "1"})
    assert response.status_code == 302 and "restore" not in response["Location"]
    assert not KeptForm.objects.exists()


def test_kept_typing_goes_back_only_to_the_browser_that_typed_it(client, team):
    """A restore link sent to someone else does not fill their form with another's text."""
    assessment = team["assessment"]
    section = url("assessments:assessment_section", assessment, code="LR-1")
    client.post(section, {"note-LR-1.1": "Planted text", "level-LR-1.1": "4"})
    key = KeptForm.objects.get().key
    victim = Client()
    victim.force_login(team["respondent"].user)
    assert b"Planted text" not in victim.get(f"{section}?restore={key}").content
    assert KeptForm.objects.filter(key=key).exists()  # still there for its own browser
    client.force_login(team["respondent"].user)
    assert b"Planted text" in client.get(f"{section}?restore={key}").content


@pytest.mark.parametrize(
    "data", [{}, {"note-LR-1.1": "x"}, {"revision-LR-1.1": ""}, {"revision-LR-1.1": "7"}]
)
def test_the_revision_input_is_what_the_hidden_widget_renders(team, data):
    indicator = Indicator.objects.get(version=team["assessment"].version, code="LR-1.1")
    form = SectionForm(data or None, indicators=[indicator], levels=[(0, "None")], existing={})
    field = form["revision-LR-1.1"]
    assert hidden_input(field) == str(field)
