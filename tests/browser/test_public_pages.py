"""The accessibility statement, privacy notice and cookies page: readable without signing in,
reached from the footer, and passing axe."""

from playwright.sync_api import Page, expect

from tests.browser.pages import check_axe

PAGES = [
    ("Accessibility", "Accessibility statement for Threads"),
    ("Privacy", "Privacy notice"),
    ("Cookies", "Cookies"),
]


def test_public_pages_from_the_footer_pass_axe(page: Page, live_server, transactional_db):
    """Given someone not signed in on the sign-in page, when they follow each footer link, then
    the page opens with its heading, needs no sign-in, passes axe and does not scroll sideways
    at 320 px."""
    for link, heading in PAGES:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_role("contentinfo").get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check_axe(page)
        page.set_viewport_size({"width": 320, "height": 800})
        wide = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
        assert not wide, f"{heading} scrolls sideways at 320 px"
        page.set_viewport_size({"width": 1280, "height": 800})
