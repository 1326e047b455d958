"""Tests of assessments/scoring.py: tables of known cases and hypothesis properties.

No database and no Django: the catalogue below mirrors the real one's shape (5 key issues, 8
recommendations, 30 indicators, a 0-4 scale, stages S1-S4) as plain data.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import json
import pickle
import sys
from enum import IntEnum
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments import scoring
from assessments.scoring import (
    Catalogue,
    Gap,
    Indicator,
    InvalidCatalogue,
    LevelOutOfRange,
    Requirement,
    RequirementResult,
    Stage,
    UnknownIndicator,
    build_catalogue,
    natural_key,
    score,
)
from threads import validation
from threads.validation import DEFAULT_GATES


def validate_catalogue(catalogue: Catalogue, **options) -> list[str]:
    """The fixtures' requirements carry no reasons; reasons are tested on their own below."""
    return validation.validate_catalogue(catalogue, reasons=False, **options)


LEVELS = (0, 1, 2, 3, 4)
KEY_ISSUES = {
    "KLI-1": ("LR-1", "LR-2"),
    "KLI-2": ("LR-4",),
    "KLI-3": ("LR-5",),
    "KLI-4": ("LR-3", "LR-6", "LR-7"),
    "KLI-5": ("LR-8",),
}
INDICATOR_COUNTS = {
    "LR-1": 4,
    "LR-2": 3,
    "LR-3": 4,
    "LR-4": 4,
    "LR-5": 4,
    "LR-6": 3,
    "LR-7": 4,
    "LR-8": 4,
}
# Other recommendations that also address a recommendation's indicators (listed unsorted on
# purpose: gaps must sort them).
ALSO_ADDRESSED_BY = {"LR-2": ("LR-3",), "LR-4": ("LR-8",), "LR-6": ("LR-1",)}


def _indicators() -> tuple[Indicator, ...]:
    return tuple(
        Indicator(
            code=f"{rec}.{k}",
            recommendation=rec,
            addressed_by=(rec, *ALSO_ADDRESSED_BY.get(rec, ())),
        )
        for rec, count in INDICATOR_COUNTS.items()
        for k in range(1, count + 1)
    )


S1 = Stage(code="S1", order=1, name="Struggling into existence")
S2 = Stage(
    code="S2",
    order=2,
    name="In effective existence",
    requirements=(Requirement("KLI-1", 50), Requirement("LR-1.1", 2)),
)
S3 = Stage(
    code="S3",
    order=3,
    name="Planned, programmed preventive work",
    requirements=(Requirement("KLI-2", 50), Requirement("KLI-3", 25), Requirement("KLI-1", 60)),
)
S4 = Stage(
    code="S4",
    order=4,
    name="Mainstreamed, with sustained impact",
    requirements=(
        *(Requirement(kli, 75) for kli in KEY_ISSUES),
        Requirement("KLI-3", 50),
    ),
)

CATALOGUE = build_catalogue(
    levels=LEVELS,
    key_issues=KEY_ISSUES,
    indicators=_indicators(),
    stages=(S3, S1, S4, S2),  # any order: scoring sorts by ``order``
)
CODES = tuple(ind.code for ind in CATALOGUE.indicators)
ORDER = {stage.code: stage.order for stage in CATALOGUE.stages}


def indicators_of(*threads: str) -> list[str]:
    recs = {rec for thread in threads for rec in KEY_ISSUES.get(thread, (thread,))}
    return [ind.code for ind in CATALOGUE.indicators if ind.recommendation in recs]


def all_at(level: int | None, **overrides: int | None) -> dict[str, int | None]:
    """Every indicator at ``level``; overrides use ``LR_1_1`` for ``LR-1.1``."""
    ratings = dict.fromkeys(CODES, level)
    ratings.update({key.replace("_", "-", 1).replace("_", "."): v for key, v in overrides.items()})
    return ratings


def threads_at(ratings: dict[str, int | None], level: int | None, *threads: str) -> dict:
    return {**ratings, **dict.fromkeys(indicators_of(*threads), level)}


# --------------------------------------------------------------------------- strategies

ANSWER = st.one_of(st.none(), st.sampled_from(LEVELS))
# Any subset of indicators answered, each with a level or "Don't know".
RATINGS = st.fixed_dictionaries({}, optional=dict.fromkeys(CODES, ANSWER))
FULL_RATINGS = st.fixed_dictionaries(dict.fromkeys(CODES, st.sampled_from(LEVELS)))


def effective(ratings: dict[str, int | None], code: str) -> int:
    level = ratings.get(code)
    return LEVELS[0] if level is None else level


# --------------------------------------------------------------------------- fixture sanity


def test_fixture_catalogue_is_valid():
    assert validate_catalogue(CATALOGUE) == []
    assert len(CODES) == 30
    assert DEFAULT_GATES == (("KLI-1", "S2"), ("KLI-2", "S3"))


# --------------------------------------------------------------------------- known cases

