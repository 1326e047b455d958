"""Changes to the catalogue: publishing a version and copying one as a new draft."""

from django.db import transaction
from django.utils import timezone

from threads.catalogue_io import export_version, import_catalogue
from threads.models import CatalogueVersion

VERSION_EXISTS = "A version labelled {label} already exists."


@transaction.atomic
def catalogue_version_publish(*, version: CatalogueVersion) -> CatalogueVersion:
    """Make ``version`` the current one; the previously current version is kept, not current."""
    CatalogueVersion.objects.filter(is_current=True).exclude(pk=version.pk).update(is_current=False)
    version.status = CatalogueVersion.Status.PUBLISHED
    version.is_current = True
    version.published_at = version.published_at or timezone.now()
    version.save(update_fields=["status", "is_current", "published_at"])
    return version


@transaction.atomic
def catalogue_version_copy(*, version: CatalogueVersion, label: str) -> CatalogueVersion:
    """Copy every row of ``version`` into a new draft version labelled ``label``."""
    if CatalogueVersion.objects.filter(name=version.name, version=label).exists():
        raise ValueError(VERSION_EXISTS.format(label=label))
    data = export_version(version)
    data["catalogue"]["version"] = label
    return import_catalogue(data, publish=False).version


def next_version_label(version: CatalogueVersion) -> str:
    """A free label after ``version``'s: 1.0 → 1.1 → 1.2 …"""
    base, _, minor = version.version.partition(".")
    number = int(minor) + 1 if minor.isdigit() else 1
    while True:
        label = f"{base}.{number}"
        if not CatalogueVersion.objects.filter(name=version.name, version=label).exists():
            return label
        number += 1
