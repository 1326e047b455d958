"""threads/selectors.py: the scoring data read from the database is the catalogue file's."""

import json

from assessments import scoring
from assessments.selectors import scoring_catalogue
from threads.selectors import catalogue_reading, live_reading, scoring_data, stages_data
from threads.signals import BUNDLED_CATALOGUES


def test_one_builder_gives_the_same_scoring_input_from_the_file_and_the_database(
    catalogue, django_assert_num_queries
):
    data = json.loads(BUNDLED_CATALOGUES[1].read_text(encoding="utf-8"))
    from_file = scoring.catalogue_from_plain(
        levels=[s["level"] for s in data["scale"]],
        threads=data["threads"],
        indicators=data["indicators"],
        stages=data["stages"],
    )
    with django_assert_num_queries(0):  # the published version's stored reading
        from_database = scoring_catalogue(catalogue)
    assert from_database == from_file
    with django_assert_num_queries(5):
        live = scoring.catalogue_from_plain(**live_reading(catalogue)["scoring"])
    assert live == from_file
    s3 = next(stage for stage in from_database.stages if stage.code == "S3")
    audit = next(r for r in s3.requirements if r.target == "LR-4.1")
    assert audit.minimum == 3 and "joint local audit" in audit.reason


def test_scoring_data_is_plain(catalogue):
    data = scoring_data(catalogue)
    assert json.loads(json.dumps(data)) == data
    assert data["levels"] == [0, 1, 2, 3, 4]
    assert {"code": "LR-3", "kind": "local_recommendation", "order": 3, "parent": "KLI-4"} in data[
        "threads"
    ]


def test_stages_keep_their_requirements_in_order_and_a_stage_without_any(catalogue):
    stages = stages_data(catalogue)
    assert [s["code"] for s in stages] == ["S1", "S2", "S3", "S4"]
    assert stages[0]["requirements"] == []  # S1 has none: still listed once
    for stage in stages:
        expected = list(
            catalogue.stages.get(code=stage["code"])
            .requirements.order_by("order", "id")
            .values("target", "minimum", "reason")
        )
        assert stage["requirements"] == expected


def test_labels_come_with_the_reading(catalogue):
    _, labels = catalogue_reading(catalogue)
    assert labels["LR-4"] == catalogue.threads.get(code="LR-4").title
    assert labels["LR-4.1"] == catalogue.indicators.get(code="LR-4.1").statement