PLACEMENT_CASES = [
    pytest.param({}, "S1", "S2", id="nothing-answered"),
    pytest.param(all_at(0), "S1", "S2", id="all-min"),
    pytest.param(all_at(None), "S1", "S2", id="all-dont-know"),
    pytest.param(all_at(4), "S4", None, id="all-max"),
    pytest.param(all_at(1), "S1", "S2", id="all-1"),
    pytest.param(all_at(2), "S2", "S3", id="all-2"),
    pytest.param(all_at(3), "S4", None, id="all-3"),
    pytest.param(all_at(2, LR_1_1=1), "S1", "S2", id="kli1-50-but-lr1.1-below-2"),
    pytest.param(threads_at(all_at(4), 0, "KLI-1"), "S1", "S2", id="rule3-kli1-min-rest-max"),
    pytest.param(threads_at(all_at(4), None, "KLI-1"), "S1", "S2", id="rule3-kli1-unanswered"),
    pytest.param(threads_at(all_at(4), 0, "KLI-2"), "S2", "S3", id="rule4-kli2-min-rest-max"),
    pytest.param(threads_at(all_at(4), None, "KLI-2"), "S2", "S3", id="rule4-kli2-dont-know"),
    pytest.param(threads_at(all_at(4), 1, "KLI-3"), "S3", "S4", id="kli3-25-reaches-s3"),
    pytest.param(threads_at(all_at(4), 0, "KLI-3"), "S2", "S3", id="kli3-0-stays-s2"),
    pytest.param(threads_at(all_at(4), 2, "KLI-5"), "S3", "S4", id="kli5-50-blocks-s4"),
]


@pytest.mark.parametrize(("ratings", "stage", "next_stage"), PLACEMENT_CASES)
def test_placement(ratings, stage, next_stage):
    result = score(CATALOGUE, ratings)
    assert result.stage.code == stage
    assert (result.next_stage.code if result.next_stage else None) == next_stage


def test_all_max_is_top_with_nothing_to_do():
    result = score(CATALOGUE, all_at(4))
    assert result.stage == S4
    assert result.next_stage is None
    assert result.requirements == ()
    assert result.gaps == ()
    assert set(result.recommendations.values()) == {100}
    assert set(result.key_issues.values()) == {100}
    assert result.to_dict()["next_stage"] is None


SCORE_CASES = [
    pytest.param(all_at(0), {"LR-1": 0, "LR-5": 0}, {"KLI-1": 0, "KLI-4": 0}, id="all-min"),
    pytest.param(all_at(4), {"LR-1": 100, "LR-6": 100}, {"KLI-4": 100}, id="all-max"),
    pytest.param(all_at(2), {"LR-2": 50}, {"KLI-4": 50}, id="all-middle"),
    # LR-1: 4+3+0+(None=0) = 7 of 16 -> 43.75 -> 44; LR-2: 1+(missing=0)+2 = 3 of 12 -> 25;
    # KLI-1 is indicator-weighted: 10 of 28 -> 35.7 -> 36 (not the mean of 44 and 25).
    pytest.param(
        {"LR-1.1": 4, "LR-1.2": 3, "LR-1.3": 0, "LR-1.4": None, "LR-2.1": 1, "LR-2.3": 2},
        {"LR-1": 44, "LR-2": 25},
        {"KLI-1": 36},
        id="kli-is-indicator-weighted",
    ),
    # Halves round up, in integers: 2 of 16 = 12.5 -> 13, 6 of 16 = 37.5 -> 38, 10/16 -> 63.
    pytest.param(
        {"LR-5.1": 2},
        {"LR-5": 13},
        {"KLI-3": 13},
        id="half-rounds-up-12.5",
    ),
    pytest.param(
        {"LR-8.1": 4, "LR-8.2": 2},
        {"LR-8": 38},
        {"KLI-5": 38},
        id="half-rounds-up-37.5",
    ),
    pytest.param(
        {"LR-4.1": 4, "LR-4.2": 4, "LR-4.3": 2},
        {"LR-4": 63},
        {"KLI-2": 63},
        id="half-rounds-up-62.5",
    ),
    # KLI-4 over 11 indicators: LR-3 all 4 (16), LR-6 all 0, LR-7 4+4 (8) -> 24 of 44 -> 54.5 -> 55
    pytest.param(
        {**dict.fromkeys(indicators_of("LR-3"), 4), "LR-7.1": 4, "LR-7.2": 4},
        {"LR-3": 100, "LR-6": 0, "LR-7": 50},
        {"KLI-4": 55},
        id="kli4-three-recommendations",
    ),
]


@pytest.mark.parametrize(("ratings", "recommendations", "key_issues"), SCORE_CASES)
def test_scores(ratings, recommendations, key_issues):
    result = score(CATALOGUE, ratings)
    for code, expected in recommendations.items():
        assert result.recommendations[code] == expected, code
    for code, expected in key_issues.items():
        assert result.key_issues[code] == expected, code


def test_every_thread_is_scored_in_natural_order():
    result = score(CATALOGUE, {})
    assert list(result.recommendations) == [f"LR-{n}" for n in range(1, 9)]
    assert list(result.key_issues) == [f"KLI-{n}" for n in range(1, 6)]


