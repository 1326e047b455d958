"""The demo scorecards: eight measures per partnership, figures from 2000/01, entered by the
owner's respondent; East Ayrshire has five of eight on track."""

from scorecard import selectors
from scorecard.demo_seed import seed_scorecards
from scorecard.models import Actual, Measure


def test_every_demo_partnership_has_a_plausible_scorecard(demo):
    for slug, partnership in demo.items():
        measures = Measure.objects.filter(partnership=partnership)
        assert measures.count() == 8, slug
        assert measures.filter(adopted_from__isnull=True).count() == 1
        first = Actual.objects.filter(measure__partnership=partnership).order_by("year").first()
        assert first.year == 2000
        assert selectors.has_evidenced_measure(partnership)
    east = demo["east-ayrshire"]
    assert selectors.summary_sentence(east).startswith("5 of 8 measures on track; ")
    police = Actual.objects.filter(measure__partnership=east, measure__code="CRIME-RATE")
    assert set(police.values_list("entered_by__username", flat=True)) == {"police"}


def test_seeding_again_changes_nothing(demo):
    before = Actual.objects.count()
    seed_scorecards()
    assert Actual.objects.count() == before
