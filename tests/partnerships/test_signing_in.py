"""Signing in, landing on "Your partnerships", throttling and the demo accounts."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse

from partnerships.models import Membership, Partnership

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_the_contract_partnerships_and_accounts(demo, client):
    assert set(demo) == {
        "angus",
        "city-of-edinburgh",
        "east-dunbartonshire",
        "fife",
        "south-ayrshire",
        "east-ayrshire",
    }
    roles = dict(
        Membership.objects.filter(partnership__slug="east-ayrshire").values_list(
            "user__username", "role"
        )
    )
    assert {k: roles[k] for k in ["officer", "police", "chair", "forum"]} == {
        "officer": "coordinator",
        "police": "respondent",
        "chair": "approver",
        "forum": "viewer",
    }
    for username in ["admin", "national", "officer", "police", "chair", "forum"]:
        request = RequestFactory().post("/accounts/login/")
        assert authenticate(request, username=username, password="threads-demo"), username


def test_seed_demo_is_idempotent(demo):
    from demo.seed import seed_demo

    counts = (Partnership.objects.count(), Membership.objects.count())
    seed_demo()
    assert (Partnership.objects.count(), Membership.objects.count()) == counts


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo", stdout=io.StringIO())


def test_login_lands_on_your_partnerships(demo, client):
    response = client.post(
        reverse("login"), {"username": "officer", "password": "threads-demo"}, follow=True
    )
    text = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("reports:home")
    assert "East Ayrshire Community Safety Partnership" in text and "Coordinator" in text
    assert "Fife" not in text


def test_repeated_failed_logins_are_throttled(demo, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "officer", "password": "threads-demo"})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "paused for 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_behind_a_proxy_the_throttle_counts_per_client_not_per_proxy(demo, client, settings):
    settings.PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "officer", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="198.51.100.7",  # an attacker, through the load balancer
            **proxy,
        )
    from django.test import Client

    colleague = Client()
    response = colleague.post(
        reverse("login"),
        {"username": "officer", "password": "threads-demo"},
        HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.9",  # the real officer, elsewhere
        **proxy,
    )
    assert response.status_code == 302  # not locked out by someone else's failures


def test_client_address_ignores_what_the_client_wrote(settings, rf):
    from config.client_ip import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    settings.PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.5"
    settings.PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"
    settings.PROXY_COUNT = 3  # fewer entries than proxies: fall back to the direct peer
    assert client_ip(request) == "10.0.0.5"


def test_wrong_password_shows_an_error(demo, client):
    response = client.post(reverse("login"), {"username": "officer", "password": "nope"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_sign_out_needs_post_and_ends_the_session(demo, client):
    client.post(reverse("login"), {"username": "forum", "password": "threads-demo"})
    assert client.get(reverse("reports:home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("reports:home")).status_code == 302


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 60 * 60 * 12
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_demo_assessments_start_within_their_cycle(demo):
    from assessments.models import Assessment

    for assessment in Assessment.objects.select_related("cycle"):
        cycle = assessment.cycle
        assert cycle.opens_on <= assessment.created_at.date() <= cycle.closes_on
        first = assessment.transitions.order_by("at").first()
        assert first is None or first.at >= assessment.created_at
