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
            reverse("members", args=[coordinator.partnership.slug]),
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
