"""The demo history is true to the report (assessments/demo_seed.py, partnerships/demo_*.py)."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from assessments.models import AgencyRating, Assessment
from partnerships.demo_data import REPORT_PEOPLE
from partnerships.models import Agency, Partnership, Tier

pytestmark = pytest.mark.django_db
PATHFINDERS = ["angus", "city-of-edinburgh", "east-dunbartonshire", "fife", "south-ayrshire"]
APPROVED_CYCLES = ["2000/01", "2001/02", "2002/03", "2003/04"]


def approved(slug):
    return list(
        Assessment.objects.filter(partnership__slug=slug, state="approved").order_by(
            "cycle__opens_on"
        )
    )


def agreed(assessment):
    return dict(assessment.agreed_ratings.values_list("indicator__code", "level"))


def test_east_ayrshire_2000_01_is_as_the_report_describes(demo):
    first = approved("east-ayrshire")[0]
    assert first.cycle.name == "2000/01"
    levels = agreed(first)
    # 5.3: strategic group agreed on 14 August, not yet met; the forum is the second tier.
    assert levels["LR-1.1"] == 1 and levels["LR-1.2"] == 1
    # 5.5: a dedicated Community Safety Officer, remit to be redefined for the partnership.
    assert levels["LR-1.3"] == 2
    # 5.3: the strategy goes to Policy and Resources on 30 November, for the group to finalise.
    assert levels["LR-4.3"] == 1
    notes = dict(first.agreed_ratings.values_list("indicator__code", "note"))
    assert "14 August 2000" in notes["LR-1.1"] and "not met" in notes["LR-1.1"]
    assert "Community Safety Forum" in notes["LR-1.2"]
    assert "dedicated Community Safety Officer" in notes["LR-1.3"]
    assert "Policy and Resources Committee on 30 November 2000" in notes["LR-4.3"]
    # 5.2: "an early stage of the development path".
    assert first.stage_code == "S1"


def test_assessments_start_after_the_study_was_published(demo):
    published = datetime.date(2000, 11, 30)
    for assessment in Assessment.objects.all():
        assert assessment.created_at.date() > published, assessment
        for transition in assessment.transitions.all():
            assert transition.at.date() > published


@pytest.mark.parametrize("slug", [*PATHFINDERS, "east-ayrshire"])
def test_each_history_rises_steadily_with_no_drops(demo, slug):
    history = approved(slug)
    assert [a.cycle.name for a in history] == APPROVED_CYCLES
    for before, after in zip(history, history[1:], strict=False):
        assert after.stage_order >= before.stage_order
        levels_before, levels_after = agreed(before), agreed(after)
        assert all(levels_after[code] >= level for code, level in levels_before.items())
    assert history[-1].stage_order > history[0].stage_order


def test_east_ayrshire_climbs_a_stage_at_a_time(demo):
    assert [a.stage_code for a in approved("east-ayrshire")] == ["S1", "S1", "S2", "S3"]


def test_pathfinders_start_ahead_but_not_yet_at_s3(demo):
    east = approved("east-ayrshire")[0]
    for slug in PATHFINDERS:
        first = approved(slug)[0]
        assert first.stage_code == "S2", (
            slug
        )  # 3.1 (v): "aspiring to better structural organisation"
        kli1 = {c: v["score"] for c, v in first.result["key_issues"].items()}["KLI-1"]
        assert kli1 > east.result["key_issues"]["KLI-1"]["score"], slug


def test_partners_disagree_on_a_few_indicators_not_most(demo):
    any_wide = False
    for assessment in Assessment.objects.filter(state="approved"):
        by_indicator = {}
        for code, level in AgencyRating.objects.filter(assessment=assessment).values_list(
            "indicator__code", "level"
        ):
            by_indicator.setdefault(code, []).append(level)
        spreads = [max(levels) - min(levels) for levels in by_indicator.values()]
        wide = sum(spread >= 2 for spread in spreads)
        assert wide <= len(spreads) // 4, (assessment, wide)
        assert max(spreads) <= 2
        any_wide = any_wide or wide > 0
    assert any_wide, "some partners see some indicators two levels apart"


def test_agency_names_are_right_for_the_year(demo):
    for assessment in Assessment.objects.filter(state="approved").select_related("cycle"):
        health = set(
            AgencyRating.objects.filter(assessment=assessment, agency__kind="health").values_list(
                "agency__name", flat=True
            )
        )
        if assessment.cycle.name == "2000/01":
            assert health and all(name.endswith(" Health Board") for name in health), health
        else:
            assert health and all(name.startswith("NHS ") for name in health), health
    names = set(Agency.objects.values_list("name", flat=True))
    assert "Ayrshire and Arran Health Board" in names and "NHS Ayrshire and Arran" in names
    assert "Strathclyde Police" in names and "Strathclyde Fire Brigade" in names


def test_no_real_persons_name_is_in_the_demo(demo):
    people = set(get_user_model().objects.values_list("first_name", "last_name"))
    surnames = {last for _, last in people}
    for first, last in REPORT_PEOPLE:
        assert (first, last) not in people
        assert last not in surnames, last
    for partnership in Partnership.objects.all():
        for first, last in REPORT_PEOPLE:
            assert f"{first} {last}" not in partnership.description


def test_tiers_end_the_history_in_place(demo):
    east = Partnership.objects.get(slug="east-ayrshire")
    assert set(east.tiers.values_list("status", flat=True)) == {Tier.Status.MEETING}
    assert "14 August 2000" in east.description and "30 November 2000" in east.description
    latest = approved("east-ayrshire")[-1]
    assert agreed(latest)["LR-1.1"] >= 2 and agreed(latest)["LR-1.2"] >= 2


def test_the_open_2004_05_assessment_has_some_partner_ratings_in(demo):
    open_one = Assessment.objects.get(partnership__slug="east-ayrshire", cycle__name="2004/05")
    assert open_one.state == "draft" and open_one.agency_ratings.exists()
    assert not open_one.agreed_ratings.exists()
