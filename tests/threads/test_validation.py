"""threads/validation.py: rules 1-7 proved on the fixture, generated and bundled catalogues."""

import ast
import dataclasses
import json
from pathlib import Path

from hypothesis import given, settings

import threads
from assessments import scoring
from assessments.scoring import Requirement, score
from tests.assessments.test_scoring import CATALOGUE, CODES, ORDER, RATINGS, all_at, catalogues
from threads import validation
from threads.signals import BUNDLED_CATALOGUES


def with_reasons(catalogue):
    return dataclasses.replace(
        catalogue,
        stages=tuple(
            dataclasses.replace(
                stage,
                requirements=tuple(
                    dataclasses.replace(req, reason=f"because of {req.target}")
                    for req in stage.requirements
                ),
            )
            for stage in catalogue.stages
        ),
    )


def test_every_requirement_needs_a_reason():
    problems = validation.validate_catalogue(CATALOGUE)
    assert "stage S2 requirement on LR-1.1 has no reason" in problems[1]
    assert len(problems) == sum(len(stage.requirements) for stage in CATALOGUE.stages)
    assert validation.validate_catalogue(with_reasons(CATALOGUE)) == []


def test_an_indicator_requirement_at_the_floor_breaks_rule_7():
    stages = {stage.code: stage for stage in with_reasons(CATALOGUE).stages}
    stages["S3"] = dataclasses.replace(
        stages["S3"], requirements=(*stages["S3"].requirements, Requirement("LR-4.1", 0, "x"))
    )
    catalogue = dataclasses.replace(CATALOGUE, stages=tuple(stages.values()))
    assert validation.validate_catalogue(catalogue) == [
        "rule 7: with every indicator at 4 but LR-4.1 at 0 the stage is still S4; "
        "S3's requirement on LR-4.1 needs a minimum above 0"
    ]


@settings(max_examples=200)
@given(catalogues(), RATINGS)
def test_a_valid_catalogue_keeps_rule_7_and_rules_1_to_6(catalogue, ratings):
    if validation.validate_catalogue(catalogue, reasons=False):
        return
    for stage in catalogue.stages:
        for req in stage.requirements:
            if req.target in CODES:  # a critical indicator requirement
                placed = score(catalogue, {**all_at(4), req.target: 0}).stage
                assert placed.order < stage.order, (stage.code, req)
    assert score(catalogue, all_at(0)).stage.code == "S1"  # rule 1
    assert score(catalogue, all_at(4)).next_stage is None
    result = score(catalogue, ratings)
    for code in CODES:  # rule 2, one step up from each answer
        level = ratings.get(code) or 0
        if level < 4:
            raised = score(catalogue, {**ratings, code: level + 1})
            assert raised.stage.order >= result.stage.order
    kli1_low = {**ratings, **{c: 0 for c in CODES if c.startswith(("LR-1.", "LR-2."))}}
    assert score(catalogue, kli1_low).stage.code == "S1"  # rule 3
    kli2_low = {**ratings, **{c: None for c in CODES if c.startswith("LR-4.")}}
    assert score(catalogue, kli2_low).stage.order < ORDER["S3"]  # rules 4 and 5
    assert score(catalogue, dict(reversed(list(ratings.items())))) == result  # rule 6


def bundled(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    return scoring.catalogue_from_plain(
        levels=[s["level"] for s in data["scale"]],
        threads=data["threads"],
        indicators=data["indicators"],
        stages=data["stages"],
    )


def test_both_bundled_versions_keep_every_rule():
    for path in BUNDLED_CATALOGUES:
        assert validation.validate_catalogue(bundled(path)) == [], path.name


def test_the_catalogue_app_imports_only_scoring_from_assessments():
    root = Path(threads.__file__).resolve().parent
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
                if node.module == "assessments":
                    names = [f"assessments.{alias.name}" for alias in node.names]
            for name in names:
                if name.split(".")[0] in ("assessments", "reports", "partnerships"):
                    assert name.startswith("assessments.scoring"), (path.name, name)
