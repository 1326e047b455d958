"""Journeys through the assessment as a task list: a respondent answering every section and
marking the response complete; the coordinator following the tracker and moderating with "Save
and continue" from the first section to submitting (counting page loads); a session that ends
mid-form and comes back with the typing; the approver returning it and the coordinator seeing
the comment at the top. Every page is checked with axe."""

import re

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from playwright.sync_api import Page, expect

from assessments import selectors, services
from assessments.models import AgencyResponse, AgreedRating, Assessment
from demo.seed import seed_demo
from tests.browser.pages import check_axe, login

DEMO_PASSWORD = "threads-demo"
SLUG = "east-ayrshire"
POLICE = "Strathclyde Police"


def open_draft(live_server):
    assessment = Assessment.objects.get(partnership__slug=SLUG, cycle__name="2004/05")
    return assessment, f"{live_server.url}/p/{SLUG}/assessments/{assessment.pk}/"


def indicator_count(assessment) -> int:
    return assessment.version.indicators.count()


def sign_out(page: Page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()


def level_groups(page: Page):
    return page.get_by_role("group", name=re.compile(r"level for LR-"))


def answer_section(page: Page, level: int, *, reason: str = "") -> None:
    """Choose ``level`` for every indicator on the section page not answered yet (and a
    reason where one is asked for)."""
    groups = level_groups(page)
    for n in range(groups.count()):
        group = groups.nth(n)
        if group.locator("input:checked").count() == 0:
            group.get_by_role("radio", name=re.compile(rf"^{level} ")).check()
    if reason:
        notes = page.get_by_label(re.compile(r"^Reason for the agreed level for LR-"))
        for n in range(notes.count()):
            if not notes.nth(n).input_value():
                notes.nth(n).fill(reason)


def test_respondent_answers_every_section_and_marks_complete(
    page: Page, live_server, transactional_db
):
    """Given the demo's open 2004/05 draft, in which Strathclyde Police has rated some sections,
    when ``police`` opens the assessment, sees "Your agency has answered N of <all>", follows the
    first section that needs work and saves each with "Save and continue" (completed sections
    are skipped), then marks the response complete,
    then every indicator has a police rating, the task list counts every indicator answered,
    every section is "Completed", the response is recorded, and every page passes axe.
    """
    seed_demo()
    assessment, assessment_url = open_draft(live_server)
    total = indicator_count(assessment)
    login(page, live_server, "police", DEMO_PASSWORD)
    page.goto(assessment_url)
    expect(
        page.get_by_text(re.compile(rf"^Your agency has answered \d+ of {total} indicators"))
    ).to_be_visible()
    expect(page.get_by_text("Preview of the result")).to_have_count(0)
    check_axe(page)
    first_open = (
        page.locator(".govuk-task-list__item")
        .filter(has_not_text="Completed")
        .first.get_by_role("link")
    )
    first_open.click()
    seen = 0
    while page.url != assessment_url:
        expect(page.locator(".govuk-caption-l")).to_contain_text(re.compile(r"Section \d of 8"))
        expect(page.get_by_role("link", name="Back to the task list")).to_be_visible()
        expect(page.get_by_text("Agreed level")).to_have_count(0)
        check_axe(page)
        answer_section(page, 1)
        page.get_by_role("button", name="Save and continue").click()
        seen += 1
        assert seen <= 8, "Save and continue went round in circles"
    expect(
        page.get_by_text(f"Your agency has answered {total} of {total} indicators")
    ).to_be_visible()
    statuses = page.locator(".govuk-task-list__status")
    expect(statuses).to_have_count(8)
    for n in range(8):
        expect(statuses.nth(n)).to_have_text("Completed")
    page.get_by_role("button", name=f"Mark {POLICE}'s response complete").click()
    expect(page.get_by_role("alert")).to_contain_text(f"{POLICE}'s response is marked complete")
    expect(page.get_by_role("button", name="Mark as not complete")).to_be_visible()
    check_axe(page)
    assert AgencyResponse.objects.filter(assessment=assessment, agency__name=POLICE).exists()


def test_coordinator_follows_the_tracker_and_moderates_in_at_most_12_page_loads(
    page: Page, live_server, transactional_db
):
    """Given the demo draft with Strathclyde Police's response marked complete,
    when ``officer`` opens the assessment, reads the response tracker, opens moderation, follows
    the first section and agrees every section with "Save and continue" until the submit page,
    then submits,
    then the assessment is submitted with every indicator agreed, the median was suggested with "not
    saved yet", at most 12 pages were loaded from the assessment page to the submission, and
    every page passes axe.
    """
    seed_demo()
    assessment, assessment_url = open_draft(live_server)
    total = indicator_count(assessment)
    police = assessment.partnership.memberships.get(user__username="police")
    services.response_complete(assessment=assessment, membership=police, by=police.user)
    login(page, live_server, "officer", DEMO_PASSWORD)
    loads = []
    page.on("load", lambda: loads.append(page.url))
    page.goto(assessment_url)
    tracker = page.get_by_role("table", name="Partner agencies' responses")
    police_row = tracker.get_by_role("row").filter(has_text=POLICE)
    expect(police_row).to_contain_text("Complete")
    expect(page.get_by_text(f"You have agreed 0 of {total} indicators")).to_be_visible()
    expect(page.locator(".govuk-task-list__status").first).to_have_text("Cannot start yet")
    check_axe(page)
    page.get_by_role("button", name="Open moderation").click()
    page.locator(".govuk-task-list__link").first.click()
    expect(page.get_by_text("Suggested – not saved yet").first).to_be_visible()
    sections = 0
    while "/submit/" not in page.url:
        sections += 1
        assert sections <= 8
        expect(page.locator(".govuk-caption-l")).to_contain_text(f"Section {sections} of 8")
        check_axe(page)
        answer_section(page, 2, reason="Agreed at the partners' meeting.")
        page.get_by_role("button", name="Save and continue").click()
    assert sections == 8
    expect(page.get_by_text("Every indicator has an agreed level.")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Submit for approval").click()
    expect(page).to_have_url(assessment_url)
    expect(page.get_by_role("alert")).to_contain_text("Submitted for approval.")
    assert len(loads) <= 12, loads
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.SUBMITTED
    assert AgreedRating.objects.filter(assessment=assessment).count() == total


def test_a_session_that_ends_mid_form_comes_back_with_the_typing(
    page: Page, live_server, transactional_db, settings
):
    """Given ``police`` on a section page with a session about to end,
    when the timeout warning appears they choose "Stay signed in"; later their session ends
    anyway while they type a level and an evidence note, and they press "Save and continue",
    then they are asked to sign in, and after signing in they are back on the same section with
    what they typed in the form, told it is not saved yet; saving it then works.
    """
    seed_demo()
    settings.SESSION_COOKIE_AGE = 124  # the warning opens 2 minutes before: after 4 seconds
    assessment, assessment_url = open_draft(live_server)
    last = selectors.section_threads(assessment)[-1].code
    section_url = f"{assessment_url}sections/{last}/"
    login(page, live_server, "police", DEMO_PASSWORD)
    page.goto(section_url)
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_visible(timeout=10_000)
    check_axe(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    settings.SESSION_COOKIE_AGE = 60 * 60 * 8

    group = level_groups(page).first
    group.get_by_role("radio", name=re.compile(r"^3 ")).check()
    note = page.get_by_label(re.compile(r"^Evidence note for LR-")).first
    note.fill("Typed just as the session ran out.")
    Session.objects.all().delete()  # the session ends while they type
    page.get_by_role("button", name="Save and continue").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_label("Username").fill("police")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(rf"/sections/{last}/\?restore="))
    expect(page.get_by_role("region", name="Not saved yet")).to_be_visible()
    expect(page.get_by_label(re.compile(r"^Evidence note for LR-")).first).to_have_value(
        "Typed just as the session ran out."
    )
    expect(level_groups(page).first.get_by_role("radio", name=re.compile(r"^3 "))).to_be_checked()
    check_axe(page)
    page.get_by_role("button", name="Save and return to the task list").click()
    expect(page).to_have_url(assessment_url)
    expect(page.get_by_role("alert")).to_contain_text(f"Saved {last}:")


def test_the_approver_returns_it_and_the_coordinator_sees_the_comment_first(
    page: Page, live_server, transactional_db
):
    """Given the demo draft with every indicator agreed and submitted,
    when ``chair`` opens "Approve or return", reads the result and the disagreements before the
    buttons, and returns it with a comment,
    then ``officer`` sees the comment in a banner at the top of the assessment with one link to
    continue, is asked to confirm reopening, and after confirming it is a draft whose banner
    still shows the comment; every page passes axe.
    """
    seed_demo()
    assessment, assessment_url = open_draft(live_server)
    officer = get_user_model().objects.get(username="officer")
    services.agreed_ratings_save(
        assessment=assessment,
        answers=[
            services.Answer(indicator=i, level=2, note="Evidence", seen_revision=0)
            for i in assessment.version.indicators.all()
        ],
        by=officer,
    )
    services.assessment_transition(assessment=assessment, to_state="submitted", by=officer)

    login(page, live_server, "chair", DEMO_PASSWORD)
    page.goto(assessment_url)
    page.get_by_role("link", name="Approve or return").click()
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="The result if you approve it")).to_be_visible()
    expect(main.get_by_role("heading", name="Partners who disagreed")).to_be_visible()
    check_axe(page)
    page.get_by_role("radio", name="Return it").check()
    page.get_by_label("Comment").fill("LR-1 needs the strategic group's minutes as evidence.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Decision recorded.")
    sign_out(page)

    login(page, live_server, "officer", DEMO_PASSWORD)
    page.goto(assessment_url)
    banner = page.get_by_role("region", name="Returned for changes")
    expect(banner).to_contain_text("LR-1 needs the strategic group's minutes as evidence.")
    assert page.evaluate(
        "() => document.querySelector('.govuk-notification-banner').compareDocumentPosition("
        "document.querySelector('h1')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    check_axe(page)
    banner.get_by_role("link", name="Reopen the assessment to make these changes").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reopen the 2004/05 assessment")
    check_axe(page)
    page.get_by_role("button", name="Yes, reopen as a draft").click()
    expect(page).to_have_url(assessment_url)
    expect(page.get_by_role("region", name="Returned for changes")).to_contain_text(
        "submit it again"
    )
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.DRAFT


def test_leaving_a_section_with_unsaved_changes_asks_first(
    page: Page, live_server, transactional_db
):
    """Given ``police`` on a section page,
    when they leave it untouched nothing asks; when they type a note and then leave,
    then the browser asks before the page is left ("beforeunload")."""
    seed_demo()
    assessment, assessment_url = open_draft(live_server)
    login(page, live_server, "police", DEMO_PASSWORD)
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.goto(f"{assessment_url}sections/LR-5/")
    page.get_by_role("link", name="Back to the task list").click()
    expect(page).to_have_url(assessment_url)
    assert asked == []
    page.goto(f"{assessment_url}sections/LR-5/")
    page.get_by_label(re.compile(r"^Evidence note for LR-")).first.fill("Half-written note")
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
