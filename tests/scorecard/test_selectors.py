"""What other layers read from the scorecard, and the query counts of its pages."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import NATIONAL_GROUP
from scorecard import selectors
from scorecard.models import MeasureDefinition
from tests.factories import ActualFactory, MeasureFactory, PartnershipFactory, UserFactory
from tests.scorecard.conftest import TODAY


def test_summary_sentence_counts_and_quotes_the_best_outcome(
    scorecard_world, django_assert_num_queries
):
    # Fear of crime: 41% (2000/01) to a target of 30% by 2010/11; 33% in 2005/06 is ahead of
    # the 35.5% expected. Calls: 40 to 20 by 2010/11; 36 in 2005/06 is behind the 30 expected.
    ActualFactory(measure=scorecard_world["fear"], year=2005, value=33)
    ActualFactory(measure=scorecard_world["calls"], year=2005, value=36)
    with django_assert_num_queries(1):
        sentence = selectors.summary_sentence(scorecard_world["partnership"], as_of=TODAY)
    assert sentence == (
        "1 of 2 measures on track; fear of crime down from 41% to 33% against a target of 30%"
    )


def test_summary_sentence_without_measures_or_judged_ones(db):
    partnership = PartnershipFactory()
    assert selectors.summary_sentence(partnership, as_of=TODAY) is None
    MeasureFactory(partnership=partnership)
    assert selectors.summary_sentence(partnership, as_of=TODAY) == "0 of 1 measure on track"


def test_an_evidenced_measure_needs_baseline_target_and_a_recent_figure(
    scorecard_world, django_assert_num_queries
):
    partnership = scorecard_world["partnership"]
    with django_assert_num_queries(1):
        assert not selectors.has_evidenced_measure(partnership, as_of=TODAY)
    ActualFactory(measure=scorecard_world["calls"], year=2003)  # ended March 2004: too old
    assert not selectors.has_evidenced_measure(partnership, as_of=TODAY)
    assert selectors.has_evidenced_measure(partnership, as_of=datetime.date(2005, 6, 30))
    own = MeasureFactory(
        partnership=partnership,
        baseline_value=None,
        baseline_year=None,
        baseline_quarter=None,
        target_value=None,
        target_year=None,
        target_quarter=None,
    )
    ActualFactory(measure=own, year=2005)
    assert not selectors.has_evidenced_measure(partnership, as_of=TODAY)
    ActualFactory(measure=scorecard_world["fear"], year=2005)
    assert selectors.has_evidenced_measure(partnership, as_of=TODAY)


def test_the_panel_lists_each_measure_with_its_status(scorecard_world, django_assert_num_queries):
    ActualFactory(measure=scorecard_world["fear"], year=2005, value=33)
    with django_assert_num_queries(1):
        panel = selectors.scorecard_panel(scorecard_world["partnership"], as_of=TODAY)
    assert panel["evidenced"] is True
    assert [(r.measure.code, r.status) for r in panel["rows"]] == [
        ("CALLS", "no_recent_data"),
        ("FEAR-OF-CRIME", "on_track"),
    ]


def _measures(partnership, count):
    for index in range(count):
        measure = MeasureFactory(partnership=partnership, code=f"M-{index}")
        ActualFactory(measure=measure, year=2004)
        ActualFactory(measure=measure, year=2005)


@pytest.mark.parametrize("count", [3, 30])
def test_the_scorecard_page_runs_the_same_queries_for_3_or_30_measures(
    client, scorecard_world, count, django_assert_num_queries
):
    _measures(scorecard_world["partnership"], count)
    client.force_login(scorecard_world["people"]["police"])
    url = reverse("scorecard:scorecard", kwargs={"slug": "glen"})
    client.get(url)  # warm the session
    # session, user, partnership with role, perspectives, measures, actuals, the police's agency
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.content.decode().count('class="govuk-summary-list"') == count + 2


def _national_counts(client, start: int, end: int) -> int:
    """Queries of the comparison page after partnerships ``start`` to ``end`` - 1 adopt it."""
    fear = MeasureDefinition.objects.get(code="FEAR-OF-CRIME")
    for index in range(start, end):
        partnership = PartnershipFactory(name=f"P {index:03d}", slug=f"p-{index:03d}")
        measure = MeasureFactory(
            partnership=partnership,
            adopted_from=fear,
            code=fear.code,
            perspective=fear.perspective,
        )
        ActualFactory(measure=measure, year=2005)
    reader = UserFactory(username="reader")
    reader.groups.add(Group.objects.get_or_create(name=NATIONAL_GROUP)[0])
    client.force_login(reader)
    url = reverse("scorecard:national") + "?code=FEAR-OF-CRIME"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count(">P 0") == min(end, 50)
    return len(queries)


def test_the_national_comparison_runs_the_same_queries_for_3_or_30_partnerships(client, db):
    small = _national_counts(client, 0, 3)
    large = _national_counts(client, 3, 30)
    assert small == large
    assert small <= 6


def test_the_scorecard_reads_only_the_latest_figures_of_each_measure(scorecard_world):
    for year in range(2000, 2012):
        ActualFactory(measure=scorecard_world["fear"], year=year, value=year - 1970)
    ActualFactory(measure=scorecard_world["calls"], year=2005, value=36)
    rows = {r.measure.code: r for r in selectors.measure_rows(scorecard_world["partnership"])}
    fear = rows["FEAR-OF-CRIME"]
    assert [p.period.year for p in fear.points] == list(range(2004, 2012))  # oldest first
    assert fear.latest.period.year == 2011 and fear.latest.value == 41
    assert [p.period.year for p in rows["CALLS"].points] == [2005]


def test_the_scorecard_page_writes_each_measures_figures_and_links(client, scorecard_world):
    ActualFactory(measure=scorecard_world["fear"], year=2005, value=Decimal("33.5"))
    client.force_login(scorecard_world["people"]["coordinator"])
    body = client.get(reverse("scorecard:scorecard", kwargs={"slug": "glen"})).content.decode()
    assert (
        '<th scope="row" class="govuk-table__header">2005/06</th>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">33.5</td>'
    ) in body
    measure = reverse("scorecard:measure", kwargs={"slug": "glen", "code": "FEAR-OF-CRIME"})
    enter = reverse("scorecard:actual_add", kwargs={"slug": "glen", "code": "FEAR-OF-CRIME"})
    assert f'href="{measure}"' in body and f'href="{enter}"' in body
    # 2005/06 is long past: no recent data, the grey tag
    assert '<strong class="govuk-tag govuk-tag--grey app-nowrap">No recent data</strong>' in body
