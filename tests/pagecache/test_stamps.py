"""Stamps change when, and only when, the data they name changes."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from assessments import services
from assessments.models import Assessment
from pagecache import signals, stamps
from pagecache.stamps import PARTNERSHIPS, RESULTS, SHARED, partnership_stamp
from tests.factories import AssessmentFactory, MembershipFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def token(name: str) -> str:
    return stamps.tokens(name)[0]


def snapshot(*partnerships) -> dict:
    names = [SHARED, PARTNERSHIPS, RESULTS, *(partnership_stamp(p.pk) for p in partnerships)]
    return dict(zip(names, stamps.tokens(*names), strict=True))


def changed_names(before: dict, after: dict) -> set:
    return {name for name in before if before[name] != after[name]}


def test_every_model_of_the_site_is_classified():
    """A model missing here would leave cached pages showing its old rows."""
    for model in signals.site_models():
        key = (model._meta.app_label, model._meta.model_name)
        known = (
            key in signals.PARTNERSHIP_PATHS
            or key in signals.MIRROR_MODELS
            or key in signals.IGNORED_MODELS
            or key in signals.SHARED_MODELS
            or (key[0], None) in signals.SHARED_MODELS
        )
        assert known, f"{key} is not covered by pagecache.signals"


@pytest.fixture
def two(catalogue):
    east = MembershipFactory(role="coordinator")
    fife = MembershipFactory(role="coordinator")
    return {
        "east": east.partnership,
        "fife": fife.partnership,
        "coordinator": east.user,
        "assessment": AssessmentFactory(partnership=east.partnership, version=catalogue),
    }


def test_a_saved_answer_changes_its_partnership_only(two):
    before = snapshot(two["east"], two["fife"])
    indicator = two["assessment"].version.indicators.first()
    services.agreed_ratings_save(
        assessment=two["assessment"],
        answers=[services.Answer(indicator=indicator, level=2, note="Seen", seen_revision=0)],
        by=two["coordinator"],
    )
    after = snapshot(two["east"], two["fife"])
    assert changed_names(before, after) == {partnership_stamp(two["east"].pk)}


def test_a_state_change_moves_the_national_results(two):
    before = snapshot(two["east"], two["fife"])
    Assessment.objects.get(pk=two["assessment"].pk).save()
    after = snapshot(two["east"], two["fife"])
    assert changed_names(before, after) == {partnership_stamp(two["east"].pk), RESULTS}


def test_a_catalogue_wording_edit_changes_the_shared_stamp(two, catalogue):
    before = snapshot(two["east"], two["fife"])
    thread = catalogue.threads.first()
    thread.title = "Reworded"
    thread.save()
    assert changed_names(before, snapshot(two["east"], two["fife"])) == {SHARED}


def test_renaming_a_partnership_changes_the_list_and_its_own(two):
    before = snapshot(two["east"], two["fife"])
    two["fife"].name = "Fife Community Safety Partnership"
    two["fife"].save()
    after = snapshot(two["east"], two["fife"])
    assert changed_names(before, after) == {PARTNERSHIPS, partnership_stamp(two["fife"].pk)}


def test_a_person_renamed_changes_their_partnerships_but_signing_in_does_not(two):
    from django.contrib.auth.models import update_last_login

    before = snapshot(two["east"], two["fife"])
    update_last_login(None, two["coordinator"])
    assert changed_names(before, snapshot(two["east"], two["fife"])) == set()
    two["coordinator"].first_name = "Morag"
    two["coordinator"].save()
    after = snapshot(two["east"], two["fife"])
    assert changed_names(before, after) == {partnership_stamp(two["east"].pk)}


def test_replace_everything_after_a_bulk_load(two):
    before = snapshot(two["east"], two["fife"])
    stamps.replace_everything()
    assert changed_names(before, snapshot(two["east"], two["fife"])) == set(before)


@pytest.mark.django_db(transaction=True)
def test_stamps_change_once_per_transaction_and_only_after_it_commits(settings):
    settings.PAGECACHE_STAMP_AT_COMMIT = True
    partnership = PartnershipFactory()
    name = partnership_stamp(partnership.pk)
    start = token(name)
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        for n in range(3):
            partnership.description = f"Edit {n}"
            partnership.save()
        assert token(name) == start  # not before the commit
    assert token(name) != start
    writes = [q for q in queries if "pagecache_stamp" in q["sql"] and "INSERT" in q["sql"]]
    assert len(writes) == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_changes_nothing_and_the_next_one_still_counts(
    settings,
):
    settings.PAGECACHE_STAMP_AT_COMMIT = True
    partnership = PartnershipFactory()
    name = partnership_stamp(partnership.pk)
    start = token(name)
    with pytest.raises(RuntimeError), transaction.atomic():
        partnership.save()
        raise RuntimeError("refused")
    assert token(name) == start
    with transaction.atomic():
        partnership.save()
    assert token(name) != start


def test_a_row_moved_to_another_partnership_changes_both(two):
    from assessments.models import Action

    action = Action.objects.create(
        partnership=two["east"], title="Audit the CCTV coverage", status="planned"
    )
    before = snapshot(two["east"], two["fife"])
    action.partnership = two["fife"]
    action.save()
    after = snapshot(two["east"], two["fife"])
    assert changed_names(before, after) == {
        partnership_stamp(two["east"].pk),
        partnership_stamp(two["fife"].pk),
    }


def test_replacing_a_result_deletes_its_mirror_rows_in_one_query_each(two, catalogue):
    from assessments.results import store_result
    from assessments.selectors import assessment_result

    assessment = two["assessment"]
    result = assessment_result(assessment).to_dict()
    store_result(assessment, result)
    with CaptureQueriesContext(connection) as queries:
        store_result(assessment, result)
    deletes = [q for q in queries if q["sql"].startswith("DELETE")]
    selects = [
        q for q in queries if q["sql"].startswith("SELECT") and "assessments_result" in q["sql"]
    ]
    assert len(deletes) == 2 and selects == []
