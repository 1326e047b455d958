"""The bundled catalogue holds the whole study: every code, every level descriptor."""

import pytest

from assessments.selectors import scoring_catalogue
from threads import validation
from threads.models import Indicator, Thread

EXPECTED_CODES = {
    Thread.Kind.KEY_LOCAL_ISSUE: [f"KLI-{n}" for n in range(1, 6)],
    Thread.Kind.LOCAL_RECOMMENDATION: [f"LR-{n}" for n in range(1, 9)],
    Thread.Kind.NATIONAL_RECOMMENDATION: [f"NR-{n}" for n in range(1, 7)],
    Thread.Kind.KEY_NATIONAL_ISSUE: [f"KNI-{n}" for n in range(1, 4)],
}
LR_PARENTS = {
    "LR-1": "KLI-1",
    "LR-2": "KLI-1",
    "LR-3": "KLI-4",
    "LR-4": "KLI-2",
    "LR-5": "KLI-3",
    "LR-6": "KLI-4",
    "LR-7": "KLI-4",
    "LR-8": "KLI-5",
}


@pytest.mark.parametrize("kind", list(EXPECTED_CODES))
def test_every_code_of_each_kind_is_present_in_order(catalogue, kind):
    codes = list(
        catalogue.threads.filter(kind=kind).order_by("order").values_list("code", flat=True)
    )
    assert codes == EXPECTED_CODES[kind]


def test_local_recommendations_hang_under_their_key_issue(catalogue):
    parents = dict(
        catalogue.threads.filter(kind=Thread.Kind.LOCAL_RECOMMENDATION).values_list(
            "code", "parent__code"
        )
    )
    assert parents == LR_PARENTS


def test_national_recommendations_have_a_key_national_issue_and_support_local_ones(catalogue):
    for nr in catalogue.threads.filter(kind=Thread.Kind.NATIONAL_RECOMMENDATION):
        assert nr.parent.kind == Thread.Kind.KEY_NATIONAL_ISSUE
        assert nr.supports.exists(), nr.code
    supported = set(
        catalogue.threads.filter(supported_by__isnull=False).values_list("code", flat=True)
    )
    assert supported == set(LR_PARENTS)


def test_each_local_recommendation_has_at_least_three_indicators(catalogue):
    for lr in catalogue.threads.filter(kind=Thread.Kind.LOCAL_RECOMMENDATION):
        assert lr.indicators.count() >= 3, lr.code


def test_every_indicator_has_a_descriptor_for_every_level(catalogue):
    levels = list(catalogue.levels.order_by("level").values_list("level", flat=True))
    assert levels == [0, 1, 2, 3, 4]
    for indicator in Indicator.objects.filter(version=catalogue).prefetch_related("descriptors"):
        described = sorted(d.level.level for d in indicator.descriptors.all())
        assert described == levels, indicator.code
        assert all(d.descriptor.strip() for d in indicator.descriptors.all())
        assert indicator.statement and indicator.guidance and indicator.evidence_examples


def test_stages_run_from_struggling_into_existence_to_mainstreamed(catalogue):
    stages = list(catalogue.stages.order_by("order"))
    assert [s.code for s in stages] == ["S1", "S2", "S3", "S4"]
    assert stages[0].name.lower().startswith("struggling into existence")
    assert not stages[0].requirements.exists()
    assert all(stage.requirements.exists() for stage in stages[1:])


def test_default_stage_rules_keep_the_scoring_rules(catalogue):
    assert validation.validate_catalogue(scoring_catalogue(catalogue)) == []
