"""The words beside the stage come from the stored result alone (no database)."""

from assessments.placement import describe_requirement, placement

LABELS = {"KLI-1": "Build a platform", "LR-1.1": "A strategy exists"}


def result(next_stage):
    return {"stage": {"code": "S2", "order": 2, "name": "Two"}, "next_stage": next_stage}


def test_top_of_the_path_needs_nothing():
    words = placement(result(None), LABELS)
    assert words["unmet"] == [] and "top of the development path" in words["why"]


def test_unmet_requirements_are_listed_with_their_numbers():
    next_stage = {
        "code": "S3",
        "requirements": [
            {"target": "KLI-1", "minimum": 60, "actual": 55, "met": False},
            {"target": "LR-1.1", "minimum": 2, "actual": 3, "met": True},
        ],
    }
    words = placement(result(next_stage), LABELS)
    assert "1 of 2 requirements is not met" in words["why"]
    assert words["unmet"] == ["KLI-1 Build a platform scoring 60 or more (now 55)"]
    assert words["met"] == ["indicator LR-1.1 A strategy exists at level 2 or above (now 3)"]


def test_unknown_label_still_names_the_code():
    text = describe_requirement({"target": "KLI-9", "minimum": 1, "actual": 0}, {})
    assert text == "KLI-9 scoring 1 or more (now 0)"


AUDIT = {
    "target": "LR-4.1",
    "minimum": 3,
    "actual": 1,
    "met": False,
    "reason": "no joint community safety audit is in use — the report found project work "
    "'not yet built on joint local audit' (3.1 (iii))",
}


def test_reasons_say_why_in_the_reports_words_with_the_numbers():
    next_stage = {
        "code": "S3",
        "requirements": [
            {"target": "KLI-2", "minimum": 50, "actual": 25, "met": False, "reason": "plain"},
            AUDIT,
            {**AUDIT, "target": "LR-4.3", "met": True},
        ],
    }
    words = placement(result(next_stage), LABELS)
    assert words["next_stage"] == "S3"
    assert words["reasons"] == [
        "Not yet S3: no joint community safety audit is in use (LR-4.1 is at 1, needs 3) — the "
        "report found project work 'not yet built on joint local audit' (3.1 (iii))",
        "Not yet S3: plain (KLI-2 scores 25, needs 50)",
    ]


def test_a_result_stored_before_reasons_still_reads():
    old = {key: value for key, value in AUDIT.items() if key != "reason"}
    words = placement(result({"code": "S3", "requirements": [old]}), {})
    assert words["reasons"] == ["Not yet S3: indicator LR-4.1 at level 3 or above (now 1)."]


def test_top_of_the_path_has_no_reasons():
    assert placement(result(None), LABELS)["reasons"] == []
