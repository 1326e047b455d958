"""Pages served from the page cache: a repeat view costs only the guard's queries, a change shows
at once, and nothing of one request or person leaks into another's."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment
from pagecache.fragments import CSRF_HOLE, MESSAGES_HOLE
from partnerships.models import Membership

pytestmark = pytest.mark.django_db
SLUG = "east-ayrshire"


@pytest.fixture
def east(demo):
    draft = Assessment.objects.filter(partnership__slug=SLUG).exclude(state="approved").get()
    approved = (
        Assessment.objects.filter(partnership__slug=SLUG, state="approved")
        .order_by("-cycle__opens_on")
        .first()
    )
    return {"draft": draft, "approved": approved}


def signed_in(username: str, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(get_user_model().objects.get(username=username))
    return client


def section_url(assessment, code="LR-4"):
    return reverse("assessment_section", args=[SLUG, assessment.pk, code])


# (page, who, queries of a repeat view: session, person, then the guard's one statement)
PAGES = [
    ("home", "officer", 3),
    ("catalogue", "officer", 3),
    ("national", "national", 3),
    ("dashboard", "forum", 3),
    ("overview", "officer", 3),
    ("section", "police", 3),
    ("moderation", "officer", 3),
    ("report", "forum", 3),
    ("ratings", "forum", 3),
]


def page_url(page: str, east) -> str:
    return {
        "home": lambda: reverse("home"),
        "catalogue": lambda: reverse("threads:catalogue"),
        "national": lambda: reverse("national_overview"),
        "dashboard": lambda: reverse("dashboard", args=[SLUG]),
        "overview": lambda: reverse("assessment", args=[SLUG, east["draft"].pk]),
        "section": lambda: section_url(east["draft"]),
        "moderation": lambda: section_url(east["draft"]),
        "report": lambda: reverse("assessment_report", args=[SLUG, east["approved"].pk]),
        "ratings": lambda: reverse("ratings_export", args=[SLUG, east["approved"].pk, "csv"]),
    }[page]()


@pytest.mark.parametrize(("page", "who", "queries"), PAGES, ids=[p[0] for p in PAGES])
def test_a_repeat_view_runs_only_the_guard_queries(
    east, page, who, queries, django_assert_num_queries
):
    client = signed_in(who)
    url = page_url(page, east)
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(queries):
        again = client.get(url)
    assert again.status_code == 200
    body = again.content.decode()
    assert CSRF_HOLE not in body and MESSAGES_HOLE not in body
    if page != "ratings":  # the download has no CSRF token to differ
        assert _strip_tokens(again.content) == _strip_tokens(first.content)
    else:
        assert again.content == first.content


def _strip_tokens(content: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", content.decode())


def test_a_saved_answer_shows_at_once(east):
    police = signed_in("police")
    url = section_url(east["draft"])
    form = police.get(url)
    assert "Written down after the save" not in form.content.decode()
    data = _section_data(form.content.decode(), note="Written down after the save")
    assert police.post(url, data).status_code == 302
    assert "Written down after the save" in police.get(url).content.decode()


def _section_data(html: str, note: str) -> dict:
    """The section form as the browser would post it, every note replaced by ``note``."""
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    for code in set(re.findall(r'name="level-([^"]+)"', html)):
        data[f"level-{code}"] = "2"
        data[f"note-{code}"] = note
    return data


def test_a_catalogue_edit_and_a_renamed_partnership_show_at_once(east, catalogue):
    officer, national = signed_in("officer"), signed_in("national")
    officer.get(reverse("threads:catalogue"))
    national.get(reverse("national_overview"))
    thread = catalogue.threads.get(code="LR-4")
    thread.title = "Reworded by the admin"
    thread.save()
    assert "Reworded by the admin" in officer.get(reverse("threads:catalogue")).content.decode()
    east["draft"].partnership.name = "East Ayrshire Safer Communities"
    east["draft"].partnership.save()
    page = national.get(reverse("national_overview")).content.decode()
    assert "East Ayrshire Safer Communities" in page
    stage = catalogue.stages.order_by("order").last()
    stage.name = "Renamed top stage"
    stage.save()
    assert "Renamed top stage" in national.get(reverse("national_overview")).content.decode()


def test_a_token_from_a_cached_form_is_accepted_for_its_own_session_only(east):
    url = section_url(east["draft"])
    first = signed_in("police", enforce_csrf_checks=True)
    first.get(url)  # rendered and cached
    second = signed_in("police", enforce_csrf_checks=True)
    html = second.get(url).content.decode()  # from the cache
    data = _section_data(html, note="Posted from a cached form")
    token = data["csrfmiddlewaretoken"]
    assert token != CSRF_HOLE
    assert second.post(url, data).status_code == 302
    stranger = signed_in("police", enforce_csrf_checks=True)
    stranger.get(reverse("home"))
    assert stranger.post(url, data).status_code == 403  # someone else's token


def test_messages_show_once_on_a_page_from_the_cache(east):
    officer = signed_in("officer")
    overview = reverse("assessment", args=[SLUG, east["draft"].pk])
    officer.get(overview)  # rendered and cached
    # Reopening a draft is refused with a message and changes nothing: the overview it leads
    # back to comes from the cache, with the message filled in.
    shown = officer.post(reverse("assessment_reopen", args=[SLUG, east["draft"].pk]), follow=True)
    assert "assessments/detail.html" not in [t.name for t in shown.templates]
    assert 'class="govuk-notification-banner"' in shown.content.decode()
    assert 'class="govuk-notification-banner"' not in officer.get(overview).content.decode()


def test_the_guard_runs_before_the_cache(east):
    draft_overview = reverse("assessment", args=[SLUG, east["draft"].pk])
    officer = signed_in("officer")
    assert officer.get(draft_overview).status_code == 200  # cached for the coordinator
    # A role changed without any signal (so no stamp moves): the cached page must not be served.
    Membership.objects.filter(user__username="officer", partnership__slug=SLUG).update(
        role=Membership.Role.VIEWER
    )
    assert officer.get(draft_overview).status_code == 404  # viewers: no drafts


def test_each_person_gets_their_own_page(east):
    from django.utils import timezone

    draft = east["draft"]
    draft.moderation_opened_at = timezone.now()
    draft.save()
    url = section_url(draft)
    officer_page = signed_in("officer").get(url).content.decode()
    police_page = signed_in("police").get(url).content.decode()
    assert "Partner ratings for" in officer_page
    assert "Partner ratings for" not in police_page


@pytest.mark.django_db(transaction=True)
def test_a_save_shows_at_once_when_stamps_change_after_the_commit(settings, demo):
    settings.PAGECACHE_STAMP_AT_COMMIT = True
    draft = Assessment.objects.filter(partnership__slug=SLUG).exclude(state="approved").get()
    police = signed_in("police")
    url = section_url(draft)
    data = _section_data(police.get(url).content.decode(), note="Saved and committed")
    assert police.post(url, data).status_code == 302
    assert "Saved and committed" in police.get(url).content.decode()


def test_an_empty_post_shows_the_form_again(east):
    response = signed_in("police").post(section_url(east["draft"]), {})
    assert response.status_code == 200
    assert "Saved" not in response.content.decode()
