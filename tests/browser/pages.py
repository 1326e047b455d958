"""Helpers for the browser journeys: signing in, keyboard focus and axe-core checks."""

import re
from functools import cache
from pathlib import Path

from playwright.sync_api import Page, expect

AXE_PATH = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def login(page: Page, live_server, username: str, password: str) -> None:
    """Sign in through the site's own form and wait to leave the sign-in page."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def focused_text(page: Page) -> str:
    """The visible text of the focused element, whitespace collapsed."""
    text = page.evaluate("() => document.activeElement ? document.activeElement.innerText : ''")
    return " ".join((text or "").split())


def tab_until(page: Page, predicate, limit: int = 60) -> str:
    """Press Tab until ``predicate(focused text)`` holds; return that text or fail."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = focused_text(page)
        if predicate(text):
            return text
        seen.append(text)
    raise AssertionError(f"No focused element matched after {limit} Tabs; focus went to: {seen}")


@cache
def _axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


def check_axe(page: Page) -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA, WCAG 2.2 AA) on the page; fail on any violation.

    The site's Content Security Policy (``script-src 'self'``) blocks an inline ``<script>`` added
    with ``page.add_script_tag(content=...)``, so axe is evaluated through the DevTools protocol,
    which CSP does not govern. The page's own policy stays in force for everything else.

    Only the site's own pages are checked: the Django admin is Django's markup, not ours.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(f"() => {{ {_axe_source()}\n}}")
        # axe's UMD wrapper sets window.axe when there is no module system on the page.
    violations = page.evaluate(
        """async (tags) => {
            const results = await window.axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
                count: v.nodes.length,
            }));
        }""",
        WCAG_TAGS,
    )
    if violations:
        lines = [f"axe found {len(violations)} accessibility violation(s) on {page.url}:"]
        for v in violations:
            lines.append(
                f"- {v['id']} ({v['impact']}): {v['help']} [{v['count']} node(s)] "
                f"e.g. {'; '.join(v['targets'])}"
            )
        raise AssertionError("\n".join(lines))
