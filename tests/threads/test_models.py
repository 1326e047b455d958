"""Database constraints and the structural lock of published catalogue versions."""

import pytest
from django.db import IntegrityError, transaction

from threads.models import CatalogueVersion, Indicator, Level, LevelDescriptor, Stage, Thread
from threads.signals import StructureLocked


def test_codes_are_unique_within_a_version(draft_catalogue):
    with pytest.raises(IntegrityError), transaction.atomic():
        Thread.objects.create(
            version=draft_catalogue, code="KLI-1", kind=Thread.Kind.KEY_LOCAL_ISSUE, title="Again"
        )


def test_the_same_code_may_exist_in_another_version(catalogue, draft_catalogue):
    assert Thread.objects.filter(code="KLI-1").count() == 3  # 1.0, 1.1 and the draft


def test_indicator_codes_are_unique_within_a_version(draft_catalogue):
    lr = draft_catalogue.threads.get(code="LR-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(version=draft_catalogue, thread=lr, code="LR-1.1", statement="x")


def test_levels_stay_inside_the_scale(draft_catalogue):
    with pytest.raises(IntegrityError), transaction.atomic():
        Level.objects.create(version=draft_catalogue, level=11, label="Beyond")
    with pytest.raises(IntegrityError), transaction.atomic():
        Level.objects.create(version=draft_catalogue, level=2, label="Twice")


def test_a_descriptor_per_level_per_indicator(draft_catalogue):
    indicator = draft_catalogue.indicators.get(code="LR-1.1")
    level = draft_catalogue.levels.get(level=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        LevelDescriptor.objects.create(indicator=indicator, level=level, descriptor="dup")


def test_only_one_version_is_current(catalogue, draft_catalogue):
    draft_catalogue.status = CatalogueVersion.Status.PUBLISHED
    draft_catalogue.is_current = True
    with pytest.raises(IntegrityError), transaction.atomic():
        draft_catalogue.save()


def test_published_version_wording_can_be_corrected(catalogue):
    indicator = catalogue.indicators.get(code="LR-4.1")
    indicator.statement = "A corrected statement"
    indicator.save()
    descriptor = indicator.descriptors.get(level__level=3)
    descriptor.descriptor = "Corrected wording"
    descriptor.save()
    assert catalogue.indicators.get(code="LR-4.1").statement == "A corrected statement"


@pytest.mark.parametrize(
    "change",
    [
        "add_indicator",
        "remove_indicator",
        "rename_code",
        "add_level",
        "remove_descriptor",
        "move_indicator",
        "change_requirement",
        "add_stage",
        "relink_supports",
    ],
)
def test_published_version_structure_is_locked(catalogue, change):
    lr1 = catalogue.threads.get(code="LR-1")
    indicator = catalogue.indicators.get(code="LR-1.1")
    actions = {
        "add_indicator": lambda: Indicator.objects.create(
            version=catalogue, thread=lr1, code="LR-1.9", statement="new"
        ),
        "remove_indicator": lambda: indicator.delete(),
        "rename_code": lambda: (setattr(indicator, "code", "LR-1.99"), indicator.save()),
        "add_level": lambda: Level.objects.create(version=catalogue, level=5, label="Extra"),
        "remove_descriptor": lambda: indicator.descriptors.first().delete(),
        "move_indicator": lambda: (
            setattr(indicator, "thread", catalogue.threads.get(code="LR-2")),
            indicator.save(),
        ),
        "change_requirement": lambda: (
            (req := catalogue.stages.get(code="S2").requirements.first()),
            setattr(req, "minimum", 1),
            req.save(),
        ),
        "add_stage": lambda: Stage.objects.create(version=catalogue, code="S5", order=5, name="x"),
        "relink_supports": lambda: catalogue.threads.get(code="NR-1").supports.clear(),
    }
    with pytest.raises(StructureLocked, match="new draft version"):
        actions[change]()


def test_a_draft_copy_can_change_structure(draft_catalogue):
    lr1 = draft_catalogue.threads.get(code="LR-1")
    Indicator.objects.create(version=draft_catalogue, thread=lr1, code="LR-1.9", statement="new")
    draft_catalogue.indicators.get(code="LR-1.1").delete()
    assert draft_catalogue.indicators.filter(code="LR-1.9").exists()


def test_publishing_a_draft_makes_it_current(catalogue, draft_catalogue):
    from threads.services import catalogue_version_publish

    catalogue_version_publish(version=draft_catalogue)
    catalogue.refresh_from_db()
    assert draft_catalogue.is_current and not catalogue.is_current
    assert draft_catalogue.structure_locked
