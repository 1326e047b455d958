"""Journey of the audit trail: a coordinator changes an agreed rating and reads who changed
what, and when, on the indicator's history page."""

import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from assessments.models import Assessment
from demo.seed import seed_demo
from tests.browser.pages import check_axe, login

DEMO_PASSWORD = "threads-demo"
SLUG = "east-ayrshire"


def indicator_group(page: Page, code: str):
    return page.get_by_role("group", name=f"Agreed level for {code}")


def agree(page: Page, section_url: str, level: int, note: str) -> None:
    page.goto(section_url)
    indicator_group(page, "LR-1.1").get_by_role("radio", name=re.compile(rf"^{level} ")).check()
    page.get_by_label("Reason for the agreed level for LR-1.1").fill(note)
    # The section saves all its indicators: the others keep or get a reason of their own.
    reasons = page.get_by_label(re.compile(r"^Reason for the agreed level for LR-1\.[2-9]"))
    for i in range(reasons.count()):
        if not reasons.nth(i).input_value():
            reasons.nth(i).fill("Agreed at the partners' median after discussion.")
    page.get_by_role("button", name="Save and return to the task list").click()
    expect(page.get_by_role("alert").filter(has_text="Success")).to_contain_text("Saved LR-1:")


def test_coordinator_changes_a_rating_and_sees_the_history(
    page: Page, live_server, transactional_db
):
    """Given the demo data with East Ayrshire's open 2004/05 draft,
    when the coordinator ``officer`` agrees LR-1.1 at level 1, then changes it to level 3 with
    a new reason, and follows "History of LR-1.1" from the section page,
    then the history lists the change from 1 to 3 and from the old reason to the new one, made
    by ``officer``, newest first, and the section and history pages pass axe."""
    seed_demo()
    assessment = Assessment.objects.get(partnership__slug=SLUG, cycle__name="2004/05")
    if assessment.moderation_opened_at is None:  # the coordinator agrees levels in moderation
        Assessment.objects.filter(pk=assessment.pk).update(moderation_opened_at=timezone.now())
    section_url = f"{live_server.url}/p/{SLUG}/assessments/{assessment.pk}/sections/LR-1/"

    login(page, live_server, "officer", DEMO_PASSWORD)
    agree(page, section_url, 1, "Strategic group agreed, not yet meeting.")
    agree(page, section_url, 3, "Strategic group meets quarterly; minutes seen.")

    page.goto(section_url)
    check_axe(page)
    page.get_by_role("link", name=re.compile(r"^History of LR-1\.1")).click()
    expect(page).to_have_url(re.compile(r"/history/LR-1\.1/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("History of LR-1.1")

    table = page.get_by_role("table", name="Changes to LR-1.1")
    newest = table.get_by_role("row").nth(1)  # the first row under the header
    expect(newest).to_contain_text("Changed: Agreed level")
    expect(newest).to_contain_text("officer")
    expect(newest).to_contain_text("Level: 1 → 3")
    expect(newest).to_contain_text(
        "Strategic group agreed, not yet meeting. → Strategic group meets quarterly; minutes seen."
    )
    check_axe(page)
    page.set_viewport_size({"width": 320, "height": 800})
    scrolls = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    assert not scrolls, "the history page scrolls sideways at 320 px"