UNANSWERED_CASES = [
    pytest.param({}, list(CODES), id="empty"),
    pytest.param(all_at(3), [], id="all-answered"),
    pytest.param(
        {**all_at(3), "LR-2.2": None, "LR-1.3": None},
        ["LR-1.3", "LR-2.2"],
        id="dont-know-is-unanswered",
    ),
    pytest.param(
        {code: 3 for code in CODES if code not in ("LR-8.4", "LR-3.1")},
        ["LR-3.1", "LR-8.4"],
        id="missing-is-unanswered",
    ),
    pytest.param({**all_at(0), "LR-7.2": None}, ["LR-7.2"], id="explicit-min-is-answered"),
]


@pytest.mark.parametrize(("ratings", "unanswered"), UNANSWERED_CASES)
def test_unanswered_is_listed_in_sorted_order(ratings, unanswered):
    assert list(score(CATALOGUE, ratings).unanswered) == unanswered


def test_unanswered_counts_as_minimum():
    answered = threads_at(all_at(4), 0, "KLI-2")
    unanswered = {code: level for code, level in answered.items() if level}
    a, b = score(CATALOGUE, answered), score(CATALOGUE, unanswered)
    assert a.stage == b.stage == S2
    assert a.key_issues == b.key_issues
    assert a.gaps == b.gaps
    assert b.unanswered == tuple(indicators_of("KLI-2"))
    assert a.unanswered == ()


class Level(IntEnum):
    WORKING = 3


ERROR_CASES = [
    pytest.param({"LR-9.1": 2}, UnknownIndicator, "LR-9.1", id="unknown-code"),
    pytest.param({"LR-9.1": None}, UnknownIndicator, "LR-9.1", id="unknown-code-dont-know"),
    pytest.param({"lr-1.1": 2}, UnknownIndicator, "lr-1.1", id="codes-are-case-sensitive"),
    pytest.param({"LR-1": 2}, UnknownIndicator, "LR-1", id="thread-is-not-an-indicator"),
    pytest.param({"LR-1.1": 5}, LevelOutOfRange, "5", id="above-scale"),
    pytest.param({"LR-1.1": -1}, LevelOutOfRange, "-1", id="below-scale"),
    pytest.param({"LR-1.1": 2.0}, LevelOutOfRange, "2.0", id="float"),
    pytest.param({"LR-1.1": "2"}, LevelOutOfRange, "'2'", id="string"),
    pytest.param({"LR-1.1": True}, LevelOutOfRange, "True", id="bool"),
    pytest.param({"LR-1.1": [2]}, LevelOutOfRange, "[2]", id="unhashable"),
    # With several wrong ratings the first in code order is reported, whatever the dict order.
    pytest.param({"LR-3.1": 9, "LR-1.2": 7}, LevelOutOfRange, "LR-1.2", id="first-in-code-order"),
    pytest.param({"LR-2.10": 1, "LR-2.9": 1}, UnknownIndicator, "LR-2.9", id="natural-order"),
]


@pytest.mark.parametrize(("ratings", "error", "message"), ERROR_CASES)
def test_bad_ratings_raise(ratings, error, message):
    with pytest.raises(error) as caught:
        score(CATALOGUE, {"LR-5.1": 3, **ratings})
    assert isinstance(caught.value, ValueError)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)  # one line for ``manage.py score``


def test_error_attributes():
    with pytest.raises(UnknownIndicator) as unknown:
        score(CATALOGUE, {"XX-1": 1})
    assert unknown.value.code == "XX-1"
    with pytest.raises(LevelOutOfRange) as out:
        score(CATALOGUE, {"LR-4.2": 7})
    assert (out.value.code, out.value.level) == ("LR-4.2", 7)
    assert str(out.value) == "level 7 for LR-4.2 is not on the scale (the scale is 0, 1, 2, 3, 4)"


def test_int_subclass_level_is_accepted():
    assert score(CATALOGUE, {"LR-1.1": Level.WORKING}) == score(CATALOGUE, {"LR-1.1": 3})


REQUIREMENT_CASES = [
    pytest.param(
        all_at(0),
        [("KLI-1", 50, 0, False), ("LR-1.1", 2, 0, False)],
        id="all-min-next-s2",
    ),
    pytest.param(
        all_at(2, LR_1_1=1),
        [("KLI-1", 50, 46, False), ("LR-1.1", 2, 1, False)],
        id="kli1-46-indicator-1",
    ),
    pytest.param(
        all_at(2),
        [("KLI-2", 50, 50, True), ("KLI-3", 25, 50, True), ("KLI-1", 60, 50, False)],
        id="all-2-next-s3",
    ),
    pytest.param(
        threads_at(all_at(4), 2, "KLI-5"),
        [
            ("KLI-1", 75, 100, True),
            ("KLI-2", 75, 100, True),
            ("KLI-3", 75, 100, True),
            ("KLI-4", 75, 100, True),
            ("KLI-5", 75, 50, False),
            ("KLI-3", 50, 100, True),
        ],
        id="only-kli5-short-of-s4",
    ),
    pytest.param(all_at(4), [], id="top-has-no-next-requirements"),
]


