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


# --------------------------------------------------------------------------- catalogue 1.1


def test_version_1_1_is_current_and_1_0_is_kept(catalogue):
    assert catalogue.version == "1.1"
    assert catalogue.__class__.objects.get(version="1.0").status == "published"


def test_crime_fear_of_crime_and_community_risks_are_assessed_in_audit_and_scorecard(catalogue):
    for code in ("LR-4.1", "LR-8.1"):
        indicator = catalogue.indicators.get(code=code)
        assert "crime, fear of crime and community risks" in indicator.statement
        level_3 = indicator.descriptors.get(level__level=3).descriptor
        assert "crime, fear of crime and community risks" in level_3


def test_community_and_business_involvement_has_an_indicator(catalogue):
    indicator = catalogue.indicators.get(code="LR-6.4")
    assert "businesses" in indicator.statement and "(3.6)" in indicator.guidance


def test_every_level_4_descriptor_keeps_the_level_3_condition(catalogue):
    for indicator in catalogue.indicators.prefetch_related("descriptors__level"):
        by_level = {d.level.level: d.descriptor for d in indicator.descriptors.all()}
        level_3 = by_level[3].rstrip(".")
        assert by_level[4].startswith(
            f"All of level 3 holds ({level_3[0].lower()}{level_3[1:]}), and "
        ), indicator.code


def test_scale_says_levels_are_cumulative(catalogue):
    for level in catalogue.levels.filter(level__gt=0):
        assert level.description.endswith("Everything described at the levels below also holds.")


VAGUE = (" some ", "irregular", " few ", "Most ", " several ")


def test_descriptors_are_countable(catalogue):
    for indicator in catalogue.indicators.prefetch_related("descriptors"):
        for descriptor in indicator.descriptors.all():
            text = f" {descriptor.descriptor} "
            assert not [word for word in VAGUE if word in text], (indicator.code, text)


def test_community_initiative_means_the_councils_power(catalogue):
    for thread_or_indicator in (
        catalogue.threads.get(code="NR-1").summary,
        catalogue.indicators.get(code="LR-6.3").guidance,
    ):
        assert "power to advance well-being" in thread_or_indicator
        assert "Local Government in Scotland Act 2003" in thread_or_indicator


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("LR-1.1", "Quarterly is this catalogue's own threshold"),
        ("LR-4.2", "Quarterly is this catalogue's own threshold"),
        ("LR-4.3", "Five to seven priorities is this catalogue's own range"),
        ("LR-4.1", "Three years is this catalogue's own choice"),
        ("LR-8.4", "Twice a year is this catalogue's own threshold"),
    ],
)
def test_the_catalogues_own_thresholds_say_where_they_come_from(catalogue, code, words):
    assert words in catalogue.indicators.get(code=code).guidance


def test_every_national_to_local_link_has_its_reason(catalogue):
    for nr in catalogue.threads.filter(kind=Thread.Kind.NATIONAL_RECOMMENDATION):
        supported = set(nr.supports.values_list("code", flat=True))
        assert supported == set(nr.support_reasons), nr.code
        assert all(reason.strip() for reason in nr.support_reasons.values())
    nr2 = catalogue.threads.get(code="NR-2")
    assert "evaluation" in nr2.support_reasons["LR-8"]
    nr3 = catalogue.threads.get(code="NR-3")
    assert "communicating the message" in nr3.support_reasons["LR-5"]


CRITICAL_1_1 = {
    "S2": {"LR-1.1", "LR-1.3"},
    "S3": {"LR-4.1", "LR-4.3", "LR-4.4", "LR-2.1", "LR-7.1", "LR-7.2"},
    "S4": {"LR-3.2", "LR-8.1", "LR-8.2", "LR-8.3"},
}


def test_each_stage_has_critical_indicator_requirements_with_reasons(catalogue):
    for stage in catalogue.stages.filter(order__gt=1):
        requirements = list(stage.requirements.all())
        critical = {r.target for r in requirements if "." in r.target}
        assert critical == CRITICAL_1_1[stage.code]
        assert all(" — the report" in r.reason for r in requirements), stage.code
