"""A published catalogue version keeps what pages read of it (ADR 15): stored at publication,
stored again when its wording is corrected, never read when an earlier release's code built it."""

import io

from django.core.management import call_command

from threads import services
from threads.models import CatalogueVersion, Stage, Thread
from threads.selectors import catalogue_reading, level_scale, live_reading, reading_format


def fresh(version: CatalogueVersion) -> CatalogueVersion:
    return CatalogueVersion.objects.get(pk=version.pk)


def test_publishing_stores_the_reading_and_a_draft_has_none(draft_catalogue):
    assert draft_catalogue.reading is None
    services.catalogue_version_publish(version=draft_catalogue)
    stored = fresh(draft_catalogue).reading
    assert stored == live_reading(draft_catalogue)
    assert stored["format"] == reading_format()


def test_a_draft_is_read_live(draft_catalogue, django_assert_num_queries):
    thread = draft_catalogue.threads.get(code="LR-4")
    thread.title = "Audit together"
    thread.save()
    version = fresh(draft_catalogue)
    with django_assert_num_queries(5):
        _, labels = catalogue_reading(version)
    assert labels["LR-4"] == "Audit together"


def test_a_corrected_title_statement_or_stage_name_is_stored_again(catalogue):
    thread = catalogue.threads.get(code="LR-4")
    thread.title = "Carry out a joint local audit, corrected"
    thread.save()
    indicator = catalogue.indicators.get(code="LR-4.1")
    indicator.statement = "A corrected statement."
    indicator.save()
    stage = Stage.objects.get(version=catalogue, code="S3")
    stage.name = "A corrected stage name"
    stage.save()
    version = fresh(catalogue)
    scoring_input, labels = catalogue_reading(version)
    assert labels["LR-4"] == "Carry out a joint local audit, corrected"
    assert labels["LR-4.1"] == "A corrected statement."
    assert next(s for s in scoring_input["stages"] if s["code"] == "S3")["name"] == (
        "A corrected stage name"
    )
    assert version.reading == live_reading(version)


def test_a_reading_from_an_earlier_release_is_not_read_and_the_refresh_stores_it(
    catalogue, django_assert_num_queries
):
    old = {**catalogue.reading, "format": "an-earlier-release", "labels": {"LR-4": "Stale"}}
    CatalogueVersion.objects.filter(pk=catalogue.pk).update(reading=old)
    version = fresh(catalogue)
    with django_assert_num_queries(5):
        _, labels = catalogue_reading(version)
    assert labels["LR-4"] == Thread.objects.get(version=catalogue, code="LR-4").title
    out = io.StringIO()
    call_command("refresh_result_pages", stdout=out)
    assert "Stored the reading of 1 catalogue version(s)." in out.getvalue()
    version = fresh(catalogue)
    assert version.reading["format"] == reading_format()
    with django_assert_num_queries(0):
        _, labels = catalogue_reading(version)
    assert labels["LR-4"] != "Stale"


def test_the_level_scale_comes_with_the_reading_and_a_corrected_label_shows(
    catalogue, django_assert_num_queries
):
    level = catalogue.levels.get(level=2)
    level.label = "Corrected label"
    level.save()
    version = fresh(catalogue)
    with django_assert_num_queries(0):
        scale = level_scale(version)
    assert scale[0][0] == 0 and (2, "Corrected label") in scale
    assert [lv for lv, _ in scale] == sorted(lv for lv, _ in scale)


def test_the_refresh_stores_a_reading_for_a_published_version_that_has_none(catalogue):
    """A database upgraded past migration threads 0005: published versions start without one."""
    CatalogueVersion.objects.filter(pk=catalogue.pk).update(reading=None)
    out = io.StringIO()
    call_command("refresh_result_pages", stdout=out)
    assert "Stored the reading of 1 catalogue version(s)." in out.getvalue()
    assert fresh(catalogue).reading == live_reading(catalogue)
