"""People's data: a person downloads what the site holds about them; an admin anonymises a
person who has left."""

import json

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessments import services
from assessments.models import AgencyRating
from partnerships.models import Membership
from people.services import NOT_YOURSELF, person_anonymise
from tests.factories import (
    ActualFactory,
    AssessmentFactory,
    ExampleFactory,
    MeasureFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def leaver(catalogue):
    """A respondent who rated one indicator, in a partnership with a coordinator."""
    coordinator = MembershipFactory(role="coordinator")
    respondent = MembershipFactory(
        partnership=coordinator.partnership,
        role="respondent",
        user__username="jsmith",
        user__first_name="Jane",
        user__last_name="Smith",
        user__email="jane.smith@police.example.org",
    )
    assessment = AssessmentFactory(partnership=coordinator.partnership, version=catalogue)
    indicator = catalogue.indicators.get(code="LR-4.2")
    with set_actor(respondent.user):  # as AuditlogMiddleware does for a request
        services.agency_ratings_save(
            assessment=assessment,
            membership=respondent,
            answers=[
                services.Answer(indicator=indicator, level=3, note="Joint plan", seen_revision=0)
            ],
            by=respondent.user,
        )
    return respondent


@pytest.fixture
def admin_user(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_a_person_downloads_their_own_data_as_json(client, leaver, django_assert_max_num_queries):
    client.force_login(leaver.user)
    measure = MeasureFactory(partnership=leaver.partnership)
    ActualFactory(measure=measure, entered_by=leaver.user, note="From the police return")
    ActualFactory(measure=measure, year=2006)  # someone else's figure
    ExampleFactory(partnership=leaver.partnership, created_by=leaver.user, title="Our audit")
    with django_assert_max_num_queries(14):  # a fixed number, however much they hold
        response = client.get(reverse("people:my_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "jane.smith@police.example.org"
    assert data["account"]["first_name"] == "Jane"
    assert [m["role"] for m in data["memberships"]] == ["respondent"]
    assert data["memberships"][0]["agency"] == leaver.agency.name
    assert [(r["indicator"], r["level"], r["note"]) for r in data["ratings"]] == [
        ("LR-4.2", 3, "Joint plan")
    ]
    assert [(f["measure"], f["note"]) for f in data["scorecard_figures"]] == [
        (measure.code, "From the police return")
    ]
    assert [e["title"] for e in data["practice_examples"]] == ["Our audit"]


def test_the_download_holds_nobody_elses_data(client, leaver):
    other = MembershipFactory(partnership=leaver.partnership, role="viewer")
    client.force_login(other.user)
    data = json.loads(client.get(reverse("people:my_data")).content)
    assert data["ratings"] == []
    assert "jane.smith" not in json.dumps(data)


def test_the_confirmation_page_names_the_person_and_changes_nothing(client, leaver, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("people:anonymise", kwargs={"pk": leaver.user.pk}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Anonymise Jane Smith?" in body and "cannot be undone" in body
    assert leaver.partnership.name in body
    assert User.objects.get(pk=leaver.user.pk).email == "jane.smith@police.example.org"


def test_anonymising_replaces_name_and_email_and_keeps_the_ratings(client, leaver, admin_user):
    user = leaver.user
    rating = AgencyRating.objects.get(updated_by=user)
    entries_before = LogEntry.objects.filter(actor=user).count()
    assert entries_before and LogEntry.objects.filter(actor_email=user.email).exists()
    client.force_login(admin_user)
    response = client.post(reverse("people:anonymise", kwargs={"pk": user.pk}))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.username.startswith("former-")
    assert (user.first_name, user.last_name, user.email) == ("Former", "member", "")
    assert not user.is_active and not user.has_usable_password()
    assert not Membership.objects.filter(user=user).exists()
    rating.refresh_from_db()
    assert rating.agency == leaver.agency and rating.level == 3 and rating.updated_by == user
    # The audit trail keeps the anonymous account, not the name or address.
    assert LogEntry.objects.filter(actor=user).count() >= entries_before
    assert not LogEntry.objects.filter(actor_email="jane.smith@police.example.org").exists()
    assert not LogEntry.objects.filter(object_repr__contains="jsmith").exists()
    client.logout()
    response = client.post(
        reverse("login"), {"username": "jsmith", "password": "threads-demo"}, follow=True
    )
    assert not response.wsgi_request.user.is_authenticated


def test_the_only_coordinator_cannot_be_anonymised(client, admin_user, catalogue):
    coordinator = MembershipFactory(role="coordinator", user__email="boss@example.org")
    client.force_login(admin_user)
    response = client.post(reverse("people:anonymise", kwargs={"pk": coordinator.user.pk}))
    assert response.status_code == 400
    assert "needs a coordinator" in response.content.decode()
    coordinator.user.refresh_from_db()
    assert coordinator.user.email == "boss@example.org"


def test_nobody_anonymises_themselves(admin_user):
    with pytest.raises(Exception, match=NOT_YOURSELF):
        person_anonymise(user=admin_user, by=admin_user)


def test_the_admin_action_leads_to_the_confirmation_page(client, leaver, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "anonymise_person", "_selected_action": [leaver.user.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:anonymise", kwargs={"pk": leaver.user.pk})


def test_a_non_admin_may_not_anonymise(client, leaver):
    coordinator = Membership.objects.get(partnership=leaver.partnership, role="coordinator")
    client.force_login(coordinator.user)
    response = client.post(reverse("people:anonymise", kwargs={"pk": leaver.user.pk}))
    assert response.status_code == 403
    leaver.user.refresh_from_db()
    assert leaver.user.username == "jsmith"
