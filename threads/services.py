"""Changes to the catalogue: publishing a version and copying one as a new draft."""

from django.db import transaction

from threads.catalogue_io import export_version, import_catalogue
from threads.models import CatalogueVersion
from threads.publishing import catalogue_version_publish

__all__ = [
    "catalogue_version_copy",
    "catalogue_version_publish",
    "next_version_label",
]

VERSION_EXISTS = "A version labelled {label} already exists."


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
