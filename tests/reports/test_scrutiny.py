import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import AgreedRating, Assessment
from partnerships.models import NATIONAL_GROUP, Membership
from reports import scrutiny as scrutiny_module
from reports.models import ScrutinyReminder
from reports.services import NOT_LATE_YET, ReminderRefused, scrutiny_reminders_send
from tests.factories import (
    AssessmentFactory,
    CycleFactory,
    MembershipFactory,
    PartnershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
CYCLE = "2004/05"


@pytest.fixture
def reader(db):
    user = UserFactory(username="national-reader")
    user.groups.add(Group.objects.get_or_create(name=NATIONAL_GROUP)[0])
    return user


@pytest.fixture
def cycle(db):
    return CycleFactory(name=CYCLE, deadline=timezone.localdate() - datetime.timedelta(days=3))


def coordinator(partnership, email):
    return MembershipFactory(
        partnership=partnership, role=Membership.Role.COORDINATOR, user__email=email
    ).user


def draft(partnership, cycle, *, agreed=0, state=Assessment.State.DRAFT):
    assessment = AssessmentFactory(partnership=partnership, cycle=cycle, state=state)
    by = UserFactory()
    AgreedRating.objects.bulk_create(
        AgreedRating(assessment=assessment, indicator=i, level=2, updated_by=by)
        for i in assessment.version.indicators.all()[:agreed]
    )
    return assessment


@pytest.fixture
def year(cycle, catalogue, make_approved):
    """One partnership in each state of the cycle."""
    made = {
        "not_started": PartnershipFactory(name="Angus", slug="angus"),
        "draft": PartnershipFactory(name="Borders", slug="borders"),
        "returned": PartnershipFactory(name="Clackmannan", slug="clack"),
        "submitted": PartnershipFactory(name="Dundee", slug="dundee"),
        "approved": PartnershipFactory(name="Edinburgh", slug="edinburgh"),
    }
    draft(made["draft"], cycle, agreed=7)
    draft(made["returned"], cycle, agreed=3, state=Assessment.State.RETURNED)
    draft(made["submitted"], cycle, agreed=5, state=Assessment.State.SUBMITTED)
    make_approved(made["approved"], CYCLE)
    for key, partnership in made.items():
        coordinator(partnership, f"{key}@example.org")
    return made


def page(client, user, **params):
    client.force_login(user)
    return client.get(reverse("reports:scrutiny"), params)


def rows(html):
    table = html.split('id="scrutiny-table"')[1].split("</table>")[0]
    return {
        slug: body
        for slug, body in re.findall(r'data-partnership="([\w-]+)">(.*?)</tr>', table, re.S)
    }


def test_every_partnership_with_its_state_progress_and_overdue(client, reader, year, catalogue):
    html = page(client, reader, cycle=CYCLE).content.decode()
    shown = rows(html)
    assert set(shown) == {"angus", "borders", "clack", "dundee", "edinburgh"}
    states = {slug: re.search(r'data-state="(\w+)"', body).group(1) for slug, body in shown.items()}
    assert states == {
        "angus": "not_started",
        "borders": "draft",
        "clack": "returned",
        "dundee": "submitted",
        "edinburgh": "approved",
    }
    total = catalogue.indicators.count()
    assert f"7 of {total} indicators agreed" in shown["borders"]
    assert f"3 of {total} indicators agreed" in shown["clack"]
    overdue = {slug for slug, body in shown.items() if "data-overdue" in body}
    assert overdue == {"angus", "borders", "clack"}
    counts = dict(re.findall(r'data-state-count="(\w+)">(\d+)<', html))
    assert counts == {
        "not_started": "1",
        "draft": "1",
        "submitted": "1",
        "returned": "1",
        "approved": "1",
    }
    assert re.search(r"data-overdue-count>3<", html)


def test_nothing_is_overdue_before_the_deadline(client, reader, year, cycle):
    cycle.deadline = timezone.localdate() + datetime.timedelta(days=1)
    cycle.save()
    html = page(client, reader, cycle=CYCLE).content.decode()
    assert "data-overdue>" not in html
    assert "Send a reminder" not in html


def test_partnerships_without_an_approved_result_are_named(client, reader, year):
    html = page(client, reader, cycle=CYCLE, show="outstanding").content.decode()
    assert set(rows(html)) == {"angus", "borders", "clack", "dundee"}
    html = page(client, reader, cycle=CYCLE, show="overdue").content.decode()
    assert set(rows(html)) == {"angus", "borders", "clack"}


def test_reminder_goes_to_late_coordinators_once_a_day(
    client, reader, year, cycle, django_capture_on_commit_callbacks
):
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        with_capture = client.post(
            reverse("reports:scrutiny_remind"), {"cycle": CYCLE}, follow=True
        )
    assert with_capture.status_code == 200
    assert "Reminder sent to the coordinators of 3 late partnerships" in (
        with_capture.content.decode()
    )
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["draft@example.org", "not_started@example.org", "returned@example.org"]
    borders = next(m for m in mail.outbox if m.to == ["draft@example.org"])
    assert borders.subject == f"Threads of Success {CYCLE}: your self-assessment is overdue"
    assert "Borders" in borders.body and cycle.deadline.strftime("%d %B %Y") in borders.body
    assert set(ScrutinyReminder.objects.values_list("partnership__slug", flat=True)) == {
        "angus",
        "borders",
        "clack",
    }
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("reports:scrutiny_remind"), {"cycle": CYCLE}, follow=True)
    assert "already been reminded today" in again.content.decode()
    assert len(mail.outbox) == 3
    assert ScrutinyReminder.objects.count() == 3
    # The page shows when each was reminded.
    shown = rows(page(client, reader, cycle=CYCLE).content.decode())
    assert timezone.localdate().strftime("%-d %b %Y") in shown["angus"]


