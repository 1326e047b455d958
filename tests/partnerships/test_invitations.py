"""Inviting a new person: inactive account, one-time expiring link, password set once."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from partnerships.models import Invitation
from tests.factories import AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-Long-and-unusual-passphrase-42"


def invite(client, django_capture_on_commit_callbacks):
    coordinator = MembershipFactory(role="coordinator")
    agency = AgencyFactory(partnership=coordinator.partnership)
    client.force_login(coordinator.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partnerships:members", args=[coordinator.partnership.slug]),
            {"email": "Fire.Officer@Example.org", "role": "respondent", "agency": agency.pk},
        )
    assert response.status_code == 302
    client.logout()
    return coordinator


def link_from_email() -> str:
    assert len(mail.outbox) == 1
    return re.search(r"https?://[^/]+(/accounts/invitation/\S+/)", mail.outbox[0].body).group(1)


def test_invitation_creates_inactive_account_and_emails_a_link(
    client, django_capture_on_commit_callbacks
):
    coordinator = invite(client, django_capture_on_commit_callbacks)
    user = get_user_model().objects.get(email="fire.officer@example.org")
    assert not user.is_active and not user.has_usable_password()
    assert Invitation.objects.get(membership__user=user).invited_by == coordinator.user
    assert mail.outbox[0].to == ["fire.officer@example.org"]


def test_link_sets_password_once(client, django_capture_on_commit_callbacks):
    invite(client, django_capture_on_commit_callbacks)
    link = link_from_email()
    assert client.get(link).status_code == 200
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    user = get_user_model().objects.get(email="fire.officer@example.org")
    assert user.is_active and user.check_password(NEW_PASSWORD)
    assert Invitation.objects.get(membership__user=user).accepted_at is not None
    again = client.post(
        link, {"new_password1": "x-Other-pass-99", "new_password2": "x-Other-pass-99"}
    )
    assert again.status_code == 400
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_link_expires(client, django_capture_on_commit_callbacks, settings, monkeypatch):
    invite(client, django_capture_on_commit_callbacks)
    link = link_from_email()
    from partnerships.tokens import invitation_token

    later = invitation_token._now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(invitation_token, "_now", lambda: later)
    assert client.get(link).status_code == 400


def test_tampered_link_is_refused(client, django_capture_on_commit_callbacks):
    invite(client, django_capture_on_commit_callbacks)
    link = link_from_email()
    assert client.get(link[:-3] + "zz/").status_code == 400
    assert client.get("/accounts/invitation/MTIzNDU2/abc-def/").status_code == 400


def test_weak_password_is_explained_and_nothing_changes(client, django_capture_on_commit_callbacks):
    invite(client, django_capture_on_commit_callbacks)
    link = link_from_email()
    response = client.post(link, {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200 and "too short" in response.content.decode()
    assert not get_user_model().objects.get(email="fire.officer@example.org").is_active


def _members_url(coordinator) -> str:
    return reverse("partnerships:members", args=[coordinator.partnership.slug])


def test_a_removed_invitee_added_again_gets_a_fresh_link(
    client, django_capture_on_commit_callbacks
):
    coordinator = invite(client, django_capture_on_commit_callbacks)
    user = get_user_model().objects.get(email="fire.officer@example.org")
    client.force_login(coordinator.user)
    membership = user.memberships.get()
    client.post(
        reverse("partnerships:member_remove", args=[coordinator.partnership.slug, membership.pk])
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _members_url(coordinator), {"email": user.email, "role": "viewer"}, follow=True
        )
    assert "Invited fire.officer@example.org" in response.content.decode()
    assert len(mail.outbox) == 2
    client.logout()
    link = re.search(r"(/accounts/invitation/\S+/)", mail.outbox[1].body).group(1)
    assert client.get(link).status_code == 200


def test_the_coordinator_can_send_the_link_again(
    client, django_capture_on_commit_callbacks, settings, monkeypatch
):
    coordinator = invite(client, django_capture_on_commit_callbacks)
    membership = get_user_model().objects.get(email="fire.officer@example.org").memberships.get()
    resend = reverse(
        "partnerships:member_resend", args=[coordinator.partnership.slug, membership.pk]
    )
    client.force_login(coordinator.user)
    assert "Send the link again" in client.get(_members_url(coordinator)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        shown = client.post(resend, follow=True).content.decode()
    assert "Sent a new invitation link" in shown and len(mail.outbox) == 2
    client.logout()
    link = re.search(r"(/accounts/invitation/\S+/)", mail.outbox[1].body).group(1)
    client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.force_login(coordinator.user)
    refused = client.post(resend, follow=True).content.decode()
    assert "has already chosen a password" in refused and len(mail.outbox) == 2


def test_only_the_coordinator_of_that_partnership_may_send_a_link(
    client, django_capture_on_commit_callbacks
):
    coordinator = invite(client, django_capture_on_commit_callbacks)
    membership = get_user_model().objects.get(email="fire.officer@example.org").memberships.get()
    viewer = MembershipFactory(partnership=coordinator.partnership, role="viewer").user
    elsewhere = MembershipFactory(role="coordinator")
    client.force_login(viewer)
    url = reverse("partnerships:member_resend", args=[coordinator.partnership.slug, membership.pk])
    assert client.post(url).status_code == 403
    client.force_login(elsewhere.user)
    assert client.post(url).status_code == 404
    foreign = reverse(
        "partnerships:member_resend", args=[elsewhere.partnership.slug, membership.pk]
    )
    assert client.post(foreign).status_code == 404  # not a member of that partnership
    assert len(mail.outbox) == 1


def test_a_mail_server_that_is_down_does_not_undo_the_invitation(
    client, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.partnerships.test_invitations.FailingBackend"
    coordinator = MembershipFactory(role="coordinator")
    client.force_login(coordinator.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _members_url(coordinator), {"email": "new@example.org", "role": "viewer"}
        )
    assert response.status_code == 302
    assert coordinator.partnership.memberships.filter(user__email="new@example.org").exists()


def test_a_withdrawn_invitation_link_stops_working(client, django_capture_on_commit_callbacks):
    coordinator = invite(client, django_capture_on_commit_callbacks)
    link = link_from_email()
    user = get_user_model().objects.get(email="fire.officer@example.org")
    client.force_login(coordinator.user)
    client.post(
        reverse(
            "partnerships:member_remove",
            args=[coordinator.partnership.slug, user.memberships.get().pk],
        )
    )
    client.logout()
    assert client.get(link).status_code == 400
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.is_active


class FailingBackend:
    """An email backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPServerDisconnected("connection refused")
