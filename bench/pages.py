"""In-process timing of the key pages: median wall time over repeated requests and SQL queries."""

import statistics
import time

from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment

REPEATS = 200
ROUNDS = 5
WARM_UP = 3
FIRST_VIEWS = 10
FLOOR = "sign-in page (floor)"


def _clients() -> dict[str, Client]:
    from django.contrib.auth import get_user_model

    clients = {"anonymous": Client()}
    for username in ("officer", "police", "forum", "national"):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        clients[username] = client
    return clients


def page_plan() -> list[tuple[str, str, str]]:
    """(name, url, who) for each key page, all on East Ayrshire's demo data."""
    slug = "east-ayrshire"
    draft = Assessment.objects.filter(partnership__slug=slug).exclude(state="approved").get()
    if draft.moderation_opened_at is None:
        from django.utils import timezone

        Assessment.objects.filter(pk=draft.pk).update(moderation_opened_at=timezone.now())
    approved = (
        Assessment.objects.filter(partnership__slug=slug, state="approved")
        .order_by("-cycle__opens_on")
        .first()
    )
    section = reverse("assessments:assessment_section", args=[slug, draft.pk, "LR-4"])
    return [
        (FLOOR, reverse("login"), "anonymous"),
        ("healthz", reverse("healthz"), "anonymous"),
        ("your partnerships", reverse("reports:home"), "officer"),
        ("catalogue", reverse("threads:catalogue"), "officer"),
        (
            "assessment overview",
            reverse("assessments:assessment", args=[slug, draft.pk]),
            "officer",
        ),
        ("section form", section, "police"),
        ("moderation", section, "officer"),
        ("dashboard", reverse("reports:dashboard", args=[slug]), "officer"),
        ("national overview", reverse("reports:national_overview"), "national"),
        ("CSV export", reverse("reports:ratings_export", args=[slug, approved.pk, "csv"]), "forum"),
        ("report", reverse("reports:assessment_report", args=[slug, approved.pk]), "forum"),
    ]


def _elapsed_ms(client: Client, url: str) -> float:
    start = time.perf_counter()
    client.get(url)
    return (time.perf_counter() - start) * 1000


def _first_view_ms(client: Client, url: str) -> float:
    """Median of requests each made with the page cache emptied first (a page's first view
    after its data changed)."""
    times = []
    for _ in range(FIRST_VIEWS):
        caches["pages"].clear()
        times.append(_elapsed_ms(client, url))
    return round(statistics.median(times), 2)


def measure(repeats: int = REPEATS) -> dict[str, dict]:
    clients = _clients()
    plan = page_plan()
    out = {}
    for name, url, who in plan:
        client = clients[who]
        for _ in range(WARM_UP):
            response = client.get(url)
            assert response.status_code == 200, (name, url, response.status_code)
        caches["pages"].clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        first_queries = len(queries)  # now: the next request clears the log it reads from
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        out[name] = {"url": url, "queries": len(queries), "first_queries": first_queries}
    # Repeat views in rounds: each round runs a block of requests to each page in turn (the
    # same page back to back, as a person reloading it would), so that whatever else the machine
    # does over the minute falls on the floor and on every page alike.
    times: dict[str, list[float]] = {name: [] for name, _, _ in plan}
    for _ in range(ROUNDS):
        for name, url, who in plan:
            for _ in range(repeats // ROUNDS):
                times[name].append(_elapsed_ms(clients[who], url))
    for name, url, who in plan:
        out[name]["median_ms"] = round(statistics.median(times[name]), 2)
        out[name]["first_ms"] = _first_view_ms(clients[who], url)
    return out
