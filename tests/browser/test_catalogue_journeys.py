"""Journeys through the Threads of Success catalogue: correcting wording in the admin, and
browsing the catalogue by keyboard alone."""

import re

from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from tests.browser.pages import check_axe, focused_text, login, tab_until
from threads.models import Indicator

ADMIN_PASSWORD = "threads-demo"
USER_PASSWORD = "threads-reader-2000"


def descriptor_table(page: Page, code: str):
    return page.get_by_role("table", name=f"What each level looks like for {code}", exact=True)


def test_admin_corrects_a_descriptor_of_the_published_catalogue(
    page: Page, live_server, transactional_db
):
    """Given the current catalogue "Threads of Success 1.1" and a signed-in administrator,
    when they correct the level-2 descriptor of indicator LR-1.1 in the admin,
    then the admin warns that structure is locked (wording only; copy it as a new draft version),
    and the thread page for LR-1 shows the corrected wording in LR-1.1's level table.
    """
    get_user_model().objects.create_superuser("admin", "admin@example.org", ADMIN_PASSWORD)
    new_text = "A written information-sharing protocol is signed by every partner (corrected)."

    login(page, live_server, "admin", ADMIN_PASSWORD)
    page.get_by_role("banner").get_by_role("link", name="Admin", exact=True).click()
    # No axe run on admin pages: the admin is Django's own markup, not this site's templates.
    admin_content = page.locator("#content-main")
    admin_content.get_by_role("link", name="Threads of Success catalogue", exact=True).click()
    admin_content.get_by_role("link", name="Indicators", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("indicator")
    page.get_by_role("searchbox").fill("LR-1.1")
    page.get_by_role("button", name="Search").click()
    current = page.locator("#result_list tbody tr").filter(has_text="Threads of Success 1.1")
    current.get_by_role("link", name="LR-1.1", exact=True).click()

    expect(page.get_by_text(re.compile("copy it as a new draft version", re.I))).to_be_visible()

    inline = page.locator("#descriptors-group")
    expect(inline.get_by_role("heading", name="Level descriptors")).to_be_visible()
    level_2 = inline.locator("tbody tr").filter(
        has=page.locator("td.field-level", has_text=re.compile(r"^\s*2\b"))
    )
    expect(level_2).to_have_count(1)
    level_2.locator("textarea").fill(new_text)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")

    page.goto(f"{live_server.url}/catalogue/LR-1/")
    row = (
        descriptor_table(page, "LR-1.1")
        .get_by_role("row")
        .filter(has=page.get_by_role("rowheader", name=re.compile(r"^2\b")))
    )
    expect(row.get_by_role("cell")).to_have_text(new_text)
    check_axe(page)


def test_reader_browses_the_catalogue_by_keyboard(page: Page, live_server, transactional_db):
    """Given a signed-in user (no admin rights) on the home page,
    when they use only the keyboard to follow the header's "Catalogue" link and then the link to
    LR-4,
    then the first Tab reaches "Skip to main content", they arrive at /catalogue/LR-4/ with LR-4
    as its main heading, and every indicator of LR-4 has its own level-descriptor table;
    and the sign-in, home, catalogue and thread pages pass axe.
    """
    get_user_model().objects.create_user("reader", "reader@example.org", USER_PASSWORD)
    page.goto(f"{live_server.url}/accounts/login/")
    check_axe(page)
    login(page, live_server, "reader", USER_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    check_axe(page)

    page.keyboard.press("Tab")
    assert focused_text(page) == "Skip to main content"
    tab_until(page, lambda text: text == "Catalogue")
    assert page.evaluate("() => document.activeElement.closest('header') !== null")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/catalogue/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The Threads of Success catalogue")
    check_axe(page)

    tab_until(page, lambda text: text.startswith("LR-4"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/catalogue/LR-4/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("LR-4")

    codes = list(
        Indicator.objects.filter(thread__code="LR-4", version__is_current=True)
        .order_by("order")
        .values_list("code", flat=True)
    )
    assert codes, "the published catalogue should have indicators under LR-4"
    expect(page.get_by_role("table")).to_have_count(len(codes))
    for code in codes:
        table = descriptor_table(page, code)
        expect(table).to_be_visible()
        expect(table.get_by_role("rowheader")).not_to_have_count(0)
    check_axe(page)
