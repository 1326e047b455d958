"""Invitations: an over-long address is a form error; only the newest link works."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from partnerships.models import Membership
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-Long-and-unusual-passphrase-42"


def test_an_email_over_254_characters_is_refused_by_the_form(client):
    coordinator = MembershipFactory(role="coordinator")
    client.force_login(coordinator.user)
    email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".org"  # 313 characters
    assert len(email) > 254
    response = client.post(
        reverse("partnerships:members", args=[coordinator.partnership.slug]),
        {"email": email, "first_name": "Long", "role": "viewer"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "at most 254 characters" in body
    assert 'value="Long"' in body  # what was typed comes back
    assert not get_user_model().objects.filter(first_name="Long").exists()
    assert Membership.objects.count() == 1


def test_after_send_the_link_again_only_the_newest_link_works(
    client, django_capture_on_commit_callbacks
):
    coordinator = MembershipFactory(role="coordinator")
    client.force_login(coordinator.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("partnerships:members", args=[coordinator.partnership.slug]),
            {"email": "new.person@example.org", "role": "viewer"},
        )
    membership = Membership.objects.get(user__email="new.person@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse(
                "partnerships:member_resend", args=[coordinator.partnership.slug, membership.pk]
            )
        )
    assert len(mail.outbox) == 2
    first, newest = (
        re.search(r"(/accounts/invitation/\S+/)", m.body).group(1) for m in mail.outbox
    )
    assert first != newest
    client.logout()
    assert client.get(first).status_code == 400
    refused = client.post(first, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert refused.status_code == 400
    assert client.get(newest).status_code == 200
    accepted = client.post(newest, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert accepted.status_code == 302