def test_the_database_refuses_a_second_reminder_the_same_day(year, cycle, reader):
    ScrutinyReminder.objects.create(partnership=year["draft"], cycle=cycle, sent_by=reader)
    with pytest.raises(IntegrityError):
        ScrutinyReminder.objects.create(partnership=year["draft"], cycle=cycle, sent_by=reader)


def test_a_new_day_may_remind_again(year, cycle, reader):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert len(scrutiny_reminders_send(cycle=cycle, by=reader, today=yesterday)) == 3
    assert len(scrutiny_reminders_send(cycle=cycle, by=reader)) == 3
    assert len(scrutiny_reminders_send(cycle=cycle, by=reader)) == 0


def test_no_reminder_before_the_deadline(year, cycle, reader):
    cycle.deadline = timezone.localdate()
    cycle.save()
    with pytest.raises(ReminderRefused) as refused:
        scrutiny_reminders_send(cycle=cycle, by=reader)
    assert str(refused.value) == NOT_LATE_YET.format(cycle=cycle)
    assert not ScrutinyReminder.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "viewer"])
def test_members_may_neither_read_nor_remind(client, year, cycle, role):
    user = MembershipFactory(partnership=year["draft"], role=role).user
    client.force_login(user)
    assert client.get(reverse("reports:scrutiny")).status_code == 403
    assert client.post(reverse("reports:scrutiny_remind"), {"cycle": CYCLE}).status_code == 403
    assert not ScrutinyReminder.objects.exists()


def test_reminding_is_a_post(client, reader, cycle):
    client.force_login(reader)
    assert client.get(reverse("reports:scrutiny_remind")).status_code == 405


def test_bad_cycle_is_refused(client, reader, cycle):
    response = page(client, reader, cycle="1999/00")
    assert response.status_code == 400
    assert "Choose a cycle from the list." in response.content.decode()
    client.force_login(reader)
    response = client.post(reverse("reports:scrutiny_remind"), {"cycle": "nope"}, follow=True)
    assert response.status_code == 200
    assert "Choose a cycle from the list." in response.content.decode()


def test_pages_keep_the_cycle_and_filter(client, reader, cycle, monkeypatch):
    monkeypatch.setattr(scrutiny_module, "PAGE_SIZE", 2)
    for name in "ABC":
        PartnershipFactory(name=f"Partnership {name}")
    html = page(client, reader, cycle=CYCLE, show="outstanding").content.decode()
    assert "Partnership A" in html and "Partnership C" not in html
    nxt = re.search(r'href="\?([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    assert "cycle=2004%2F05" in nxt and "show=outstanding" in nxt and "page=2" in nxt
    second = client.get(reverse("reports:scrutiny") + "?" + nxt).content.decode()
    assert "Partnership C" in second and "Page 2 of 2" in second


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("reports:scrutiny"), {"cycle": CYCLE}).status_code == 200
    return len(queries)


def test_query_count_is_the_same_at_5_and_40_partnerships(client, reader, year, cycle):
    client.force_login(reader)
    few = _queries(client)
    states = [None, Assessment.State.DRAFT, Assessment.State.RETURNED, Assessment.State.SUBMITTED]
    for n in range(35):
        partnership = PartnershipFactory()
        if states[n % 4]:
            draft(partnership, cycle, agreed=n % 6, state=states[n % 4])
        if n % 3 == 0:
            ScrutinyReminder.objects.create(partnership=partnership, cycle=cycle)
    assert _queries(client) == few


@pytest.mark.parametrize("show", ["all", "outstanding", "overdue"])
def test_the_number_of_pages_is_the_number_of_rows_shown(client, reader, year, show, monkeypatch):
    """The pages are counted from the state counts, not by counting the rows again: one row a
    page gives as many pages as the filter lists partnerships."""
    listed = len(rows(page(client, reader, cycle=CYCLE, show=show).content.decode()))
    monkeypatch.setattr(scrutiny_module, "PAGE_SIZE", 1)
    html = page(client, reader, cycle=CYCLE, show=show).content.decode()
    assert f"Page 1 of {listed}" in html


def test_a_row_says_when_its_partnership_was_last_reminded(client, reader, year, cycle):
    borders = year["draft"]
    ScrutinyReminder.objects.create(
        partnership=borders, cycle=cycle, date=datetime.date(2004, 10, 1)
    )
    ScrutinyReminder.objects.create(
        partnership=borders, cycle=cycle, date=datetime.date(2004, 11, 3)
    )
    shown = rows(page(client, reader, cycle=CYCLE).content.decode())
    assert "3 Nov 2004" in shown["borders"] and "1 Oct 2004" not in shown["borders"]
    assert shown["angus"].rstrip().endswith('<td class="govuk-table__cell">–</td>')


def test_a_page_is_six_queries_at_any_size(
    client, reader, year, cycle, django_assert_max_num_queries
):
    """Session, person, the chosen cycle, the cycles with the partnerships and today's reminders
    counted, the states counted, the page with its progress and reminders."""
    client.force_login(reader)
    for n in range(12):
        draft(PartnershipFactory(), cycle, agreed=n % 6)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("reports:scrutiny"), {"cycle": CYCLE})
    assert response.status_code == 200
