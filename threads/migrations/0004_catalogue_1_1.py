"""Catalogue 1.1 for a database that already has 1.0: import it and make it current.

1.0 stays, published but no longer current, so the assessments that pin it and their approved
results are untouched; its stage requirements get the reasons of the bundled 1.0 file where they
have none (wording only: no minimum or target changes). A new (empty) database gets nothing here: after migrate,
``threads.signals.load_default_catalogue`` loads 1.0 then 1.1.
"""

import json

from django.db import migrations
from django.utils import timezone

from threads.catalogue_io import validate_catalogue_data, write_rows
from threads.signals import BUNDLED_CATALOGUES

MODEL_NAMES = ("Level", "Thread", "Indicator", "LevelDescriptor", "Stage", "StageRequirement")


def reasons_for_1_0(apps) -> None:
    StageRequirement = apps.get_model("threads", "StageRequirement")
    bundled = json.loads(BUNDLED_CATALOGUES[0].read_text(encoding="utf-8"))
    for stage in bundled["stages"]:
        for req in stage["requirements"]:
            StageRequirement.objects.filter(
                stage__version__name=bundled["catalogue"]["name"],
                stage__version__version=bundled["catalogue"]["version"],
                stage__code=stage["code"],
                target=req["target"],
                reason="",
            ).update(reason=req["reason"])


def load_1_1(apps, schema_editor):
    reasons_for_1_0(apps)
    CatalogueVersion = apps.get_model("threads", "CatalogueVersion")
    clean = validate_catalogue_data(json.loads(BUNDLED_CATALOGUES[1].read_text(encoding="utf-8")))
    name, label = clean["catalogue"]["name"], clean["catalogue"]["version"]
    versions = CatalogueVersion.objects.filter(name=name)
    if not versions.filter(version="1.0").exists() or versions.filter(version=label).exists():
        return
    version = CatalogueVersion.objects.create(name=name, version=label)
    write_rows(version, clean, models={n: apps.get_model("threads", n) for n in MODEL_NAMES})
    CatalogueVersion.objects.filter(is_current=True).update(is_current=False)
    version.status = "published"
    version.is_current = True
    version.published_at = timezone.now()
    version.save(update_fields=["status", "is_current", "published_at"])


class Migration(migrations.Migration):
    dependencies = [("threads", "0003_requirement_reason_support_reasons")]

    operations = [migrations.RunPython(load_1_1, migrations.RunPython.noop)]