@pytest.mark.parametrize(("ratings", "expected"), REQUIREMENT_CASES)
def test_requirement_results(ratings, expected):
    result = score(CATALOGUE, ratings)
    assert result.requirements == tuple(RequirementResult(*row) for row in expected)


def gap(indicator, current, required, *recommendations):
    return Gap(indicator, current, required, recommendations, current == 0)


GAP_CASES = [
    # KLI-1 >= 50 needs every KLI-1 indicator at 2; LR-1.1 >= 2 asks the same of LR-1.1.
    pytest.param(
        threads_at(all_at(4), 0, "KLI-1"),
        [
            gap("LR-1.1", 0, 2, "LR-1"),
            gap("LR-1.2", 0, 2, "LR-1"),
            gap("LR-1.3", 0, 2, "LR-1"),
            gap("LR-1.4", 0, 2, "LR-1"),
            gap("LR-2.1", 0, 2, "LR-2", "LR-3"),
            gap("LR-2.2", 0, 2, "LR-2", "LR-3"),
            gap("LR-2.3", 0, 2, "LR-2", "LR-3"),
        ],
        id="rule3-all-kli1-blocking",
    ),
    # Only LR-1.1 is short: KLI-1 is 25 of 28 -> 89, so only the indicator requirement bites.
    pytest.param(all_at(4, LR_1_1=1), [gap("LR-1.1", 1, 2, "LR-1")], id="indicator-requirement"),
    # KLI-2 >= 50: L = 2; LR-4.x addressed by LR-4 and LR-8.
    pytest.param(
        threads_at(all_at(4), 0, "KLI-2"),
        [gap(f"LR-4.{k}", 0, 2, "LR-4", "LR-8") for k in range(1, 5)],
        id="rule4-kli2-blocking",
    ),
    # KLI-1 (16 of 28 -> 57) >= 60 needs level 3, as 2 gives only 50; those at 3 are no gap.
    pytest.param(
        all_at(2, LR_1_2=3, LR_2_3=3),
        [
            gap("LR-1.1", 2, 3, "LR-1"),
            gap("LR-1.3", 2, 3, "LR-1"),
            gap("LR-1.4", 2, 3, "LR-1"),
            gap("LR-2.1", 2, 3, "LR-2", "LR-3"),
            gap("LR-2.2", 2, 3, "LR-2", "LR-3"),
        ],
        id="only-indicators-below-required",
    ),
    # Short of S4 on KLI-3 (69), KLI-4 (57) and KLI-5 (56): L = 3 for >= 75.
    # Blocking first, then the biggest step, then code.
    pytest.param(
        all_at(3, LR_8_1=0, LR_3_2=0, LR_7_4=1, LR_5_1=2, LR_6_3=None),
        [
            gap("LR-3.2", 0, 3, "LR-3"),
            gap("LR-6.3", 0, 3, "LR-1", "LR-6"),
            gap("LR-8.1", 0, 3, "LR-8"),
            gap("LR-7.4", 1, 3, "LR-7"),
            gap("LR-5.1", 2, 3, "LR-5"),
        ],
        id="ordering-blocking-step-code",
    ),
]


@pytest.mark.parametrize(("ratings", "expected"), GAP_CASES)
def test_gaps(ratings, expected):
    assert list(score(CATALOGUE, ratings).gaps) == expected


def small_catalogue(levels, codes, *requirements, key_issue="KLI-1", rec="LR-1"):
    return build_catalogue(
        levels=levels,
        key_issues={key_issue: (rec,)},
        indicators=[Indicator(code, rec, (rec,)) for code in codes],
        stages=[Stage("S1", 1, "Lowest"), Stage("S2", 2, "Next", tuple(requirements))],
    )


def test_gap_keeps_highest_required_and_sorts_codes_naturally():
    catalogue = small_catalogue(
        LEVELS,
        ["LR-1.10", "LR-1.9", "LR-1.2", "LR-1.1"],
        Requirement("LR-1", 25),  # every indicator to 1
        Requirement("LR-1.9", 3),  # LR-1.9 to 3: the higher required wins
    )
    result = score(catalogue, {"LR-1.1": 1})
    assert [(g.indicator, g.current, g.required, g.blocking) for g in result.gaps] == [
        ("LR-1.9", 0, 3, True),
        ("LR-1.2", 0, 1, True),
        ("LR-1.10", 0, 1, True),
    ]


