"""Password reset is throttled per address and per client, across app servers (database)."""

import pytest
from django.core import mail
from django.urls import reverse

from people.models import PasswordResetRequest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def ask(client, email, address="203.0.113.5"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_one_address_gets_at_most_the_limit_of_emails_an_hour(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 3
    UserFactory(username="jo", email="jo@example.org")
    for n in range(5):
        response = ask(client, "jo@example.org", address=f"198.51.100.{n}")
        assert response.status_code == 302  # the same answer every time: nothing revealed
        assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 3


def test_one_client_is_refused_past_its_limit_with_the_form_kept(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_CLIENT = 4
    for n in range(4):
        assert ask(client, f"person{n}@example.org").status_code == 302
    response = ask(client, "yet.another@example.org")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many password reset requests" in body
    assert "yet.another@example.org" in body
    assert ask(client, "someone@example.org", address="192.0.2.9").status_code == 302


def test_no_address_is_stored(client):
    ask(client, "private.person@example.org")
    row = PasswordResetRequest.objects.get()
    assert "private" not in row.email_digest and "203.0.113" not in row.client_digest
