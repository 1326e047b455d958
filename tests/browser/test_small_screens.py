"""Every page each demo role reaches, at 320 px wide: nothing scrolls sideways (wide tables
scroll inside their own labelled region), and axe finds nothing, read-only and error states
included."""

import pytest
from playwright.sync_api import Page

from assessments.models import Action, Assessment
from demo.seed import seed_demo
from partnerships.models import Membership
from practice.models import Example
from tests.browser.pages import check_axe, login

DEMO_PASSWORD = "threads-demo"
SLUG = "east-ayrshire"


def pages_for(username: str) -> list[str]:
    """The pages ``username`` reaches in the demo (paths)."""
    draft = Assessment.objects.get(partnership__slug=SLUG, cycle__name="2004/05")
    approved = (
        Assessment.objects.filter(partnership__slug=SLUG, state=Assessment.State.APPROVED)
        .order_by("-cycle__opens_on")
        .first()
    )
    p = f"/p/{SLUG}"
    common = [
        "/",
        "/catalogue/",
        "/catalogue/LR-4/",
        "/accounts/password_change/",
        "/api/docs/",
        "/practice/",
        "/practice/in-progress/",
        f"/practice/{Example.objects.filter(state='published').first().pk}/",
        "/accessibility/",
        "/privacy/",
        "/cookies/",
    ]
    member = [
        f"{p}/",
        f"{p}/assessments/",
        f"{p}/assessments/{approved.pk}/",
        f"{p}/assessments/{approved.pk}/sections/LR-1/",
        f"{p}/dashboard/",
        f"{p}/actions/",
        f"{p}/scorecard/",
        f"{p}/scorecard/measures/FEAR-OF-CRIME/",
    ]
    draft_pages = [f"{p}/assessments/{draft.pk}/", f"{p}/assessments/{draft.pk}/sections/LR-1/"]
    if username == "national":
        return [
            *common,
            "/national/",
            "/national/scrutiny/",
            "/national/report/",
            "/national/measures/?code=FEAR-OF-CRIME",
            f"{p}/dashboard/",
            f"{p}/scorecard/",
            f"{p}/assessments/{approved.pk}/",
            f"{p}/assessments/{approved.pk}/sections/LR-4/",
            f"{p}/assessments/{approved.pk}/report/",
        ]
    if username == "forum":
        return [*common, *member, f"{p}/assessments/{approved.pk}/report/"]
    if username == "police":
        return [*common, *member, *draft_pages]
    if username == "chair":
        return [
            *common,
            *member,
            *draft_pages,
            f"{p}/assessments/{draft.pk}/decide/",
            f"{p}/assessments/{approved.pk}/report/",
        ]
    action = Action.objects.filter(partnership__slug=SLUG).first()
    viewer = Membership.objects.filter(partnership__slug=SLUG, role="viewer").first()
    officer = [
        *common,
        *member,
        *draft_pages,
        f"{p}/members/",
        f"{p}/members/{viewer.pk}/",
        f"{p}/members/{viewer.pk}/remove/",
        f"{p}/assessments/{draft.pk}/submit/",
        f"{p}/assessments/{draft.pk}/reopen/",
        f"{p}/assessments/{approved.pk}/report/",
        f"{p}/assessments/{draft.pk}/history/LR-1.1/",
        f"{p}/paper-details/",
        f"{p}/scorecard/measures/new/",
        f"{p}/scorecard/import/",
        "/practice/new/",
    ]
    if action is not None:
        officer.append(f"{p}/actions/{action.pk}/")
    return officer


WIDEST = """() => {
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.right > 321 && !(el.parentElement && el.parentElement.closest('.app-table-scroll'))) {
            out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right));
        }
    }
    return out.slice(0, 4).join(' | ');
}"""


def widest(page: Page) -> str:
    """What sticks out past 320 px (outside scroll regions), to say what to fix."""
    return page.evaluate(WIDEST)


LANDMARK_RULES = [
    "landmark-unique",
    "landmark-one-main",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main",
]


def landmark_problems(page: Page) -> list[str]:
    """axe's landmark rules (best practice, so not in the WCAG run): unique landmarks."""
    found = page.evaluate(
        """async (rules) => {
            const r = await window.axe.run(document, {runOnly: {type: 'rule', values: rules}});
            return r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target).join(' '));
        }""",
        LANDMARK_RULES,
    )
    return [f"{page.url}: {v}" for v in found]


def assert_no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"{page.url} is {width} px wide at 320 px"


@pytest.mark.parametrize("username", ["officer", "police", "chair", "forum", "national"])
def test_every_page_fits_320_px(page: Page, live_server, transactional_db, username):
    """Given the demo data and a 320 px wide window,
    when ``username`` signs in and opens every page they reach,
    then no page is wider than the window, each passes axe, and its landmarks are unique."""
    seed_demo()
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}/accounts/login/")
    assert_no_sideways_scroll(page)
    login(page, live_server, username, DEMO_PASSWORD)
    problems = []
    for path in pages_for(username):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, (path, response and response.status)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 320:
            problems.append(f"{path}: {width} px, widest: {widest(page)}")
        try:
            check_axe(page)
        except AssertionError as error:
            problems.append(str(error))
        problems += landmark_problems(page)
    assert not problems, "\n".join(problems)


def test_error_states_fit_320_px(page: Page, live_server, transactional_db):
    """The section page with its error summary, and the sign-in page refusing a password."""
    seed_demo()
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("police")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    assert_no_sideways_scroll(page)
    check_axe(page)
    login(page, live_server, "police", DEMO_PASSWORD)
    draft = Assessment.objects.get(partnership__slug=SLUG, cycle__name="2004/05")
    page.goto(f"{live_server.url}/p/{SLUG}/assessments/{draft.pk}/sections/LR-3/")
    page.get_by_label("Evidence note for LR-3.1").fill("A note without a level")
    page.get_by_role("button", name="Save and return to the task list").click()
    summary = page.locator(".govuk-error-summary")
    assert "LR-3.1:" in summary.inner_text()
    assert_no_sideways_scroll(page)
    check_axe(page)