@pytest.mark.parametrize(
    ("levels", "minimum", "required"),
    [
        pytest.param((0, 1, 2, 3, 4), 50, 2, id="0-4-exact"),
        pytest.param((0, 1, 2, 3, 4), 51, 3, id="0-4-just-above"),
        pytest.param((0, 1, 2, 3, 4), 1, 1, id="0-4-any-progress"),
        pytest.param((0, 1, 2, 3, 4), 100, 4, id="0-4-perfect"),
        # 2 of 3 rounds to 67, so level 2 is enough for >= 67 (ceil formula would say 3).
        pytest.param((0, 1, 2, 3), 67, 2, id="0-3-rounding"),
        pytest.param((0, 1, 2, 3), 68, 3, id="0-3-above-rounding"),
        pytest.param((1, 2, 3, 4, 5), 50, 3, id="1-5-scale"),
        pytest.param((0, 2, 4), 30, 2, id="sparse-scale"),
    ],
)
def test_thread_gap_required_level(levels, minimum, required):
    catalogue = small_catalogue(levels, ["LR-1.1", "LR-1.2"], Requirement("LR-1", minimum))
    assert validate_catalogue(catalogue, gates=()) == []
    result = score(catalogue, {})
    assert {g.required for g in result.gaps} == {required}
    raised = score(catalogue, {"LR-1.1": required, "LR-1.2": required})
    assert raised.stage.code == "S2"


def test_to_dict_shape():
    result = score(CATALOGUE, all_at(4, LR_1_1=1, LR_2_2=None))
    data = result.to_dict()
    assert list(data) == ["stage", "key_issues", "recommendations", "unanswered", "next_stage"]
    assert data["stage"] == {"code": "S1", "order": 1, "name": "Struggling into existence"}
    assert data["key_issues"]["KLI-1"] == {"score": 75}  # 21 of 28
    assert list(data["key_issues"]) == [f"KLI-{n}" for n in range(1, 6)]
    assert list(data["recommendations"]) == [f"LR-{n}" for n in range(1, 9)]
    assert data["unanswered"] == ["LR-2.2"]
    assert data["next_stage"] == {
        "code": "S2",
        "name": "In effective existence",
        "order": 2,
        "requirements": [
            {"target": "KLI-1", "minimum": 50, "actual": 75, "met": True, "reason": ""},
            {"target": "LR-1.1", "minimum": 2, "actual": 1, "met": False, "reason": ""},
        ],
        "gaps": [
            {
                "indicator": "LR-1.1",
                "current": 1,
                "required": 2,
                "recommendations": ["LR-1"],
                "blocking": False,
            }
        ],
    }
    assert json.loads(json.dumps(data)) == data


def test_natural_key():
    codes = ["LR-2.10", "KLI-10", "LR-10.1", "LR-2.9", "KLI-2", "LR-2.1"]
    assert sorted(codes, key=natural_key) == [
        "KLI-2",
        "KLI-10",
        "LR-2.1",
        "LR-2.9",
        "LR-2.10",
        "LR-10.1",
    ]


def test_catalogue_is_immutable_hashable_and_picklable():
    key_issues = {"KLI-1": ["LR-1"]}
    catalogue = small_catalogue(LEVELS, ["LR-1.1"], Requirement("LR-1", 50))
    catalogue = dataclasses.replace(catalogue, key_issues=key_issues)
    key_issues["KLI-1"].append("LR-9")  # the caller's dict is copied
    assert catalogue.key_issues["KLI-1"] == ("LR-1",)
    with pytest.raises(TypeError):
        catalogue.key_issues["KLI-2"] = ("LR-2",)  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        catalogue.levels = (0, 1)  # type: ignore[misc]
    score(catalogue, {})  # builds and caches the index
    assert hash(catalogue) == hash(copy.deepcopy(catalogue))
    restored = pickle.loads(pickle.dumps(catalogue))
    assert restored == catalogue
    assert score(restored, {"LR-1.1": 2}) == score(catalogue, {"LR-1.1": 2})
    assert hash(CATALOGUE) == hash(build_catalogue(**_fields(CATALOGUE)))


def _fields(catalogue: Catalogue) -> dict:
    return {f.name: getattr(catalogue, f.name) for f in dataclasses.fields(catalogue)}


# --------------------------------------------------------------------------- validation

FIXTURE_STAGES = {stage.code: stage for stage in CATALOGUE.stages}


def with_stage(stage_code: str, *requirements: Requirement, **fields) -> Catalogue:
    stages = {**FIXTURE_STAGES}
    stages[stage_code] = dataclasses.replace(
        stages[stage_code], requirements=requirements, **fields
    )
    return dataclasses.replace(CATALOGUE, stages=tuple(stages.values()))


def with_indicators(*extra: Indicator) -> Catalogue:
    return dataclasses.replace(CATALOGUE, indicators=CATALOGUE.indicators + extra)


def renamed(old: str, new: str) -> Catalogue:
    """The fixture with the key issue ``old`` renamed ``new`` everywhere."""

    def rename(code: str) -> str:
        return new if code == old else code

    stages = tuple(
        dataclasses.replace(
            stage,
            requirements=tuple(
                dataclasses.replace(req, target=rename(req.target)) for req in stage.requirements
            ),
        )
        for stage in CATALOGUE.stages
    )
    key_issues = {rename(code): recs for code, recs in KEY_ISSUES.items()}
    return dataclasses.replace(CATALOGUE, key_issues=key_issues, stages=stages)


