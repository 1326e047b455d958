"""Journeys through the scorecard: the coordinator adopts a measure from the library, the police
respondent enters a figure, the forum member reads the scorecard, a national reader compares a
measure across partnerships. Every page passes axe; the scorecard is screenshotted to
test-results/screenshots/scorecard.png (the README's picture is a copy)."""

import re

from playwright.sync_api import Page, expect

from demo.seed import seed_demo
from scorecard.models import Actual, Measure
from tests.browser.conftest import SCREENSHOT_DIR
from tests.browser.pages import check_axe, login

DEMO_PASSWORD = "threads-demo"


def test_coordinator_adopts_a_measure_from_the_library(page: Page, live_server, transactional_db):
    """Given the demo, when ``officer`` opens East Ayrshire's scorecard, chooses "Add a measure",
    picks Repeat victimisation from the library and gives it a baseline and a target (first with
    a target worse than the baseline), then the form says what is wrong beside the field keeping
    what was typed, and after correcting it the measure's page shows the library's definition."""
    seed_demo()
    login(page, live_server, "officer", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/p/east-ayrshire/")
    page.get_by_role("link", name="Scorecard", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scorecard")
    page.get_by_role("link", name="Add a measure").click()
    check_axe(page)
    page.get_by_role("radio", name=re.compile("Repeat victimisation")).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Adopt Repeat victimisation")
    page.get_by_label("Each financial year").check()
    page.get_by_label("Owner agency").select_option(label="Strathclyde Police")
    page.get_by_label("Baseline value").fill("28%")
    page.get_by_label("Baseline period").fill("2001/02")
    page.get_by_label("Target value").fill("35%")
    page.get_by_label("Target period").fill("2008/09")
    page.get_by_role("button", name="Add the measure").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator("#id_target_value")).to_have_value("35%")
    expect(page.locator("#div_id_target_value .govuk-error-message")).to_contain_text(
        "at least as good as the baseline (lower is better)"
    )
    check_axe(page)
    page.get_by_label("Target value").fill("18%")
    page.get_by_role("button", name="Add the measure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Repeat victimisation")
    expect(page.get_by_text("REPEAT-VICTIMS (from the national library)")).to_be_visible()
    expect(page.get_by_text("18% by 2008/09").first).to_be_visible()
    check_axe(page)
    measure = Measure.objects.get(partnership__slug="east-ayrshire", code="REPEAT-VICTIMS")
    assert (
        measure.adopted_from.code == "REPEAT-VICTIMS" and measure.owner.name == "Strathclyde Police"
    )


def test_police_respondent_enters_a_figure(page: Page, live_server, transactional_db):
    """Given the demo with the latest quarter of antisocial behaviour calls not yet entered, when
    ``police`` (Strathclyde Police, East Ayrshire) follows "Enter a figure" for that measure and
    types the figure as a spreadsheet shows it, then it is saved as theirs and shown on the
    measure's page; the council's measures offer them no entry link."""
    seed_demo()
    measure = Measure.objects.get(partnership__slug="east-ayrshire", code="ASB-CALLS")
    latest = measure.actuals.order_by("-year", "-quarter").first()
    period = latest.period
    latest.delete()
    login(page, live_server, "police", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/p/east-ayrshire/scorecard/")
    expect(page.get_by_role("link", name="Enter a figure for Fear of crime")).to_have_count(0)
    page.get_by_role("link", name="Enter a figure for Antisocial behaviour calls").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter a figure for Antisocial behaviour calls"
    )
    check_axe(page)
    page.get_by_label("Period").fill(period.label)
    page.get_by_label("Value").fill("1,234")
    page.get_by_label("Note").fill("Provisional")
    page.get_by_role("button", name="Save the figure").click()
    expect(page.get_by_text(f"Saved 1,234 for {period.label}.")).to_be_visible()
    expect(page.locator("#history-notes")).to_contain_text("Provisional")
    check_axe(page)
    actual = Actual.objects.get(measure=measure, year=period.year, quarter=period.quarter)
    assert actual.entered_by.username == "police" and actual.value == 1234


def test_forum_member_reads_the_scorecard(page: Page, live_server, transactional_db):
    """Given the demo, when ``forum`` opens East Ayrshire's scorecard, then the summary says how
    many measures are on track, every perspective is there, each measure's chart is drawn beside
    a table of the same figures, the status rule is in the page's help, there is nothing to
    change, and at 320 px the page does not scroll sideways."""
    seed_demo()
    page.emulate_media(reduced_motion="reduce")
    login(page, live_server, "forum", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/p/east-ayrshire/")
    page.get_by_role("link", name="Scorecard", exact=True).click()
    expect(page.get_by_text(re.compile(r"^5 of 8 measures on track; "))).to_be_visible()
    for name in ("Safer communities (outcomes)", "Partnership working", "Resources"):
        expect(page.get_by_role("heading", name=name)).to_be_visible()
    expect(page.locator("canvas[data-chart][data-chart-init]")).to_have_count(8)
    fear = page.locator("#chart-FEAR-OF-CRIME-table")
    expect(fear.get_by_role("row")).to_have_count(1 + 8 + 2)  # header, 8 figures, baseline, target
    expect(page.get_by_text("How the status is worked out")).to_be_visible()
    expect(page.get_by_role("link", name="Add a measure")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Enter a figure"))).to_have_count(0)
    check_axe(page)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1100, "height": 900})
    page.screenshot(
        path=SCREENSHOT_DIR / "scorecard.png",
        full_page=True,
        clip={"x": 0, "y": 0, "width": 1100, "height": 1700},
    )
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_national_reader_compares_a_measure(page: Page, live_server, transactional_db):
    """Given the demo, when ``national`` opens "Adopted measures across partnerships" and
    chooses Fear of crime, then every demo partnership is listed with its latest figure,
    baseline, target and status, and a partnership links to its measure's page."""
    seed_demo()
    login(page, live_server, "national", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/national/measures/")
    check_axe(page)
    page.get_by_label("Measure").select_option(label="Fear of crime (FEAR-OF-CRIME)")
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"\?code=FEAR-OF-CRIME"))
    table = page.locator("#comparison-table")
    expect(table.locator("tbody tr")).to_have_count(6)
    expect(table.get_by_role("row").filter(has_text="East Ayrshire")).to_contain_text(
        "41% in 2000/01"
    )
    check_axe(page)
    table.get_by_role("link", name=re.compile("^Fife")).click()
    expect(page).to_have_url(re.compile(r"/p/fife/scorecard/measures/FEAR-OF-CRIME/$"))
    check_axe(page)
