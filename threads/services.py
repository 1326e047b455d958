"""Changes to the catalogue: importing a file, publishing a version (refused while it is
incomplete) and copying one as a new draft."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from assessments import scoring
from threads import validation
from threads.catalogue_io import (
    CatalogueFileError,
    canonical,
    export_version,
    validate_catalogue_data,
    write_rows,
)
from threads.models import CatalogueVersion, Indicator, Level, Thread
from threads.selectors import live_reading, reading_format, scoring_data

VERSION_EXISTS = "A version labelled {label} already exists."
CANNOT_PUBLISH = "{version} cannot be published: {problems}"
NO_DESCRIPTOR = "indicator {code} has no descriptor for level {levels}"
NO_INDICATORS = "{kind} {code} has no indicators"
NO_RECOMMENDATIONS = "key local issue {code} has no local recommendations"


class CatalogueIncomplete(ValueError):
    """A version that cannot be published; ``problems`` lists each one in a sentence."""

    def __init__(self, version: CatalogueVersion, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(CANNOT_PUBLISH.format(version=version, problems="; ".join(problems)))


def catalogue_version_problems(version: CatalogueVersion) -> list[str]:
    """Why ``version`` cannot be published: missing descriptors, threads without indicators,
    stage requirements that break scoring rules 1-7. Empty when it can be."""
    problems = []
    levels = list(Level.objects.filter(version=version).values_list("level", flat=True))
    described: dict[str, set[int]] = {}
    for code, level in Indicator.objects.filter(version=version).values_list(
        "code", "descriptors__level__level"
    ):
        described.setdefault(code, set()).update([] if level is None else [level])
    for code in sorted(described, key=scoring.natural_key):
        missing = [str(level) for level in levels if level not in described[code]]
        if missing:
            problems.append(NO_DESCRIPTOR.format(code=code, levels=", ".join(missing)))
    threads = Thread.objects.filter(version=version)
    for code in (
        threads.filter(kind=Thread.Kind.LOCAL_RECOMMENDATION, indicators__isnull=True)
        .values_list("code", flat=True)
        .distinct()
    ):
        problems.append(NO_INDICATORS.format(kind="local recommendation", code=code))
    for code in (
        threads.filter(kind=Thread.Kind.KEY_LOCAL_ISSUE, children__isnull=True)
        .values_list("code", flat=True)
        .distinct()
    ):
        problems.append(NO_RECOMMENDATIONS.format(code=code))
    data = scoring_data(version)
    catalogue = scoring.catalogue_from_plain(**data)
    codes = {s["code"] for s in data["stages"]} | {t["code"] for t in data["threads"]}
    gates = tuple(gate for gate in validation.DEFAULT_GATES if set(gate) <= codes)
    problems += [
        f"stage rules: {problem}"
        for problem in validation.validate_catalogue(catalogue, gates=gates)
        if not problem.endswith("has no indicators")  # said above, in the admin's words
    ]
    return problems


@transaction.atomic
def catalogue_version_publish(*, version: CatalogueVersion) -> CatalogueVersion:
    """Make ``version`` the current one; the previously current version is kept, not current.

    Refuses (:class:`CatalogueIncomplete`) a version with any problem of
    :func:`catalogue_version_problems`.
    """
    problems = catalogue_version_problems(version)
    if problems:
        raise CatalogueIncomplete(version, problems)
    CatalogueVersion.objects.filter(is_current=True).exclude(pk=version.pk).update(is_current=False)
    version.status = CatalogueVersion.Status.PUBLISHED
    version.is_current = True
    version.published_at = version.published_at or timezone.now()
    version.reading = live_reading(version)
    version.save(update_fields=["status", "is_current", "published_at", "reading"])
    return version


def catalogue_reading_store(*, version: CatalogueVersion) -> None:
    """Store what pages read of a published (or retired) version again, after its wording was
    corrected; a draft keeps none (its pages read it live)."""
    if version.status == CatalogueVersion.Status.DRAFT:
        return
    version.reading = live_reading(version)
    CatalogueVersion.objects.filter(pk=version.pk).update(reading=version.reading)


def catalogue_readings_refresh() -> int:
    """Store the reading of every published or retired version that has none, or one built by
    an earlier release's code; the number stored."""
    stale = CatalogueVersion.objects.exclude(status=CatalogueVersion.Status.DRAFT).exclude(
        reading__format=reading_format()
    )
    count = 0
    for version in stale:
        catalogue_reading_store(version=version)
        count += 1
    return count


@transaction.atomic
def catalogue_version_copy(*, version: CatalogueVersion, label: str) -> CatalogueVersion:
    """Copy every row of ``version`` into a new draft version labelled ``label``."""
    if CatalogueVersion.objects.filter(name=version.name, version=label).exists():
        raise ValueError(VERSION_EXISTS.format(label=label))
    data = export_version(version)
    data["catalogue"]["version"] = label
    return catalogue_import(data, publish=False).version


def next_version_label(version: CatalogueVersion) -> str:
    """A free label after ``version``'s: 1.0 → 1.1 → 1.2 …"""
    base, _, minor = version.version.partition(".")
    number = int(minor) + 1 if minor.isdigit() else 1
    while True:
        label = f"{base}.{number}"
        if not CatalogueVersion.objects.filter(name=version.name, version=label).exists():
            return label
        number += 1


@dataclass(frozen=True)
class ImportResult:
    version: CatalogueVersion
    created: bool
    message: str


VERSION_IN_USE = (
    "catalogue {name} {version} already exists, differs from the file and is published or in "
    "use; give the file a new version label"
)


@transaction.atomic
def catalogue_import(data: Any, *, publish: bool | None = None) -> ImportResult:
    """Validate ``data`` and load it as a catalogue version.

    A file identical to an existing version changes nothing. A different file with the label of an
    unpublished, unused draft replaces that draft. The new version is published and made current
    when ``publish`` is true, or when no version is current yet (``publish=None``).
    """
    clean = validate_catalogue_data(data)
    name, label = clean["catalogue"]["name"], clean["catalogue"]["version"]
    existing = CatalogueVersion.objects.filter(name=name, version=label).first()
    if existing is not None:
        if export_version(existing) == canonical(clean):
            if publish and not existing.is_current:
                catalogue_version_publish(version=existing)
                return ImportResult(existing, False, f"Published {name} {label}")
            return ImportResult(existing, False, f"{name} {label} is already loaded; no change")
        if existing.structure_locked:
            raise CatalogueFileError(VERSION_IN_USE.format(name=name, version=label))
        existing.delete()
    version = CatalogueVersion.objects.create(name=name, version=label)
    write_rows(version, clean)
    if publish or (publish is None and not CatalogueVersion.objects.filter(is_current=True)):
        catalogue_version_publish(version=version)
    return ImportResult(version, True, f"Imported {name} {label}")
