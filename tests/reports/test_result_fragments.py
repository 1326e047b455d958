"""The fixed parts of an approved result's pages are rendered once, at approval, and read back."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments import result_pages
from assessments.models import ResultSnapshot
from assessments.results import refresh_fragments

pytestmark = pytest.mark.django_db


def dashboard_html(client, user, slug="east-ayrshire") -> str:
    client.force_login(user)
    response = client.get(reverse("reports:dashboard", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_approval_stores_every_fragment_with_this_release_version(east, make_approved):
    approved = make_approved(east, "2002/03", level=2)
    kept = ResultSnapshot.objects.get(assessment=approved).fragments
    assert kept["version"] == result_pages.version()
    assert set(kept) == {"version", *result_pages.TEMPLATES}
    assert f'data-stage="{approved.stage_code}"' in kept["standing"]
    assert 'id="agreement-table"' in kept["agreement"] or "No agency gave" in kept["agreement"]
    for code, value in approved.result["key_issues"].items():
        assert f'data-score="{code}">{value["score"]}<' in kept["scores"]


def test_dashboard_reads_the_stored_fragments(client, east, people, make_approved):
    approved = make_approved(east, "2002/03", level=2)
    snapshot = ResultSnapshot.objects.get(assessment=approved)
    snapshot.fragments["scores"] = '<p id="kept-at-approval">kept</p>'
    snapshot.save(update_fields=["fragments"])
    html = dashboard_html(client, people["viewer"])
    assert 'id="kept-at-approval"' in html
    assert 'id="key-issues-table"' not in html


def test_fragments_of_an_earlier_release_render_live_until_refreshed(
    client, east, people, make_approved
):
    approved = make_approved(east, "2002/03", level=2)
    ResultSnapshot.objects.filter(assessment=approved).update(
        fragments={"version": "an-old-release", "scores": '<p id="old">old</p>'}
    )
    html = dashboard_html(client, people["viewer"])
    assert 'id="old"' not in html
    assert 'id="key-issues-table"' in html  # rendered now from the snapshot's data

    out = io.StringIO()
    call_command("refresh_result_pages", stdout=out)
    assert "Refreshed the stored pages of 1 approved result" in out.getvalue()
    kept = ResultSnapshot.objects.get(assessment=approved).fragments
    assert kept["version"] == result_pages.version()
    assert 'id="key-issues-table"' in kept["scores"]


def test_refresh_leaves_current_fragments_alone(east, make_approved):
    approved = make_approved(east, "2002/03", level=2)
    snapshot = ResultSnapshot.objects.get(assessment=approved)
    snapshot.fragments["scores"] = "<p>current release, left alone</p>"
    snapshot.save(update_fields=["fragments"])
    assert result_pages.version() == snapshot.fragments["version"]
    assert refresh_fragments() == 0
    snapshot.refresh_from_db()
    assert snapshot.fragments["scores"] == "<p>current release, left alone</p>"


def test_the_version_changes_with_a_template(monkeypatch):
    before = result_pages.version()
    result_pages._release_digest.cache_clear()
    monkeypatch.setattr(result_pages, "INCLUDED", (*result_pages.INCLUDED, "base.html"))
    try:
        assert result_pages.version() != before
    finally:
        result_pages._release_digest.cache_clear()


def test_with_debug_on_an_edited_template_counts_at_once(settings, monkeypatch):
    settings.DEBUG = True
    before = result_pages.version()
    monkeypatch.setattr(result_pages, "INCLUDED", (*result_pages.INCLUDED, "base.html"))
    assert result_pages.version() != before  # no process restart needed
