"""The words beside the stage come from the stored result alone (no database)."""

from reports.placement import describe_requirement, placement

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
