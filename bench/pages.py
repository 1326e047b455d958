"""In-process timing of the key pages: median wall time over repeated requests and SQL queries.

Nothing is cached between requests (there is no page cache), so every request is a first view:
what a person waits for after the data changed.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from assessments.models import Assessment

REPEATS = 100
ROUNDS = 5
WARM_UP = 3
FLOOR = "sign-in page (floor)"
NATIONAL = ("national overview", "national overview by KLI-2", "scrutiny year")


def _clients() -> dict[str, Client]:
    clients = {"anonymous": Client()}
    for username in ("officer", "police", "forum", "national"):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        clients[username] = client
    token, _ = Token.objects.get_or_create(user=get_user_model().objects.get(username="national"))
    clients["national token"] = Client(headers={"authorization": f"Token {token.key}"})
    return clients


def page_plan() -> list[tuple[str, str, str]]:
    """(name, url, who) for each key page, all on East Ayrshire's demo data."""
    slug = "east-ayrshire"
    draft = Assessment.objects.filter(partnership__slug=slug).exclude(state="approved").get()
    if draft.moderation_opened_at is None:
        Assessment.objects.filter(pk=draft.pk).update(moderation_opened_at=timezone.now())
    approved = (
        Assessment.objects.filter(partnership__slug=slug, state="approved")
        .order_by("-cycle__opens_on")
        .first()
    )
    section = reverse("assessments:assessment_section", args=[slug, draft.pk, "LR-4"])
    national = reverse("reports:national_overview")
    measures = reverse("scorecard:national")
    cycle = approved.cycle.name
    return [
        (FLOOR, reverse("login"), "anonymous"),
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
        ("dashboard (forum)", reverse("reports:dashboard", args=[slug]), "forum"),
        (NATIONAL[0], national, "national"),
        (NATIONAL[1], f"{national}?sort=KLI-2&dir=desc", "national"),
        ("CSV export", reverse("reports:ratings_export", args=[slug, approved.pk, "csv"]), "forum"),
        ("report", reverse("reports:assessment_report", args=[slug, approved.pk]), "forum"),
        ("scorecard", reverse("scorecard:scorecard", args=[slug]), "forum"),
        ("measure across partnerships", f"{measures}?code=FEAR-OF-CRIME", "national"),
        ("practice search", f"{reverse('practice:library')}?q=joint+audit", "officer"),
        ("scrutiny year", reverse("reports:scrutiny"), "national"),
        ("API results", f"{reverse('api:result_list')}?cycle={cycle}", "national token"),
        ("API partnerships", reverse("api:partnership_list"), "national token"),
    ]


def _elapsed_ms(client: Client, url: str) -> float:
    start = time.perf_counter()
    client.get(url)
    return (time.perf_counter() - start) * 1000


def measure(only: tuple[str, ...] | None = None, repeats: int = REPEATS) -> dict[str, dict]:
    """Queries and median time of each page (with the floor always), in rounds so that whatever
    else the machine does meanwhile falls on the floor and every page alike."""
    clients = _clients()
    plan = [p for p in page_plan() if only is None or p[0] in only or p[0] == FLOOR]
    out = {}
    for name, url, who in plan:
        client = clients[who]
        for _ in range(WARM_UP):
            response = client.get(url)
            assert response.status_code == 200, (name, url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        out[name] = {"url": url, "queries": len(queries)}
    times: dict[str, list[float]] = {name: [] for name, _, _ in plan}
    for _ in range(ROUNDS):
        for name, url, who in plan:
            for _ in range(repeats // ROUNDS):
                times[name].append(_elapsed_ms(clients[who], url))
    for name, _, _ in plan:
        out[name]["median_ms"] = round(statistics.median(times[name]), 2)
    return out
