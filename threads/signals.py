"""Guards that keep a locked catalogue version's structure fixed, and the default catalogue loader.

A version is locked once it is published or pinned by an assessment. Its wording (titles,
statements, guidance, descriptors, labels) may still be corrected; its structure (which rows exist,
their codes, kinds, parents, levels and the stage rules) may not, because assessments were scored
against it. Structural change means copying it as a new draft version (``threads.services``).
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save

from threads import models
from threads.models import CatalogueVersion
from threads.services import catalogue_import, catalogue_reading_store

STRUCTURE_LOCKED = (
    "{version} is published or used by assessments: you can correct its wording but not its "
    "structure. Copy it as a new draft version to change {what}."
)
DATA = Path(__file__).resolve().parent / "data"
#: The bundled catalogue versions, oldest first; the last is current on a new database. 1.0 stays
#: loaded so that assessments made with it keep their pinned version (see docs/adr/0007).
BUNDLED_CATALOGUES = (DATA / "threads_of_success.json", DATA / "threads_of_success_1.1.json")

#: model name -> (fields that are structure, how to reach the version)
STRUCTURAL_FIELDS = {
    "Level": (("level",), "version"),
    "Stage": (("code", "order"), "version"),
    "StageRequirement": (("target", "minimum", "stage_id"), "stage.version"),
    "Thread": (("code", "kind", "parent_id"), "version"),
    "Indicator": (("code", "thread_id"), "version"),
    "LevelDescriptor": (("indicator_id", "level_id"), "indicator.version"),
}


class StructureLocked(ValidationError):
    pass


def _version_of(instance, path: str):
    obj = instance
    for attr in path.split("."):
        obj = getattr(obj, attr)
    return obj


def _locked_error(instance, what: str) -> StructureLocked:
    _, path = STRUCTURAL_FIELDS[type(instance).__name__]
    version = _version_of(instance, path)
    return StructureLocked(STRUCTURE_LOCKED.format(version=version, what=what))


def guard_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    fields, path = STRUCTURAL_FIELDS[sender.__name__]
    version = _version_of(instance, path)
    if not version.structure_locked:
        return
    if instance.pk is None:
        raise _locked_error(instance, f"add a {sender._meta.verbose_name}")
    old = sender.objects.filter(pk=instance.pk).values(*fields).first()
    if old is None:
        raise _locked_error(instance, f"add a {sender._meta.verbose_name}")
    changed = [f for f in fields if old[f] != getattr(instance, f)]
    if changed:
        raise _locked_error(instance, f"change {changed[0].removesuffix('_id')}")


def guard_delete(sender, instance, **kwargs) -> None:
    if sender.__name__ == "CatalogueVersion":
        if instance.structure_locked:
            raise StructureLocked(f"{instance} is published or in use and cannot be deleted.")
        return
    _, path = STRUCTURAL_FIELDS[sender.__name__]
    if _version_of(instance, path).structure_locked:
        raise _locked_error(instance, f"remove a {sender._meta.verbose_name}")


def guard_links(sender, instance, action, **kwargs) -> None:
    if action not in ("pre_add", "pre_remove", "pre_clear"):
        return
    version = getattr(instance, "version", None)
    if version is not None and version.structure_locked:
        raise StructureLocked(
            STRUCTURE_LOCKED.format(version=version, what="the links between threads")
        )


#: Models whose wording a version's stored reading quotes (titles, statements, stage wording).
READ_WORDING = ("Level", "Stage", "StageRequirement", "Thread", "Indicator")


def refresh_reading(sender, instance, raw=False, **kwargs) -> None:
    """A corrected title, statement or stage wording of a published version: store its reading
    again, in the same transaction as the correction."""
    if raw:
        return
    _, path = STRUCTURAL_FIELDS[sender.__name__]
    catalogue_reading_store(version=_version_of(instance, path))


def connect_structure_guards() -> None:
    for name in STRUCTURAL_FIELDS:
        model = getattr(models, name)
        pre_save.connect(guard_save, sender=model, dispatch_uid=f"guard-save-{name}")
        pre_delete.connect(guard_delete, sender=model, dispatch_uid=f"guard-delete-{name}")
    for name in READ_WORDING:
        post_save.connect(
            refresh_reading, sender=getattr(models, name), dispatch_uid=f"reading-{name}"
        )
    pre_delete.connect(guard_delete, sender=models.CatalogueVersion, dispatch_uid="guard-version")
    m2m_changed.connect(
        guard_links, sender=models.Thread.supports.through, dispatch_uid="guard-supports"
    )
    m2m_changed.connect(
        guard_links,
        sender=models.Indicator.recommendations.through,
        dispatch_uid="guard-recommendations",
    )


def load_default_catalogue(sender, using="default", **kwargs) -> None:
    """After migrate (and after a test flush), load the bundled versions into an empty database,
    each published in turn, so the newest is current. A database that already has a catalogue
    gets new bundled versions through a data migration (``0004_catalogue_1_1``)."""
    if not getattr(settings, "THREADS_LOAD_DEFAULT_CATALOGUE", True):
        return
    if CatalogueVersion.objects.using(using).exists():
        return
    for path in BUNDLED_CATALOGUES:
        catalogue_import(json.loads(path.read_text(encoding="utf-8")), publish=True)
