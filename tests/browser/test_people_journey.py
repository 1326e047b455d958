"""Journey of people's data: a person downloads their data; an admin anonymises someone who has
left, from the admin's user list through the confirmation page."""

import json
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from demo.seed import seed_demo
from tests.browser.pages import check_axe, login

DEMO_PASSWORD = "threads-demo"


def test_a_person_downloads_their_data_and_an_admin_anonymises_a_leaver(
    page: Page, live_server, transactional_db
):
    """Given the demo data, when ``police`` follows "Download your data" in the footer, then a
    JSON file names their account and their East Ayrshire membership; when ``admin`` picks
    ``police`` in Admin → Users and chooses "Anonymise the selected person (has left)", then a
    confirmation page (passing axe) names them and, once confirmed, the account is anonymous."""
    seed_demo()
    login(page, live_server, "police", DEMO_PASSWORD)
    with page.expect_download() as download:
        page.get_by_role("contentinfo").get_by_role("link", name="Download your data").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["username"] == "police"
    assert any(m["slug"] == "east-ayrshire" for m in data["memberships"])
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()

    login(page, live_server, "admin", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/admin/auth/user/?q=police")
    page.get_by_role(
        "checkbox", name="Select this object for an action - police", exact=True
    ).check()
    page.locator("select[name=action]").select_option(
        label="Anonymise the selected person (has left)"
    )
    page.get_by_role("button", name="Go").click()
    expect(page).to_have_url(re.compile(r"/people/\d+/anonymise/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anonymise")
    expect(page.get_by_role("main")).to_contain_text("East Ayrshire")
    check_axe(page)
    page.get_by_role("button", name="Anonymise this person").click()
    expect(
        page.get_by_text(re.compile(r"Anonymised the account: it is now former-"))
    ).to_be_visible()
    police = get_user_model().objects.get(username__startswith="former-")
    assert police.email == "" and not police.memberships.exists()
