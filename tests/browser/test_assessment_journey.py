"""Journey of an assessment: a respondent rates, the coordinator moderates and submits, the
approver approves, and a viewer reads the result."""

import re

from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from assessments import services
from assessments.models import AgreedRating, Assessment
from demo.seed import seed_demo
from tests.browser.pages import check_axe, login

DEMO_PASSWORD = "threads-demo"
SLUG = "east-ayrshire"
SECTION = "LR-1"
POLICE = "Strathclyde Police"


def sign_out(page: Page, live_server) -> None:
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")


def indicator_group(page: Page, code: str):
    """The fieldset of one indicator's level radios, named by its legend "... level for <code>"."""
    return page.get_by_role("group", name=re.compile(rf"level for {re.escape(code)}$"))


def success_banner(page: Page):
    return page.get_by_role("alert").filter(has_text="Success")


def test_assessment_is_rated_moderated_submitted_approved_and_read(
    page: Page, live_server, transactional_db
):
    """Given the demo data with East Ayrshire's open 2004/05 draft,
    when the respondent ``police`` rates LR-1.1 at level 3 with a note and saves,
    and the coordinator ``officer`` opens moderation, sees Strathclyde Police's level in
    "Partner ratings for LR-1.1", agrees every LR-1 indicator through the form (the other
    sections' agreed levels being saved through the service) and submits for approval,
    and the approver ``chair`` approves it with a comment,
    then the assessment is "Approved", the viewer ``forum`` finds it in the list and sees its
    "Result" with the stage and the key issue scores, and every page checked passes axe.
    """
    seed_demo()
    assessment = Assessment.objects.get(partnership__slug=SLUG, cycle__name="2004/05")
    assessment_url = f"{live_server.url}/p/{SLUG}/assessments/{assessment.pk}/"
    section_url = f"{assessment_url}sections/{SECTION}/"
    indicators = list(assessment.version.indicators.select_related("thread"))
    section_indicators = sorted(
        (i for i in indicators if i.thread.code == SECTION), key=lambda i: i.order
    )
    other_indicators = [i for i in indicators if i.thread.code != SECTION]
    assert section_indicators and other_indicators
    first = section_indicators[0].code
    assert first == "LR-1.1"

    # The respondent rates LR-1.1 at level 3 for Strathclyde Police.
    login(page, live_server, "police", DEMO_PASSWORD)
    page.goto(section_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{SECTION}:")
    expect(page.get_by_text(f"answering for {POLICE}")).to_be_visible()
    expect(page.get_by_text(f"Partner ratings for {first}")).to_have_count(0)
    check_axe(page)

    indicator_group(page, first).get_by_role("radio", name=re.compile(r"^3 ")).check()
    page.get_by_label(f"Evidence note for {first}").fill("Police minutes show a joint plan.")
    page.get_by_role("button", name="Save and return to the task list").click()

    expect(page).to_have_url(assessment_url)
    expect(success_banner(page)).to_contain_text(f"Saved {SECTION}:")
    sign_out(page, live_server)

    # The coordinator opens moderation and sees the partner's level.
    login(page, live_server, "officer", DEMO_PASSWORD)
    page.goto(assessment_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("2004/05 assessment")
    page.get_by_role("button", name="Open moderation").click()
    expect(page).to_have_url(assessment_url)
    expect(success_banner(page)).to_contain_text("Moderation is open")
    expect(page.get_by_role("button", name="Open moderation")).to_have_count(0)

    page.get_by_role("link", name=re.compile(rf"^{SECTION}:")).click()
    expect(page).to_have_url(section_url)
    partner_ratings = page.get_by_role("table", name=re.compile(rf"^Partner ratings for {first}"))
    expect(partner_ratings).to_be_visible()
    police_row = partner_ratings.get_by_role("row").filter(has_text=POLICE)
    expect(police_row.get_by_role("cell").first).to_have_text("3")
    check_axe(page)

    # The coordinator agrees every LR-1 indicator through the form.
    for n, indicator in enumerate(section_indicators):
        chosen = 2 + n % 3
        indicator_group(page, indicator.code).get_by_role(
            "radio", name=re.compile(rf"^{chosen} ")
        ).check()
        page.get_by_label(f"Reason for the agreed level for {indicator.code}").fill(
            f"Agreed at moderation: level {chosen}."
        )
    page.get_by_role("button", name="Save and return to the task list").click()
    expect(page).to_have_url(assessment_url)
    expect(success_banner(page)).to_contain_text(
        f"Saved {SECTION}: {len(section_indicators)} answer(s) changed."
    )
    assert AgreedRating.objects.filter(
        assessment=assessment, indicator__in=section_indicators
    ).count() == len(section_indicators)

    # The other sections are agreed through the service, to keep the journey short.
    officer = get_user_model().objects.get(username="officer")
    revisions = dict(
        AgreedRating.objects.filter(assessment=assessment).values_list("indicator_id", "revision")
    )
    services.agreed_ratings_save(
        assessment=assessment,
        answers=[
            services.Answer(
                indicator=i, level=2, note="Evidence", seen_revision=revisions.get(i.pk, 0)
            )
            for i in other_indicators
        ],
        by=officer,
    )

    # The coordinator submits for approval.
    page.goto(assessment_url)
    page.get_by_role("link", name="Submit for approval").click()
    expect(page).to_have_url(f"{assessment_url}submit/")
    expect(page.get_by_text("Every indicator has an agreed level.")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Submit for approval").click()
    expect(page).to_have_url(assessment_url)
    expect(success_banner(page)).to_contain_text("Submitted for approval.")
    expect(page.get_by_role("main")).to_contain_text("Submitted")
    sign_out(page, live_server)

    # The approver approves it.
    login(page, live_server, "chair", DEMO_PASSWORD)
    page.goto(assessment_url)
    page.get_by_role("link", name="Approve or return").click()
    expect(page).to_have_url(f"{assessment_url}decide/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Approve or return the 2004/05 assessment"
    )
    check_axe(page)
    page.get_by_role("radio", name="Approve (the assessment is locked)").check()
    page.get_by_label("Comment").fill("Approved by the strategic group.")
    page.get_by_role("button", name="Record decision").click()
    expect(page).to_have_url(assessment_url)
    expect(success_banner(page)).to_contain_text("Decision recorded.")
    expect(page.get_by_role("main").locator(".govuk-tag")).to_have_text("Approved")
    expect(page.get_by_role("link", name="Approve or return")).to_have_count(0)
    sign_out(page, live_server)

    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.APPROVED
    assert assessment.stage_code

    # The viewer finds the approved assessment and reads its result.
    login(page, live_server, "forum", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/p/{SLUG}/assessments/")
    cycles = page.get_by_role("table", name="Assessments by cycle")
    expect(cycles.get_by_role("row").filter(has_text="2004/05")).to_contain_text("Approved")
    cycles.get_by_role("link", name="2004/05", exact=True).click()
    expect(page).to_have_url(assessment_url)
    expect(page.get_by_role("heading", name="Result", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(rf"^Stage {assessment.stage_code}:"))).to_be_visible()
    scores = page.get_by_role("table", name=re.compile("^Key local issue scores"))
    expect(scores.get_by_role("row")).not_to_have_count(0)
    expect(scores.get_by_role("rowheader").first).to_be_visible()
    expect(page.get_by_role("button", name="Open moderation")).to_have_count(0)
    check_axe(page)
