"""Reads of assessments (assessments/selectors.py)."""

import pytest

pytestmark = pytest.mark.django_db


def test_draft_scoring_catalogue_is_read_afresh(draft_catalogue):
    from assessments.selectors import scoring_catalogue

    before = scoring_catalogue(draft_catalogue)
    requirement = draft_catalogue.stages.get(code="S2").requirements.get(target="KLI-1")
    requirement.minimum = 40
    requirement.save()
    after = scoring_catalogue(draft_catalogue)
    s2 = next(stage for stage in after.stages if stage.code == "S2")
    assert any(r.target == "KLI-1" and r.minimum == 40 for r in s2.requirements)
    assert before != after