S2_REQS = S2.requirements
BROKEN_CATALOGUES = [
    pytest.param(
        with_stage("S2", *S2_REQS, Requirement("LR-9", 10)),
        "unknown target LR-9",
        True,
        id="unknown-target",
    ),
    pytest.param(
        with_stage("S2", *S2_REQS, Requirement("KLI-4", 101)),
        "outside the score range",
        False,
        id="score-minimum-above-100",
    ),
    pytest.param(
        with_stage("S2", *S2_REQS, Requirement("KLI-4", -5)),
        "outside the score range",
        False,
        id="score-minimum-negative",
    ),
    pytest.param(
        with_stage("S2", *S2_REQS, Requirement("LR-4.1", 5)),
        "not a level of the scale",
        False,
        id="level-minimum-off-scale",
    ),
    pytest.param(
        with_stage("S2", Requirement("KLI-1", 0), Requirement("LR-1.1", 0)),
        "(rule 1)",
        False,
        id="s2-without-requirement-above-floor",
    ),
    pytest.param(
        with_stage("S3", Requirement("KLI-1", 0)),
        "reached whenever S2 is",
        False,
        id="s3-reached-with-s2",
    ),
    pytest.param(
        with_stage("S2", Requirement("KLI-3", 50)),
        "every KLI-1 indicator",
        False,
        id="rule3-gate-missing",
    ),
    pytest.param(
        with_stage("S3", Requirement("KLI-3", 50), Requirement("KLI-1", 60)),
        "every KLI-2 indicator",
        False,
        id="rule4-gate-missing",
    ),
    pytest.param(
        dataclasses.replace(
            with_stage("S3", Requirement("KLI-3", 25), Requirement("KLI-1", 60)),
            stages=(
                S1,
                S2,
                dataclasses.replace(S3, requirements=(Requirement("KLI-1", 60),)),
                dataclasses.replace(S4, requirements=(*S4.requirements, Requirement("KLI-2", 50))),
            ),
        ),
        "every KLI-2 indicator",
        False,
        id="rule4-gate-above-s3-does-not-count",
    ),
    pytest.param(
        with_stage("S1", Requirement("KLI-1", 10)),
        "always reached",
        False,
        id="lowest-stage-has-requirements",
    ),
    pytest.param(
        with_stage("S3", *S3.requirements, order=2),
        "more than one stage has order 2",
        True,
        id="duplicate-stage-order",
    ),
    pytest.param(
        with_stage("S3", *S3.requirements, code="S2"),
        "stage code S2 is used more than once",
        False,
        id="duplicate-stage-code",
    ),
    pytest.param(
        dataclasses.replace(CATALOGUE, stages=()),
        "no stages",
        True,
        id="no-stages",
    ),
    pytest.param(
        dataclasses.replace(CATALOGUE, levels=(2,)),
        "at least two distinct levels",
        True,
        id="one-level-scale",
    ),
    pytest.param(
        dataclasses.replace(CATALOGUE, levels=(0, 1, 2.5)),
        "must be integers",
        True,
        id="non-integer-scale",
    ),
    pytest.param(
        with_indicators(Indicator("LR-1.1", "LR-1", ("LR-1",))),
        "LR-1.1 is defined more than once",
        True,
        id="duplicate-indicator",
    ),
    pytest.param(
        with_indicators(Indicator("LR-9.1", "LR-9", ("LR-9",))),
        "LR-9 is not under any key issue",
        False,
        id="recommendation-without-key-issue",
    ),
    pytest.param(
        with_indicators(Indicator("LR-1.5", "LR-1", ("LR-10",))),
        "addressed by unknown LR-10",
        False,
        id="addressed-by-unknown",
    ),
    pytest.param(
        with_indicators(Indicator("LR-1.5", "LR-1", ())),
        "addressed by no recommendation",
        False,
        id="addressed-by-nothing",
    ),
    pytest.param(
        dataclasses.replace(CATALOGUE, key_issues={**KEY_ISSUES, "KLI-5": ("LR-8", "LR-1")}),
        "under several key issues",
        False,
        id="recommendation-under-two-key-issues",
    ),
    pytest.param(
        dataclasses.replace(CATALOGUE, key_issues={**KEY_ISSUES, "KLI-6": ("LR-9",)}),
        "LR-9 has no indicators",
        False,
        id="recommendation-without-indicators",
    ),
    pytest.param(
        dataclasses.replace(CATALOGUE, key_issues={**KEY_ISSUES, "KLI-6": ()}),
        "KLI-6 has no recommendations",
        False,
        id="key-issue-without-recommendations",
    ),
    pytest.param(
        dataclasses.replace(CATALOGUE, key_issues={**KEY_ISSUES, "LR-8": ("LR-8",)}),
        "LR-8 is used both as a key issue and as a recommendation",
        True,
        id="code-clash",
    ),
    pytest.param(
        renamed("KLI-2", "KLI-6"),  # the design's gate can no longer be checked
        "gate: key issue KLI-2 is missing",
        False,
        id="gate-key-issue-missing",
    ),
]


