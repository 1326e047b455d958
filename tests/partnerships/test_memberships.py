"""Membership rules: one per person per partnership, respondents name an agency of their own
partnership, the last coordinator stays, and a coordinator's powers end at their partnership."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from partnerships import services
from partnerships.models import Membership
from tests.factories import AgencyFactory, MembershipFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_one_membership_per_user_per_partnership():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=membership.user, partnership=membership.partnership, role="viewer"
        )


def test_database_refuses_a_respondent_without_agency():
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=UserFactory(), partnership=PartnershipFactory(), role="respondent"
        )


def test_respondent_must_name_an_agency_of_that_partnership():
    partnership, elsewhere = PartnershipFactory(), AgencyFactory()
    with pytest.raises(ValidationError) as raised:
        services.membership_add(
            partnership=partnership, email="a@example.org", role="respondent", agency=elsewhere
        )
    assert raised.value.message_dict["agency"] == [services.AGENCY_ELSEWHERE]
    assert not Membership.objects.filter(partnership=partnership).exists()


def test_last_coordinator_cannot_be_removed_or_demoted():
    coordinator = MembershipFactory(role="coordinator")
    with pytest.raises(ValidationError, match="needs a coordinator"):
        services.membership_remove(membership=coordinator)
    with pytest.raises(ValidationError, match="needs a coordinator"):
        services.membership_update(membership=coordinator, role="viewer", agency=None)
    MembershipFactory(partnership=coordinator.partnership, role="coordinator")
    services.membership_update(membership=coordinator, role="viewer", agency=None)
    coordinator.refresh_from_db()
    assert coordinator.role == "viewer"


def test_adding_an_existing_person_twice_is_refused():
    membership = MembershipFactory()
    with pytest.raises(ValidationError, match="already a member"):
        services.membership_add(
            partnership=membership.partnership,
            email=membership.user.email,
            role="viewer",
            agency=None,
        )


@pytest.fixture
def coordinator_client(client):
    coordinator = MembershipFactory(role="coordinator")
    client.force_login(coordinator.user)
    client.coordinator = coordinator
    return client


def test_coordinator_cannot_add_a_member_to_another_partnership(coordinator_client):
    other = MembershipFactory(role="coordinator").partnership
    url = reverse("partnerships:members", args=[other.slug])
    response = coordinator_client.post(url, {"email": "x@example.org", "role": "viewer"})
    assert response.status_code == 404
    assert not Membership.objects.filter(partnership=other, user__email="x@example.org").exists()


def test_tampered_agency_id_from_another_partnership_is_refused(coordinator_client):
    mine = coordinator_client.coordinator.partnership
    foreign_agency = AgencyFactory()
    response = coordinator_client.post(
        reverse("partnerships:members", args=[mine.slug]),
        {"email": "new@example.org", "role": "respondent", "agency": foreign_agency.pk},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Membership.objects.filter(user__email="new@example.org").exists()


def test_tampered_membership_id_of_another_partnership_is_404(coordinator_client):
    mine = coordinator_client.coordinator.partnership
    stranger = MembershipFactory(role="viewer")
    url = reverse("partnerships:member_edit", args=[mine.slug, stranger.pk])
    assert coordinator_client.post(url, {"role": "coordinator"}).status_code == 404
    stranger.refresh_from_db()
    assert stranger.role == "viewer"


def test_coordinator_cannot_make_anyone_admin(coordinator_client):
    mine = coordinator_client.coordinator.partnership
    member = MembershipFactory(partnership=mine, role="viewer")
    url = reverse("partnerships:member_edit", args=[mine.slug, member.pk])
    response = coordinator_client.post(url, {"role": "admin", "is_superuser": "on"})
    assert response.status_code == 400
    member.refresh_from_db()
    member.user.refresh_from_db()
    assert member.role == "viewer" and not member.user.is_superuser


def test_form_errors_show_in_summary_and_beside_the_field(coordinator_client):
    mine = coordinator_client.coordinator.partnership
    response = coordinator_client.post(
        reverse("partnerships:members", args=[mine.slug]),
        {"email": "not-an-email", "role": "respondent"},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in text and 'href="#id_email"' in text
    assert "govuk-error-message" in text
    # Both problems at once, the agency one beside its field, not only on a second try.
    assert "A respondent speaks for one of the partner agencies" in text
    assert 'href="#id_agency"' in text


def test_removing_the_last_coordinator_through_the_page_is_refused(coordinator_client):
    mine = coordinator_client.coordinator.partnership
    url = reverse("partnerships:member_remove", args=[mine.slug, coordinator_client.coordinator.pk])
    response = coordinator_client.post(url)
    assert response.status_code == 400
    assert Membership.objects.filter(pk=coordinator_client.coordinator.pk).exists()


def test_coordinator_changes_role_and_agency(coordinator_client):
    mine = coordinator_client.coordinator.partnership
    member = MembershipFactory(partnership=mine, role="viewer")
    agency = AgencyFactory(partnership=mine)
    url = reverse("partnerships:member_edit", args=[mine.slug, member.pk])
    response = coordinator_client.post(url, {"role": "respondent", "agency": agency.pk})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.role, member.agency) == ("respondent", agency)


def test_a_coordinator_who_steps_down_lands_on_a_page_they_may_see(coordinator_client):
    mine = coordinator_client.coordinator.partnership
    MembershipFactory(partnership=mine, role="coordinator")
    own = coordinator_client.coordinator
    response = coordinator_client.post(
        reverse("partnerships:member_edit", args=[mine.slug, own.pk]),
        {"role": "viewer"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("partnerships:partnership", args=[mine.slug])
    response = coordinator_client.post(
        reverse("partnerships:member_remove", args=[mine.slug, own.pk]), follow=True
    )
    assert response.status_code == 403  # no longer manages: the removal is refused
    assert Membership.objects.filter(pk=own.pk).exists()


def test_a_coordinator_who_leaves_lands_on_their_partnerships(coordinator_client):
    mine = coordinator_client.coordinator.partnership
    MembershipFactory(partnership=mine, role="coordinator")
    own = coordinator_client.coordinator
    response = coordinator_client.post(
        reverse("partnerships:member_remove", args=[mine.slug, own.pk]), follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("reports:home")
    assert not Membership.objects.filter(pk=own.pk).exists()


def test_a_respondent_cannot_promote_themselves(client):
    respondent = MembershipFactory(role="respondent")
    client.force_login(respondent.user)
    url = reverse("partnerships:member_edit", args=[respondent.partnership.slug, respondent.pk])
    assert client.post(url, {"role": "coordinator"}).status_code == 403
    respondent.refresh_from_db()
    assert respondent.role == "respondent"


def test_adding_the_same_person_twice_at_once_is_a_message_not_an_error(
    coordinator_client, monkeypatch
):
    from django.db.models import QuerySet

    mine = coordinator_client.coordinator.partnership
    url = reverse("partnerships:members", args=[mine.slug])
    existing = MembershipFactory(partnership=mine, role="viewer")
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)  # the other request's check passed
    response = coordinator_client.post(url, {"email": existing.user.email, "role": "viewer"})
    monkeypatch.undo()
    assert response.status_code == 400
    assert "was added by someone else just now" in response.content.decode()
    assert Membership.objects.filter(partnership=mine, user=existing.user).count() == 1
