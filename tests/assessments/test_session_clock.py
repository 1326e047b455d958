"""The timeout warning's clock: restarted by opening a form only once it has run a while."""

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import session_clock
from assessments.models import Assessment


class FakeSession(dict):
    modified = False

    def __setitem__(self, key, value):
        self.modified = True
        super().__setitem__(key, value)


def test_a_new_session_starts_the_clock_and_counts_the_whole_age():
    session = FakeSession()
    assert session_clock.seconds_left(session, now=1000.0) == settings.SESSION_COOKIE_AGE
    assert session.modified


def test_within_the_restart_interval_the_clock_runs_on_without_a_write():
    session = FakeSession({session_clock.KEY: 1000.0})
    assert session_clock.seconds_left(session, now=1100.0) == settings.SESSION_COOKIE_AGE - 100
    assert not session.modified


def test_after_the_restart_interval_the_clock_restarts():
    session = FakeSession({session_clock.KEY: 1000.0})
    later = 1000.0 + session_clock.RESTART_AFTER + 1
    assert session_clock.seconds_left(session, now=later) == settings.SESSION_COOKIE_AGE
    assert session[session_clock.KEY] == later and session.modified


def test_a_clock_in_the_future_or_not_a_number_restarts():
    for bad in (5000.0, "soon", None):
        session = FakeSession({session_clock.KEY: bad})
        assert session_clock.seconds_left(session, now=1000.0) == settings.SESSION_COOKIE_AGE
        assert session[session_clock.KEY] == 1000.0


def section_url(assessment, code="LR-1"):
    return reverse(
        "assessments:assessment_section", args=[assessment.partnership.slug, assessment.pk, code]
    )


def session_writes(queries) -> int:
    return sum(
        1
        for q in queries.captured_queries
        if q["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"]
    )


def test_opening_the_form_again_soon_does_not_write_the_session(client, team):
    client.force_login(team["respondent"].user)
    first = client.get(section_url(team["assessment"]))
    assert f'data-timeout-seconds="{settings.SESSION_COOKIE_AGE}"' in first.content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(section_url(team["assessment"], "LR-2"))
    assert again.status_code == 200
    assert session_writes(queries) == 0
    assert "data-timeout-seconds=" in again.content.decode()


def test_stay_signed_in_restarts_the_clock(client, team):
    client.force_login(team["respondent"].user)
    session = client.session
    session[session_clock.KEY] = 1.0  # long ago
    session.save()
    assert client.post(reverse("assessments:keep_alive")).status_code == 204
    assert client.session[session_clock.KEY] > 1.0


def test_a_read_only_form_has_no_timeout_warning(client, team):
    assessment = team["assessment"]
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.SUBMITTED)
    client.force_login(team["respondent"].user)
    html = client.get(section_url(assessment)).content.decode()
    assert "data-timeout-seconds" not in html