@pytest.mark.parametrize(("catalogue", "problem", "fatal"), BROKEN_CATALOGUES)
def test_validate_catalogue_reports_problems(catalogue, problem, fatal):
    problems = validate_catalogue(catalogue)
    assert any(problem in p for p in problems), problems
    if fatal:
        with pytest.raises(InvalidCatalogue) as caught:
            score(catalogue, {})
        assert any(problem in p for p in caught.value.problems)
    else:
        score(catalogue, {})  # still scorable: the problem breaks a rule, not the arithmetic


def test_validate_catalogue_gates_can_be_turned_off():
    catalogue = with_stage("S2", Requirement("KLI-3", 50))
    assert validate_catalogue(catalogue, gates=()) == []


# --------------------------------------------------------------------------- properties


@given(RATINGS)
def test_scores_are_between_0_and_100(ratings):
    result = score(CATALOGUE, ratings)
    assert all(0 <= value <= 100 for value in result.recommendations.values())
    assert all(0 <= value <= 100 for value in result.key_issues.values())
    assert set(result.recommendations) == set(INDICATOR_COUNTS)
    assert set(result.key_issues) == set(KEY_ISSUES)


@given(RATINGS, st.data())
def test_raising_one_rating_never_lowers_a_score_or_the_stage(ratings, data):
    code = data.draw(st.sampled_from(CODES), label="code")
    higher = data.draw(
        st.sampled_from([level for level in LEVELS if level >= effective(ratings, code)]),
        label="raised to",
    )
    before = score(CATALOGUE, ratings)
    after = score(CATALOGUE, {**ratings, code: higher})
    assert after.stage.order >= before.stage.order
    for thread, value in before.recommendations.items():
        assert after.recommendations[thread] >= value
    for thread, value in before.key_issues.items():
        assert after.key_issues[thread] >= value


@given(RATINGS, st.sampled_from(["zero", "none", "missing"]))
def test_rule3_kli1_at_minimum_is_lowest_stage(ratings, how):
    ratings = {**all_at(4), **ratings}
    for code in indicators_of("KLI-1"):
        if how == "missing":
            ratings.pop(code, None)
        else:
            ratings[code] = 0 if how == "zero" else None
    assert score(CATALOGUE, ratings).stage.code == "S1"


@given(RATINGS, st.sampled_from(["zero", "none", "missing"]))
def test_rule4_kli2_at_minimum_is_below_s3(ratings, how):
    ratings = {**all_at(4), **ratings}
    for code in indicators_of("KLI-2"):
        if how == "missing":
            ratings.pop(code, None)
        else:
            ratings[code] = 0 if how == "zero" else None
    assert score(CATALOGUE, ratings).stage.order < ORDER["S3"]


@given(RATINGS, st.randoms(use_true_random=False))
def test_deterministic_and_order_independent(ratings, random):
    items = list(ratings.items())
    random.shuffle(items)
    first, again, shuffled = (
        score(CATALOGUE, ratings),
        score(CATALOGUE, ratings),
        score(CATALOGUE, dict(items)),
    )
    assert first == again == shuffled
    assert json.dumps(first.to_dict()) == json.dumps(shuffled.to_dict())


@given(RATINGS, st.randoms(use_true_random=False), st.sampled_from(CODES), st.sampled_from(CODES))
def test_errors_are_order_independent(ratings, random, bad_level, unknown):
    ratings = {**ratings, bad_level: 9, unknown + ".0": 1}
    items = list(ratings.items())
    random.shuffle(items)
    errors = []
    for mapping in (ratings, dict(items)):
        with pytest.raises(ValueError) as caught:
            score(CATALOGUE, mapping)
        errors.append((type(caught.value), str(caught.value)))
    assert errors[0] == errors[1]


@given(RATINGS)
def test_unanswered_equals_explicit_minimum_but_is_reported(ratings):
    explicit = {code: effective(ratings, code) for code in CODES}
    result, baseline = score(CATALOGUE, ratings), score(CATALOGUE, explicit)
    assert baseline.unanswered == ()
    assert result.unanswered == tuple(
        sorted((c for c in CODES if ratings.get(c) is None), key=natural_key)
    )
    assert dataclasses.replace(result, unanswered=()) == baseline


@given(FULL_RATINGS)
def test_applying_the_gaps_reaches_the_next_stage(ratings):
    result = score(CATALOGUE, ratings)
    if result.next_stage is None:
        assert result.gaps == ()
        return
    assert result.gaps, "an unmet next stage always has something to do"
    assert any(not r.met for r in result.requirements)
    for g in result.gaps:
        assert g.current == ratings[g.indicator] < g.required
        assert g.blocking == (g.current == LEVELS[0])
    keys = [(not g.blocking, g.current - g.required, natural_key(g.indicator)) for g in result.gaps]
    assert keys == sorted(keys)
    raised = score(CATALOGUE, {**ratings, **{g.indicator: g.required for g in result.gaps}})
    assert raised.stage.order >= result.next_stage.order


