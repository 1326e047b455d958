"""The national reader runs the scrutiny year: opens it, reminds the late coordinators, reads the
national paper. Every page is checked with axe and must not scroll sideways at 320 px."""

import datetime

from django.utils import timezone
from playwright.sync_api import Page, expect

from demo.seed import seed_demo
from partnerships.models import Membership
from reports.models import ScrutinyReminder
from reports.national import default_cycle
from tests.browser.pages import check_axe, login
from tests.factories import MembershipFactory, PartnershipFactory

DEMO_PASSWORD = "threads-demo"


def no_sideways_scroll(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"{page.url} scrolls sideways at 320 px ({width} px wide)"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_national_reader_reminds_late_coordinators_and_reads_the_paper(
    page: Page, live_server, transactional_db
):
    """Given the demo data, the overview's cycle whose deadline passed yesterday and a
    partnership that has not started it, when ``national`` opens the scrutiny year from the
    national overview, then the late partnership is named as overdue; when they send a reminder,
    then it is confirmed and recorded once; and the national report opens with its six numbered
    sections."""
    seed_demo()
    cycle = default_cycle()  # the overview's cycle, which its scrutiny link keeps
    cycle.deadline = timezone.localdate() - datetime.timedelta(days=1)
    cycle.save()
    late = PartnershipFactory(name="Late Partnership", slug="late-partnership")
    MembershipFactory(
        partnership=late, role=Membership.Role.COORDINATOR, user__email="late@example.org"
    )

    login(page, live_server, "national", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/national/")
    page.get_by_role("link", name="Scrutiny year: who has not started, who is late").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Scrutiny year {cycle}")
    row = page.locator("#scrutiny-table tr[data-partnership='late-partnership']")
    expect(row).to_contain_text("Not started")
    expect(row).to_contain_text("Overdue")
    check_axe(page)
    no_sideways_scroll(page)

    page.get_by_role("button", name="Send a reminder to the coordinators who are late").click()
    expect(page.get_by_role("alert")).to_contain_text("Reminder sent to the coordinators of")
    expect(page.get_by_role("alert")).to_contain_text("Late Partnership")
    check_axe(page)
    assert ScrutinyReminder.objects.filter(partnership=late, cycle=cycle).count() == 1
    page.get_by_role("button", name="Send a reminder to the coordinators who are late").click()
    expect(page.get_by_text("already been reminded today")).to_be_visible()
    assert ScrutinyReminder.objects.filter(partnership=late, cycle=cycle).count() == 1

    page.get_by_role("link", name="national report").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Threads of Success")
    for heading in ("1. Purpose", "3. Discussion", "6. Recommendations"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_role("link", name="Download the report as a PDF")).to_be_visible()
    check_axe(page)
    no_sideways_scroll(page)


def test_an_analyst_reads_the_api_documentation_without_signing_in(
    page: Page, live_server, transactional_db
):
    """Given nobody signed in, when an analyst opens /api/docs/, then every endpoint is listed
    with how to send a token, the schema link answers, and the page passes axe."""
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Threads read-only API")
    expect(page.get_by_text("Authorization: Token", exact=False).first).to_be_visible()
    expect(page.get_by_role("heading", name="GET /api/results/", exact=True)).to_be_visible()
    check_axe(page)
    no_sideways_scroll(page)
    response = page.request.get(f"{live_server.url}/api/schema/?format=json")
    assert response.status == 200 and response.json()["openapi"].startswith("3.")
