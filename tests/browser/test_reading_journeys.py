"""Journeys of people who read results: a forum member on the dashboard, a national reader on
the overview. Both pages are screenshotted to test-results/screenshots/ on every run."""

import re

from playwright.sync_api import Page, expect

from assessments.models import Assessment
from demo.seed import seed_demo
from reports.national import default_cycle
from tests.browser.conftest import SCREENSHOT_DIR
from tests.browser.pages import check_axe, login

DEMO_PASSWORD = "threads-demo"


def save_screenshot(page: Page, name: str) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOT_DIR / f"{name}.png", full_page=True)


def test_forum_member_reads_the_dashboard_and_downloads_the_report(
    page: Page, live_server, transactional_db
):
    """Given the demo data, when ``forum`` (an East Ayrshire viewer) opens the dashboard from
    "Your partnerships", then the page names the stage of the latest approved assessment with the
    stage marked on the path, the key issue table holds the stored scores, the charts are drawn,
    and the PDF report downloads; the page and the report page pass axe."""
    seed_demo()
    latest = (
        Assessment.objects.filter(partnership__slug="east-ayrshire", state="approved")
        .order_by("-cycle__opens_on")
        .first()
    )
    page.emulate_media(reduced_motion="reduce")  # charts drawn at once, for the screenshot
    login(page, live_server, "forum", DEMO_PASSWORD)
    page.get_by_role("link", name="East Ayrshire").first.click()
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")

    current = page.locator(".app-path [aria-current='step']")
    expect(current).to_contain_text(latest.stage_code)
    expect(page.get_by_text(f"Stage {latest.stage_code}: ", exact=False).first).to_be_visible()
    table = page.locator("#key-issues-table")
    for code, value in latest.result["key_issues"].items():
        row = table.get_by_role("row").filter(has_text=code)
        expect(row.get_by_role("cell").last).to_have_text(str(value["score"]))
    expect(page.locator("canvas[data-chart='key-issue-chart'][data-chart-init]")).to_be_attached()
    expect(page.get_by_text("Draft preview")).to_have_count(0)
    check_axe(page)
    save_screenshot(page, "dashboard")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Report as PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    page.get_by_role("link", name="Committee report").click()
    expect(page.get_by_role("heading", name="1. PURPOSE OF REPORT")).to_be_visible()
    check_axe(page)


def test_dashboard_reads_as_tables_without_javascript(browser, live_server, transactional_db):
    """With JavaScript off the charts are hidden and the tables still carry every number."""
    seed_demo()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, live_server, "forum", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/p/east-ayrshire/dashboard/")
    expect(page.locator(".app-chart").first).to_be_hidden()
    expect(page.locator("#trend-table")).to_be_visible()
    expect(page.locator("#key-issues-table")).to_be_visible()
    # No axe here: it runs as page script, which is off (the page was checked with it on).
    context.close()


def test_national_reader_reads_the_overview_and_follows_a_partnership(
    page: Page, live_server, transactional_db
):
    """Given the demo data, when ``national`` opens the national overview, sorts by KLI-1 and
    follows Fife, then the stage counts add up to the partnerships assessed and Fife's dashboard
    opens; both pages pass axe."""
    seed_demo()
    page.emulate_media(reduced_motion="reduce")
    login(page, live_server, "national", DEMO_PASSWORD)
    page.get_by_role("banner").get_by_role("link", name="National overview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("National overview")
    counts = page.locator("#stage-table td")
    total = sum(int(t) for t in counts.all_inner_texts())
    assessed = Assessment.objects.filter(state="approved", cycle=default_cycle()).count()
    assert total == assessed
    check_axe(page)
    save_screenshot(page, "national-overview")

    page.locator("#partnership-table").get_by_role("link", name=re.compile("^KLI-1")).click()
    expect(page.locator("#partnership-table th[aria-sort='ascending']")).to_contain_text("KLI-1")
    page.get_by_role("link", name="Fife").click()
    expect(page).to_have_url(re.compile(r"/p/fife/dashboard/$"))
    expect(page.get_by_role("heading", name="Where the partnership stands")).to_be_visible()
    check_axe(page)
