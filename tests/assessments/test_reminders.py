"""manage.py send_reminders: who gets what, never twice, dry run, a mail server that is down."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.management import call_command

from assessments import services
from assessments.models import AgencyResponse, Reminder
from tests.catalogue_files import CURRENT_INDICATOR_COUNT as TOTAL
from tests.factories import AssessmentFactory, CycleFactory, MembershipFactory

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2030, 6, 30)


@pytest.fixture
def setup(catalogue, settings):
    settings.SITE_URL = "https://threads.example.gov.uk"
    coordinator = MembershipFactory(
        role="coordinator", user__first_name="Ailsa", user__last_name="Reid"
    )
    partnership = coordinator.partnership
    police = MembershipFactory(
        partnership=partnership, role="respondent", user__first_name="Iain", user__last_name="Bell"
    )
    fire = MembershipFactory(partnership=partnership, role="respondent")
    cycle = CycleFactory(name="2030/31", partner_deadline=DEADLINE)
    assessment = AssessmentFactory(partnership=partnership, cycle=cycle, version=catalogue)
    AgencyResponse.objects.create(assessment=assessment, agency=fire.agency, completed_by=fire.user)
    return {"assessment": assessment, "coordinator": coordinator, "police": police, "fire": fire}


def run(*args):
    call_command("send_reminders", *args)


def test_seven_days_before_respondents_not_complete_and_the_coordinator_are_emailed(setup):
    run("--today", "2030-06-23")
    by_recipient = {m.to[0]: m for m in mail.outbox}
    police = setup["police"].user
    coordinator = setup["coordinator"].user
    assert set(by_recipient) == {police.email, coordinator.email}  # fire has completed
    reminder = by_recipient[police.email]
    assert "Dear Iain Bell" in reminder.body
    assert "in 7 days, on Sunday 30 June 2030" in reminder.body
    url = f"https://threads.example.gov.uk{setup['assessment'].get_absolute_url()}"
    assert url in reminder.body
    summary = by_recipient[coordinator.email]
    assert "Dear Ailsa Reid" in summary.body
    assert "1 of 2 agencies have marked their response complete" in summary.body
    assert f"{setup['police'].agency}: 0 of {TOTAL} rated, not complete" in summary.body
    assert Reminder.objects.count() == 2


def test_never_the_same_reminder_twice_but_the_two_day_one_follows(setup):
    run("--today", "2030-06-23")
    run("--today", "2030-06-24")  # still in the 7-day window: nothing new
    assert len(mail.outbox) == 2
    run("--today", "2030-06-28")
    assert len(mail.outbox) == 4
    assert "in 2 days" in mail.outbox[2].body
    run("--today", "2030-06-29")
    assert len(mail.outbox) == 4


def test_a_missed_day_still_sends_the_reminder_once(setup):
    run("--today", "2030-06-25")  # the job did not run on the 23rd or 24th
    assert len(mail.outbox) == 2


def test_without_a_partner_deadline_the_cycle_deadline_counts(setup):
    cycle = setup["assessment"].cycle
    cycle.partner_deadline, cycle.deadline = None, DEADLINE
    cycle.save()
    run("--today", "2030-06-28")
    assert len(mail.outbox) == 2 and "in 2 days" in mail.outbox[0].body


def test_nothing_outside_the_windows(setup):
    run("--today", "2030-06-20")
    run("--today", "2030-07-01")
    assert mail.outbox == []


def test_dry_run_lists_and_sends_nothing(setup, capsys):
    run("--dry-run", "--today", "2030-06-23")
    out = capsys.readouterr().out
    assert mail.outbox == [] and not Reminder.objects.exists()
    assert f"would send respondent 7-day reminder for {setup['assessment']} to Iain Bell" in out
    assert "would send 2 reminder(s)" in out


def test_a_mail_server_that_is_down_records_nothing_and_the_next_run_sends(setup, monkeypatch):
    from assessments import services

    def down(**kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(services, "send_mail", down)
    with pytest.raises(SystemExit) as exit_info:
        run("--today", "2030-06-23")
    assert exit_info.value.code == 1
    assert not Reminder.objects.exists()
    monkeypatch.undo()
    run("--today", "2030-06-23")
    assert len(mail.outbox) == 2 and Reminder.objects.count() == 2


def test_no_reminders_once_moderation_is_open(setup):
    services.moderation_open(assessment=setup["assessment"], by=setup["coordinator"].user)
    run("--today", "2030-06-23")
    assert mail.outbox == [] and not Reminder.objects.exists()
