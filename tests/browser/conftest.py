"""Browser journeys: headless Debian Chromium against pytest-django's live server.

Every test here is marked ``browser`` (deselect with ``-m "not browser"``). A test whose call fails
saves a screenshot of its page to ``test-results/screenshots/<test name>.png``.
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread, which makes Django refuse ORM calls
# made from the test itself (creating users, reading the catalogue) unless this is set.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BROWSER_DIR = Path(__file__).resolve().parent
SCREENSHOT_DIR = BROWSER_DIR.parent.parent / "test-results" / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item (``item.rep_setup``, ``rep_call``, ``rep_teardown``)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(autouse=True)
def _screenshot_on_failure(request):
    """After a failed test that used ``page``, save what the page showed."""
    # Ask for the page first, when the test uses one, so that this fixture is torn down (and takes
    # its screenshot) before pytest-playwright closes the page.
    page = request.getfixturevalue("page") if "page" in request.fixturenames else None
    yield
    report = getattr(request.node, "rep_call", None)
    if page is None or report is None or not report.failed:
        return
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
    try:
        page.screenshot(path=SCREENSHOT_DIR / f"{name}.png", full_page=True)
    except Exception as error:  # a crashed page must not hide the test's own failure
        print(f"Could not save a screenshot for {request.node.nodeid}: {error}")
