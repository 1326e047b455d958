"""The public-sector pages: readable without signing in, specific to Threads, in every footer."""

import pytest
from django.urls import reverse

from tests.test_permission_matrix import MATRIX, world  # noqa: F401 (the world fixture)

FOOTER_LINKS = ['href="/accessibility/"', 'href="/privacy/"', 'href="/cookies/"']


@pytest.mark.parametrize(
    ("name", "must_say"),
    [
        (
            "pages:accessibility",
            ["WCAG", "2.2", "AA", "axe-core", "vnu", "Known issues", "Reporting a problem"],
        ),
        (
            "pages:privacy",
            [
                "names",
                "email address",
                "Ratings attributed to you",
                "audit trail",
                "How long we keep it",
                "six years",
                "anonymises",
                "threads@localhost",
            ],
        ),
        ("pages:cookies", ["sessionid", "csrftoken", "no cookie banner", "strictly necessary"]),
    ],
)
def test_page_is_public_and_says_what_it_must(client, db, name, must_say):
    response = client.get(reverse(name))
    assert response.status_code == 200
    body = response.content.decode()
    for phrase in must_say:
        assert phrase.lower() in body.lower(), phrase


def test_contact_address_comes_from_settings(client, db, settings):
    settings.THREADS_CONTACT_EMAIL = "community.safety@example.gov.uk"
    body = client.get(reverse("pages:accessibility")).content.decode()
    assert "mailto:community.safety@example.gov.uk" in body


def test_pages_set_no_cookie_for_an_anonymous_reader(client, db):
    for name in ("pages:accessibility", "pages:privacy", "pages:cookies"):
        response = client.get(reverse(name))
        assert not response.cookies, name


@pytest.mark.parametrize("person", ["anonymous", "coordinator", "admin"])
def test_every_page_footer_links_the_three_pages(client, world, person):  # noqa: F811
    """Every HTML page of the site (each URL of the permission matrix) as anonymous, a member
    and an admin, plus the error pages."""
    user = world.people[person]
    if user is not None:
        client.force_login(user)
    checked = 0
    for name, entry in MATRIX.items():
        response = client.get(reverse(name, kwargs=entry.kwargs(world)), follow=True)
        if response.streaming or "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        if not body:  # 405: no page at all
            continue
        for link in FOOTER_LINKS:
            assert link in body, f"{name} ({response.status_code}) lacks {link}"
        checked += 1
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    for link in FOOTER_LINKS:
        assert link in missing.content.decode()
    assert checked >= 20


def test_the_500_page_links_them_too():
    from django.conf import settings

    text = (settings.BASE_DIR / "templates" / "500.html").read_text()
    for link in FOOTER_LINKS:
        assert link in text
