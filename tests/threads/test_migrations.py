"""threads/migrations/0004_catalogue_1_1: an existing database with 1.0 gets 1.1 as current, and
nothing approved on 1.0 changes."""

import importlib

from django.apps import apps

from assessments.models import Assessment, ResultSnapshot
from assessments.selectors import assessment_result
from tests.factories import AssessmentFactory, PartnershipFactory, UserFactory
from tests.reports.conftest import approve, rate
from threads.models import CatalogueVersion, StageRequirement

load_1_1 = importlib.import_module("threads.migrations.0004_catalogue_1_1").load_1_1


def as_before_1_1():
    """The database as it was before 1.1: only 1.0, current, its requirements without reasons
    (1.1 renamed out of the way)."""
    CatalogueVersion.objects.filter(version="1.1").update(name="Set aside", is_current=False)
    CatalogueVersion.objects.filter(version="1.0").update(is_current=True)
    StageRequirement.objects.filter(stage__version__version="1.0").update(reason="")
    return CatalogueVersion.objects.get(name="Threads of Success", version="1.0")


def test_the_migration_publishes_1_1_and_leaves_1_0_results_alone(catalogue, db):
    old = as_before_1_1()
    assessment = AssessmentFactory(partnership=PartnershipFactory(), version=old)
    levels = lambda i: 3 if i.code.startswith(("LR-1", "LR-2", "LR-4")) else 1  # noqa: E731
    rate(assessment, levels, by=UserFactory())
    approve(assessment)
    before = (
        Assessment.objects.get(pk=assessment.pk).result,
        ResultSnapshot.objects.filter(assessment=assessment).values_list("data", flat=True).get(),
    )

    load_1_1(apps, None)

    current = CatalogueVersion.objects.get(is_current=True)
    assert (current.name, current.version, current.status) == (
        "Threads of Success",
        "1.1",
        "published",
    )
    assert current.indicators.filter(code="LR-6.4").exists()
    assert current.stages.get(code="S3").requirements.get(target="LR-4.1").reason
    assessment.refresh_from_db()
    assert assessment.version == old and old.status == "published"
    after = (
        assessment.result,
        ResultSnapshot.objects.filter(assessment=assessment).values_list("data", flat=True).get(),
    )
    assert after == before
    assert assessment_result(assessment).to_dict()["stage"] == before[0]["stage"]
    assert not StageRequirement.objects.filter(stage__version=old, reason="").exists()
    load_1_1(apps, None)  # running it again changes nothing
    assert CatalogueVersion.objects.filter(name="Threads of Success").count() == 2


def test_a_new_database_gets_1_0_then_1_1_current(catalogue):
    versions = CatalogueVersion.objects.order_by("published_at", "pk")
    assert [(v.version, v.status, v.is_current) for v in versions] == [
        ("1.0", "published", False),
        ("1.1", "published", True),
    ]
