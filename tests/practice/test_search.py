"""The library's search and filters.

Ranking and highlighting are PostgreSQL's full-text search (CI runs PostgreSQL); the plain
fallback is what SQLite runs. Each test of one engine is skipped, visibly, on the other; the
filters and visibility run on both.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import Context, Template
from django.utils import timezone

from practice import selectors
from practice.models import Example
from practice.selectors import Filters
from tests.factories import ExampleFactory, MembershipFactory, PartnershipFactory, UserFactory
from threads.models import CatalogueVersion

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL (CI)"
)


def published(**fields):
    return ExampleFactory(state="published", **fields)


def titles(examples) -> list[str]:
    return [e["title"] for e in examples]


@pytest.fixture
def reader(db):
    return UserFactory()


def test_the_engine_matches_the_database(db):
    assert selectors.uses_full_text() is (connection.vendor == "postgresql")


@postgres_only
def test_a_match_in_the_title_ranks_above_one_in_the_lessons(reader):
    lessons = published(title="Street lighting", lessons="We should have done an audit first.")
    summary = published(title="Youth diversion", summary="An audit of evening disorder.")
    title = published(title="Joint community safety audit", summary="Partners pooled data.")
    published(title="Unrelated", summary="Nothing to find here.")
    found = list(selectors.search(reader, Filters(q="audit")))
    assert titles(found) == [title.title, summary.title, lessons.title]
    assert found[0]["rank"] > found[1]["rank"] > found[2]["rank"]


@postgres_only
def test_stemming_and_phrases(reader):
    auditing = published(title="Auditing together", summary="Shared data.")
    published(title="Joint training", summary="Audit later, maybe; joint planning now.")
    assert titles(selectors.search(reader, Filters(q="audits"))) == [
        auditing.title,
        "Joint training",
    ]
    phrase = titles(selectors.search(reader, Filters(q='"joint planning"')))
    assert phrase == ["Joint training"]
    excluded = titles(selectors.search(reader, Filters(q="audit -training")))
    assert excluded == [auditing.title]


@postgres_only
def test_the_trigger_keeps_the_vector_up_to_date(reader):
    example = published(title="Street lighting", summary="Relit lanes.")
    assert selectors.search(reader, Filters(q="underpass")) == []
    Example.objects.filter(pk=example.pk).update(summary="Relit lanes and every underpass.")
    assert titles(selectors.search(reader, Filters(q="underpass"))) == ["Street lighting"]


@postgres_only
def test_matches_are_marked_and_the_rest_escaped(reader):
    published(title="Joint <b>audit</b>", summary="The audit & the <script>plan</script>.")
    rows = selectors.result_rows(selectors.search(reader, Filters(q="audit")), Filters(q="audit"))
    assert str(rows[0]["title"]) == "Joint &lt;b&gt;<mark>audit</mark>&lt;/b&gt;"
    assert "<mark>audit</mark>" in str(rows[0]["summary"])
    assert "<script>" not in str(rows[0]["summary"])


@pytest.fixture
def plain_search(monkeypatch):
    """The fallback SQLite uses, forced on whatever database runs the tests (CI: PostgreSQL)."""
    monkeypatch.setattr(selectors, "uses_full_text", lambda: False)


def test_fallback_needs_every_word_somewhere(reader, plain_search):
    published(title="Joint audit", summary="Partners pooled data.")
    published(title="Joint training", summary="Staff from five agencies.")
    published(title="Audit of lighting", lessons="Ask residents.")
    assert titles(selectors.search(reader, Filters(q="AUDIT"))) == [
        "Audit of lighting",
        "Joint audit",
    ]
    assert titles(selectors.search(reader, Filters(q="joint pooled"))) == ["Joint audit"]
    assert titles(selectors.search(reader, Filters(q="residents audit"))) == ["Audit of lighting"]
    assert selectors.search(reader, Filters(q="!!")) == []


def test_fallback_marks_words_and_escapes(reader, plain_search):
    published(title="Joint <b>audit</b>", summary="The Audit & more.")
    rows = selectors.result_rows(selectors.search(reader, Filters(q="audit")), Filters(q="audit"))
    assert str(rows[0]["title"]) == "Joint &lt;b&gt;<mark>audit</mark>&lt;/b&gt;"
    assert str(rows[0]["summary"]) == "The <mark>Audit</mark> &amp; more."


def test_only_published_examples_are_found_and_visitors_see_public_ones(reader):
    public = published(title="Public audit", is_public=True)
    signed_in_only = published(title="Members' audit")
    for state in ["draft", "submitted", "returned", "endorsed", "archived"]:
        ExampleFactory(title=f"{state} audit", state=state)
    assert set(titles(selectors.search(reader, Filters(q="audit")))) == {
        public.title,
        signed_in_only.title,
    }
    assert titles(selectors.search(AnonymousUser(), Filters(q="audit"))) == [public.title]
    assert titles(selectors.search(AnonymousUser(), Filters())) == [public.title]


def test_filters(reader, catalogue):
    fife = PartnershipFactory(name="Fife", slug="fife")
    angus = PartnershipFactory(name="Angus", slug="angus")
    lr41 = catalogue.indicators.get(code="LR-4.1")
    lr51 = catalogue.indicators.get(code="LR-5.1")
    nr2 = catalogue.threads.get(code="NR-2")
    audit = published(title="Audit", partnership=fife)
    audit.indicators.set([lr41])
    training = published(title="Training", partnership=angus)
    training.indicators.set([lr51])
    protocol = published(title="Protocol", partnership=angus)
    protocol.recommendations.set([nr2])
    protocol.published_at = timezone.make_aware(datetime.datetime(2002, 6, 1))
    protocol.save()

    def found(**kwargs):
        return sorted(titles(selectors.search(reader, Filters(**kwargs))))

    assert found(indicator="LR-4.1") == ["Audit"]
    assert found(recommendation="LR-4") == ["Audit"], "an indicator's recommendation"
    assert found(recommendation="NR-2") == ["Protocol"], "a recommendation named directly"
    assert found(partnership="angus") == ["Protocol", "Training"]
    assert found(year=2002) == ["Protocol"]
    assert found(partnership="angus", indicator="LR-5.1") == ["Training"]
    assert found(q="training", partnership="fife") == []
    assert found(indicator="LR-8.4") == []


def test_published_counts_in_one_query(reader, catalogue, django_assert_num_queries):
    lr41 = catalogue.indicators.get(code="LR-4.1")
    lr42 = catalogue.indicators.get(code="LR-4.2")
    for _ in range(3):
        published().indicators.set([lr41, lr42])
    ExampleFactory(state="submitted").indicators.set([lr41])
    ExampleFactory(state="archived").indicators.set([lr42])
    with django_assert_num_queries(1):
        counts = selectors.published_counts(["LR-4.1", "LR-4.2", "LR-8.1"])
    assert counts == {"LR-4.1": 3, "LR-4.2": 3}
    with django_assert_num_queries(0):
        assert selectors.published_counts([]) == {}


def test_published_counts_count_an_example_once_across_catalogue_versions(
    reader, catalogue, draft_catalogue
):
    old = catalogue.indicators.get(code="LR-4.1")
    new = draft_catalogue.indicators.get(code="LR-4.1")
    published().indicators.set([old, new])
    published().indicators.set([new])
    published().indicators.set([old])
    assert selectors.published_counts(["LR-4.1"]) == {"LR-4.1": 3}


@pytest.mark.parametrize("versions", [1, 2])
def test_published_counts_stop_above_the_bound(
    reader, catalogue, draft_catalogue, monkeypatch, django_assert_num_queries, versions
):
    """At most COUNT_BOUND + 1 per code, in one query, however many examples there are; an
    example linked in both catalogue versions still counts once."""
    monkeypatch.setattr(selectors, "COUNT_BOUND", 3)
    lr41 = [catalogue.indicators.get(code="LR-4.1")]
    if versions == 2:
        lr41.append(draft_catalogue.indicators.get(code="LR-4.1"))
    lr42 = catalogue.indicators.get(code="LR-4.2")

    def counts():
        with django_assert_num_queries(1):
            return selectors.published_counts(["LR-4.1", "LR-4.2"])

    for _ in range(3):
        published().indicators.set(lr41)
    published().indicators.set([lr42])
    assert counts() == {"LR-4.1": 3, "LR-4.2": 1}, "at the bound: exact"
    published().indicators.set(lr41)
    assert counts() == {"LR-4.1": 4, "LR-4.2": 1}, "one over the bound"
    for _ in range(10):
        published().indicators.set(lr41)
    assert counts() == {"LR-4.1": 4, "LR-4.2": 1}, "never more than the bound + 1"


def test_a_gap_link_says_n_plus_beyond_the_bound(reader, catalogue, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_BOUND", 2)
    lr41 = catalogue.indicators.get(code="LR-4.1")
    lr42 = catalogue.indicators.get(code="LR-4.2")
    lr43 = catalogue.indicators.get(code="LR-4.3")
    for _ in range(3):
        published().indicators.set([lr41])
    for _ in range(2):
        published().indicators.set([lr42])
    published().indicators.set([lr43])
    html = Template(
        "{% load practice %}{% practice_counts gaps as practice %}"
        "{% for gap in gaps %}<p>{% gap_link practice gap %}</p>{% endfor %}"
    ).render(
        Context({"gaps": [{"indicator": c} for c in ["LR-4.1", "LR-4.2", "LR-4.3", "LR-8.1"]]})
    )
    links = re.findall(r"<p>(.*?)</p>", html)
    texts = [re.sub(r"<[^>]+>", "", link).split(" of credible")[0] for link in links]
    assert texts == ["2+ examples", "2 examples", "1 example", ""]
    assert "/practice/?indicator=LR-4.1" in links[0]


def _dated(title: str, days_ago: int, **fields) -> Example:
    example = published(title=title, **fields)
    example.published_at = timezone.now() - datetime.timedelta(days=days_ago)
    example.save()
    return example


def test_a_search_finds_at_most_the_bound_newest_first(
    reader, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(selectors, "RESULTS_BOUND", 3)
    for days in range(5):
        _dated(f"Audit {days}", days)
    _dated("Training", 0)
    with django_assert_num_queries(1):
        audits = selectors.found(reader, Filters(q="audit"))
    assert audits.more and len(audits.ids) == 3
    assert sorted(titles(selectors.search(reader, Filters(q="audit")))) == [
        "Audit 0",
        "Audit 1",
        "Audit 2",
    ]
    assert selectors.found(reader, Filters()).more
    assert titles(selectors.search(reader, Filters())) == ["Training", "Audit 0", "Audit 1"]
    training = selectors.found(reader, Filters(q="training"))
    assert not training.more and len(training.ids) == 1
    Example.objects.filter(title__in=["Audit 3", "Audit 4"]).delete()
    exact = selectors.found(reader, Filters(q="audit"))
    assert not exact.more and len(exact.ids) == 3, "exactly the bound: not more"


def test_a_page_of_examples_in_one_query_in_the_order_given(reader, django_assert_num_queries):
    first, second, third = (published(title=t) for t in ["First", "Second", "Third"])
    with django_assert_num_queries(1):
        page = selectors.examples_for([third.pk, first.pk], Filters())
        assert titles(page) == ["Third", "First"]
        assert page[0]["partnership__name"] == third.partnership.name
    with django_assert_num_queries(0):
        assert selectors.examples_for([], Filters(q="audit")) == []


@postgres_only
def test_the_newest_matches_are_still_ranked(reader, monkeypatch):
    """The ranking applies within the bound: a title match among the newest comes first; an
    older one beyond the bound is not ranked at all."""
    monkeypatch.setattr(selectors, "RESULTS_BOUND", 3)
    _dated("Joint audit of lighting", 30)  # the best match, but not among the 3 newest
    _dated("Street lighting", 1, lessons="An audit first.")
    _dated("Youth diversion", 2, summary="An audit of disorder.")
    _dated("Community audit", 3, summary="Partners pooled data.")
    found = list(selectors.search(reader, Filters(q="audit")))
    assert titles(found) == ["Community audit", "Youth diversion", "Street lighting"]
    assert found[0]["rank"] > found[1]["rank"] > found[2]["rank"]


def test_the_partnership_filter_takes_a_name_or_part_of_one(reader):
    fife = PartnershipFactory(name="Fife Community Safety Partnership", slug="fife")
    angus = PartnershipFactory(name="Angus", slug="angus")
    published(title="Audit", partnership=fife)
    published(title="Training", partnership=angus)

    def found(text):
        return titles(selectors.search(reader, Filters(partnership=text)))

    assert found("fife") == ["Audit"], "a slug, as links give"
    assert found("Community Safety") == ["Audit"]
    assert found("ANG") == ["Training"]
    assert sorted(found("f")) == ["Audit"]


def test_the_filter_lists_in_one_query(catalogue, django_assert_num_queries):
    """The current catalogue's recommendations (local, then national, in order), indicators
    (in thread order) and the years, in one query."""
    published(published_at=timezone.make_aware(datetime.datetime(2019, 3, 1)))
    published(published_at=timezone.make_aware(datetime.datetime(2021, 3, 1)))
    with django_assert_num_queries(1):
        choices = selectors.filter_choices()
    kinds = ["local_recommendation", "national_recommendation"]
    expected = catalogue.threads.filter(kind__in=kinds).order_by("kind", "order")
    assert choices["recommendations"] == list(expected.values_list("code", "title"))
    assert choices["recommendations"][0][0] == "LR-1"
    indicators = catalogue.indicators.order_by("thread__order", "order")
    assert choices["indicators"] == list(indicators.values_list("code", "statement"))
    assert choices["years"] == [2021, 2020, 2019]


def test_the_filter_lists_say_who_may_write_up_an_example(catalogue, django_assert_num_queries):
    coordinator = MembershipFactory(role="coordinator").user
    viewer = MembershipFactory(role="viewer").user
    with django_assert_num_queries(1):
        assert selectors.filter_choices(coordinator)["can_write"] is True
    assert selectors.filter_choices(viewer)["can_write"] is False
    assert selectors.filter_choices(AnonymousUser())["can_write"] is False
    assert selectors.filter_choices()["can_write"] is False


def test_without_a_current_catalogue_the_years_and_the_link_still_come(db):
    coordinator = MembershipFactory(role="coordinator").user
    published(published_at=timezone.make_aware(datetime.datetime(2020, 3, 1)))
    CatalogueVersion.objects.update(is_current=False)
    assert selectors.filter_choices(coordinator) == {
        "recommendations": [],
        "indicators": [],
        "years": [2020],
        "can_write": True,
    }
    assert selectors.filter_choices(UserFactory())["can_write"] is False


@postgres_only
def test_a_page_of_a_ranked_search_in_one_query(reader, monkeypatch, django_assert_num_queries):
    """The same rows, order, counts and page numbers as found() then examples_for()."""
    monkeypatch.setattr(selectors, "RESULTS_BOUND", 4)
    _dated("Joint audit", 1)
    _dated("Street lighting", 2, lessons="An audit first.")
    _dated("Audit of disorder", 3, summary="An audit of an audit.")
    _dated("Youth diversion", 4, summary="An audit of evening disorder.")
    _dated("Community audit", 5)  # the fifth newest: beyond the bound, never ranked
    _dated("Training", 0)
    audit = Filters(q="audit")
    expected = selectors.search(reader, audit)
    assert len(expected) == 4 and "Community audit" not in titles(expected)
    with django_assert_num_queries(1):
        first = selectors.results_page(reader, audit, None, 3)
    assert first.examples == expected[:3]
    assert first.more and first.page.paginator.count == 4 and first.page.number == 1
    with django_assert_num_queries(1):
        second = selectors.results_page(reader, audit, "2", 3)
    assert second.examples == expected[3:] and second.page.number == 2
    assert not second.page.has_next() and second.page.has_previous()
    for number, page in [("9", 2), ("0", 2), ("x", 1), ("", 1)]:
        asked = selectors.results_page(reader, audit, number, 3)
        assert asked.page.number == page, number
        assert asked.examples == expected[(page - 1) * 3 : page * 3], number
    nothing = selectors.results_page(reader, Filters(q="underpass"), None, 3)
    assert nothing.examples == [] and nothing.page.paginator.count == 0 and not nothing.more


def test_a_page_of_a_listing_in_two_queries(reader, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(selectors, "RESULTS_BOUND", 3)
    for days in range(4):
        _dated(f"Audit {days}", days)
    with django_assert_num_queries(2):
        page = selectors.results_page(reader, Filters(), "2", 2)
    assert titles(page.examples) == ["Audit 2"] and page.more
    assert page.page.number == 2 and page.page.paginator.count == 3


def test_published_counts_reach_the_bound_from_examples_split_across_versions(
    reader, catalogue, draft_catalogue, monkeypatch
):
    """Two examples in each version and one in both: five in all, over a bound of three; two in
    each version alone stays exact."""
    monkeypatch.setattr(selectors, "COUNT_BOUND", 3)
    old = catalogue.indicators.get(code="LR-4.1")
    new = draft_catalogue.indicators.get(code="LR-4.1")
    for _ in range(2):
        published().indicators.set([old])
        published().indicators.set([new])
    assert selectors.published_counts(["LR-4.1"]) == {"LR-4.1": 4}, "over the bound"
    monkeypatch.setattr(selectors, "COUNT_BOUND", 10)
    published().indicators.set([old, new])
    assert selectors.published_counts(["LR-4.1"]) == {"LR-4.1": 5}, "exact under the bound"
