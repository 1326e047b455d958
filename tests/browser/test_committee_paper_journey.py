"""The coordinator makes a committee paper for a public meeting. The paper's page is
screenshotted to test-results/screenshots/ on every run."""

from playwright.sync_api import Page, expect

from assessments.models import Assessment
from demo.seed import seed_demo
from reports.models import CommitteePaper
from tests.browser.conftest import SCREENSHOT_DIR
from tests.browser.pages import check_axe, login

DEMO_PASSWORD = "threads-demo"


def test_coordinator_sets_the_details_and_makes_a_paper(page: Page, live_server, transactional_db):
    """Given the demo data, when ``officer`` (East Ayrshire's coordinator) changes the telephone
    number in the committee paper details, opens the latest approved assessment's committee paper,
    and makes a paper for a public meeting on 6 December 2000, then the paper's page has the
    heading block, the six sections, the signature and the background papers with the new number,
    and names no single agency's own ratings; every page passes axe."""
    seed_demo()
    latest = (
        Assessment.objects.filter(partnership__slug="east-ayrshire", state="approved")
        .order_by("-cycle__opens_on")
        .first()
    )
    login(page, live_server, "officer", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/p/east-ayrshire/")
    page.get_by_role("link", name="Committee paper details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Committee paper details")
    check_axe(page)
    page.get_by_label("Contact officer's telephone").fill("01563 555099")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved the committee paper details.")).to_be_visible()

    page.goto(f"{live_server.url}/p/east-ayrshire/assessments/{latest.pk}/report/")
    expect(page.get_by_role("heading", name="1. PURPOSE OF REPORT")).to_be_visible()
    page.get_by_text("Make a committee paper").click()
    check_axe(page)
    page.get_by_label("Date of the meeting").fill("6/12/2000")
    page.get_by_label("The meeting is open to the public").check()
    page.get_by_role("button", name="Make the paper").click()

    paper = CommitteePaper.objects.get()
    paper_url = page.url
    assert paper.public_meeting and not paper.name_agencies
    body = page.locator("article.app-report")
    expect(body).to_contain_text("EAST AYRSHIRE COMMUNITY SAFETY FORUM \u2013 6 DECEMBER 2000")
    expect(body).to_contain_text("Report by the Director of Community Services")
    for heading in (
        "1. PURPOSE OF REPORT",
        "2. BACKGROUND",
        "3. DISCUSSION",
        "4. FINANCIAL/LEGAL/POLICY IMPLICATIONS",
        "5. CONCLUSIONS",
        "6. RECOMMENDATIONS",
        "BACKGROUND PAPERS",
    ):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(body).to_contain_text("It is recommended that the Forum members:")
    expect(body).to_contain_text("should telephone 01563 555099")
    for agency in latest.partnership.agencies.values_list("name", flat=True):
        expect(body).not_to_contain_text(agency)
    check_axe(page)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOT_DIR / "committee-paper.png", full_page=True)

    # No sideways scrolling at 320 px, on the paper and on the report page with its form.
    page.set_viewport_size({"width": 320, "height": 800})
    for url in (page.url, f"{live_server.url}/p/east-ayrshire/assessments/{latest.pk}/report/"):
        page.goto(url)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, (url, width)
    page.goto(paper_url)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the paper as a PDF").click()
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