# Random stage requirements on the fixture's threads and indicators, biased towards the ones a
# real catalogue would have, so that validate_catalogue passes often enough to test soundness.
THREADS = tuple(KEY_ISSUES) + tuple(INDICATOR_COUNTS)


def requirements_on(targets: tuple[str, ...]) -> st.SearchStrategy[Requirement]:
    """Requirements above the floor: a score 1-100 for a thread, a level 1-4 for an indicator."""
    threads = [code for code in targets if code not in CODES]
    indicators = [code for code in targets if code in CODES]
    return st.one_of(
        st.builds(Requirement, st.sampled_from(threads), st.integers(1, 100)),
        st.builds(Requirement, st.sampled_from(indicators), st.sampled_from(LEVELS[1:])),
    )


ANY_REQUIREMENT = requirements_on(THREADS + CODES)
ODD_REQUIREMENT = st.one_of(  # at the floor (never gates) or out of range (never met)
    st.builds(Requirement, st.sampled_from(THREADS), st.sampled_from((0, -1, 101))),
    st.builds(Requirement, st.sampled_from(CODES), st.sampled_from((0, -1, 5))),
)
GATE_KLI1 = requirements_on(("KLI-1", "LR-1", "LR-2", *indicators_of("KLI-1")))
GATE_KLI2 = requirements_on(("KLI-2", "LR-4", *indicators_of("KLI-2")))


@st.composite
def catalogues(draw: st.DrawFn) -> Catalogue:
    """The fixture with random stage requirements: mostly a valid catalogue, sometimes broken
    (odd minimums, a gate left out)."""
    broken = draw(st.sampled_from((False, False, False, True)))
    requirement = st.one_of(ANY_REQUIREMENT, ODD_REQUIREMENT) if broken else ANY_REQUIREMENT
    gates = {"S2": [], "S3": [], "S4": []}
    if not broken or draw(st.booleans()):
        gates["S2"].append(GATE_KLI1)
    if not broken or draw(st.booleans()):
        gates[draw(st.sampled_from(("S2", "S3")))].append(GATE_KLI2)
    stages = [S1]
    for stage in (S2, S3, S4):
        requirements = draw(st.lists(requirement, min_size=1, max_size=3))
        requirements += [draw(gate) for gate in gates[stage.code]]
        requirements = draw(st.permutations(requirements))
        stages.append(dataclasses.replace(stage, requirements=tuple(requirements)))
    return dataclasses.replace(CATALOGUE, stages=tuple(draw(st.permutations(stages))))


@settings(max_examples=300)
@given(catalogues(), RATINGS)
def test_a_valid_catalogue_keeps_rules_1_3_and_4(catalogue, ratings):
    if validate_catalogue(catalogue):
        return
    assert score(catalogue, all_at(0)).stage.code == "S1"
    assert score(catalogue, {}).stage.code == "S1"
    top = score(catalogue, all_at(4))
    assert top.stage.code == "S4"
    assert top.next_stage is None
    assert score(catalogue, threads_at(ratings, 0, "KLI-1")).stage.code == "S1"
    assert score(catalogue, threads_at(ratings, None, "KLI-2")).stage.order < ORDER["S3"]
    result = score(catalogue, ratings)
    if result.next_stage is not None:
        raised = {**ratings, **{g.indicator: g.required for g in result.gaps}}
        assert score(catalogue, raised).stage.order > result.stage.order


@given(catalogues())
def test_validate_catalogue_is_deterministic(catalogue):
    reordered = dataclasses.replace(catalogue, stages=tuple(reversed(catalogue.stages)))
    assert validate_catalogue(catalogue) == validate_catalogue(reordered)


@given(st.sampled_from(BROKEN_CATALOGUES))
def test_broken_catalogues_are_never_valid(case):
    assert validate_catalogue(case.values[0]) != []


# --------------------------------------------------------------------------- purity

# Modules that would mean I/O, clocks or randomness even though they are in the standard library.
IMPURE_MODULES = {
    "asyncio",
    "datetime",
    "http",
    "io",
    "logging",
    "multiprocessing",
    "os",
    "pathlib",
    "random",
    "secrets",
    "shutil",
    "socket",
    "sqlite3",
    "subprocess",
    "sys",
    "tempfile",
    "threading",
    "time",
    "urllib",
}
IMPURE_CALLS = {"open", "print", "input", "eval", "exec", "__import__", "breakpoint"}


def test_scoring_imports_only_pure_standard_library():
    tree = ast.parse(Path(scoring.__file__).read_text(encoding="utf-8"))
    imported = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "no relative imports: scoring.py stands alone"
            imported.append(node.module or "")
    roots = {name.split(".")[0] for name in imported}
    assert "django" not in roots
    assert roots <= set(sys.stdlib_module_names), roots - set(sys.stdlib_module_names)
    assert not roots & IMPURE_MODULES
    calls = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert not calls & IMPURE_CALLS
