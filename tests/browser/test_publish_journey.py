"""Publishing a catalogue version that is not finished: the admin refuses and names each problem."""

import re

from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from tests.browser.pages import login
from tests.threads.test_services import break_draft
from threads.models import CatalogueVersion
from threads.services import catalogue_version_copy

ADMIN_PASSWORD = "threads-demo"


def test_admin_is_told_every_reason_a_draft_cannot_be_published(
    page: Page, live_server, transactional_db
):
    """Given a draft copy of the current catalogue in which LR-1.2 lost its level 3 and 4
    descriptors, a new recommendation LR-9 has no indicators, S3's audit requirement was lowered to
    the minimum and S3's strategy requirement lost its reason,
    when the administrator opens the draft in the admin and presses "Publish (make current)",
    then the admin says it was not published, lists each of the four problems in words,
    and 1.1 is still the current version while the draft stays a draft.
    """
    get_user_model().objects.create_superuser("admin", "admin@example.org", ADMIN_PASSWORD)
    current = CatalogueVersion.objects.get(is_current=True)
    draft = catalogue_version_copy(version=current, label="1.2")
    break_draft(draft)

    login(page, live_server, "admin", ADMIN_PASSWORD)
    page.goto(f"{live_server.url}/admin/threads/catalogueversion/")
    # No axe run on admin pages: the admin is Django's own markup, not this site's templates.
    page.locator("#result_list").get_by_role("link", name=re.compile(r"1\.2 \(draft\)")).click()
    page.get_by_role("button", name="Publish (make current)").click()

    errors = page.locator(".messagelist .error")
    expect(errors.first).to_contain_text("was not published: fix 4 problems first.")
    expect(errors).to_have_count(5)
    expect(
        errors.filter(has_text="Indicator LR-1.2 has no descriptor for level 3, 4.")
    ).to_be_visible()
    expect(errors.filter(has_text="Local recommendation LR-9 has no indicators.")).to_be_visible()
    expect(errors.filter(has_text=re.compile(r"rule 7: .* LR-4\.1"))).to_be_visible()
    expect(errors.filter(has_text="S3 requirement on LR-4.3 has no reason")).to_be_visible()
    expect(page.locator(".messagelist .success")).to_have_count(0)

    draft.refresh_from_db()
    assert draft.status == "draft"
    assert CatalogueVersion.objects.get(is_current=True).version == "1.1"
