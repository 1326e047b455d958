"""Journeys through the library of credible practice: an officer goes from a gap in the action
plan to an example and into the plan; the practice editor endorses a submitted example; a
visitor who has not signed in reads a public one. Every page is checked with axe."""

import re

from playwright.sync_api import Page, expect

from assessments.models import Action
from demo.seed import seed_demo
from practice.models import Adoption, Example
from tests.browser.conftest import SCREENSHOT_DIR
from tests.browser.pages import check_axe, login

DEMO_PASSWORD = "threads-demo"
AUDIT_TO_PROGRAMME = "From the audit to a programme of action with named leads"


def test_officer_finds_an_example_from_a_gap_and_adds_it_to_the_action_plan(
    page: Page, live_server, transactional_db
):
    """Given the demo, when ``officer`` opens East Ayrshire's action plan and follows the
    "1 example" link beside the LR-4.4 suggestion, opens the audit-to-programme example and uses
    it for
    LR-4.4, then the action plan lists an action on LR-4.4 that names the example, and the
    example records the adoption; each page passes axe."""
    seed_demo()
    login(page, live_server, "officer", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/p/east-ayrshire/actions/")
    check_axe(page)
    page.get_by_role("link", name=re.compile(r"examples? of credible practice for LR-4\.4")).click()
    expect(page).to_have_url(re.compile(r"/practice/\?indicator=LR-4\.4$"))
    expect(page.locator("#id_indicator")).to_have_value("LR-4.4")
    check_axe(page)

    page.get_by_role("link", name=AUDIT_TO_PROGRAMME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(AUDIT_TO_PROGRAMME)
    check_axe(page)
    page.get_by_role("radio", name=re.compile(r"East Ayrshire.*: LR-4\.4")).check()
    page.get_by_role("button", name="Use this in our action plan").click()

    expect(page).to_have_url(f"{live_server.url}/p/east-ayrshire/actions/")
    expect(page.get_by_text("Added to the action plan for LR-4.4")).to_be_visible()
    action = Adoption.objects.get(example__title=AUDIT_TO_PROGRAMME).action
    assert action.indicator.code == "LR-4.4" and action.status == Action.Status.PLANNED
    row = page.get_by_role("row").filter(has_text=action.title)
    expect(row).to_contain_text("LR-4.4")
    check_axe(page)


def test_practice_editor_endorses_a_submitted_example(page: Page, live_server, transactional_db):
    """Given the demo's submitted East Ayrshire example, when ``editor`` finds it under
    "Examples in progress" and endorses it, then it is "Endorsed" and the history says who
    endorsed it; each page passes axe."""
    seed_demo()
    submitted = Example.objects.get(state="submitted")
    login(page, live_server, "editor", DEMO_PASSWORD)
    page.get_by_role("banner").get_by_role("link", name="Credible practice").click()
    page.get_by_role("link", name="Examples in progress").click()
    check_axe(page)
    page.get_by_role("link", name=submitted.title).click()
    check_axe(page)
    page.get_by_role("link", name=re.compile("^Endorse, return or publish")).click()
    check_axe(page)
    page.get_by_role("radio", name="Endorse it").check()
    page.get_by_role("button", name="Record decision").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(submitted.title)
    expect(page.locator(".govuk-tag").first).to_have_text("Endorsed")
    expect(page.get_by_text("moved it from submitted for endorsement to endorsed")).to_be_visible()
    check_axe(page)
    submitted.refresh_from_db()
    assert submitted.state == "endorsed"


def test_visitor_reads_a_public_example_without_signing_in(
    page: Page, live_server, transactional_db
):
    """Given the demo, when a visitor who has not signed in opens ``/practice/`` and searches for
    "audit", then only public examples are listed, with the word marked, and a public one
    opens in full; the library fits a 320 px screen; each page passes axe."""
    seed_demo()
    page.goto(f"{live_server.url}/practice/")
    check_axe(page)
    page.get_by_label("Search the library").fill("audit")
    page.get_by_role("button", name="Search").click()
    expect(
        page.get_by_role("heading", name=re.compile(r"examples? matching “audit”"))
    ).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    listed = page.locator("main h3 a").all_inner_texts()
    public = set(Example.objects.filter(is_public=True).values_list("title", flat=True))
    assert listed and set(listed) <= public
    check_axe(page)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOT_DIR / "practice.png", full_page=True)

    page.locator("main h3 a").first.click()
    expect(page.get_by_role("term").filter(has_text="What was done")).to_be_visible()
    expect(page.get_by_text("Public: anyone can read it without signing in.")).to_be_visible()
    expect(page.get_by_role("button", name="Use this in our action plan")).to_have_count(0)
    check_axe(page)

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/practice/?q=audit")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
