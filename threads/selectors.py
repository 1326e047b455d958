"""Reads of the catalogue used by pages, the scoring adapter and exports."""

import hashlib
import inspect
from functools import cache

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from pages.converters import code_urls
from threads.models import CatalogueVersion, Indicator, LevelDescriptor, Thread


def current_version() -> CatalogueVersion:
    """The current version, for the catalogue's own pages (without its stored reading, which
    they do not use)."""
    version = CatalogueVersion.objects.filter(is_current=True).defer("reading").first()
    if version is None:
        raise Http404("No catalogue has been published yet.")
    return version


def stages_data(version: CatalogueVersion) -> list[dict]:
    """The version's stages with their requirements, as plain data in order (one query)."""
    stages: dict[str, dict] = {}
    rows = version.stages.order_by("order", "requirements__order", "requirements__id").values_list(
        "code",
        "order",
        "name",
        "description",
        "requirements__target",
        "requirements__minimum",
        "requirements__reason",
    )
    for code, order, name, description, target, minimum, reason in rows:
        stage = stages.setdefault(
            code,
            {
                "code": code,
                "order": order,
                "name": name,
                "description": description,
                "requirements": [],
            },
        )
        if target is not None:
            stage["requirements"].append({"target": target, "minimum": minimum, "reason": reason})
    return list(stages.values())


def scoring_data(version: CatalogueVersion) -> dict:
    """The version as the plain data ``scoring.catalogue_from_plain`` takes."""
    return catalogue_reading(version)[0]


def catalogue_reading(version: CatalogueVersion) -> tuple[dict, dict[str, str]]:
    """The version as scoring input, and its labels (code -> thread title or indicator
    statement): a published version's stored reading (no query), else read live."""
    reading = _reading(version)
    return reading["scoring"], reading["labels"]


def level_scale(version: CatalogueVersion) -> list[tuple[int, str]]:
    """The version's levels as (level, label), lowest first (from its reading)."""
    return [(level, label) for level, label in _reading(version)["scale"]]


def _reading(version: CatalogueVersion) -> dict:
    stored = version.reading
    if stored is None or stored.get("format") != reading_format():
        return live_reading(version)
    return stored


def live_reading(version: CatalogueVersion) -> dict:
    """The version's scoring input, labels and level scale read from its rows, in five queries.
    A published version keeps this in ``reading`` (ADR 15)."""
    recommendations: dict[int, list[str]] = {}
    for indicator_id, code in Indicator.recommendations.through.objects.filter(
        indicator__version=version
    ).values_list("indicator_id", "thread__code"):
        recommendations.setdefault(indicator_id, []).append(code)
    scored_kinds = {Thread.Kind.KEY_LOCAL_ISSUE, Thread.Kind.LOCAL_RECOMMENDATION}
    threads = list(version.threads.values_list("code", "kind", "order", "parent__code", "title"))
    indicators = list(version.indicators.values_list("pk", "code", "thread__code", "statement"))
    labels = {code: title for code, _kind, _order, _parent, title in threads}
    labels.update((code, statement) for _pk, code, _thread, statement in indicators)
    scale = [list(row) for row in version.levels.order_by("level").values_list("level", "label")]
    scoring_input = {
        "levels": [level for level, _label in scale],
        "threads": [
            {"code": code, "kind": kind, "order": order, "parent": parent}
            for code, kind, order, parent, _title in threads
            if kind in scored_kinds
        ],
        "indicators": [
            {"code": code, "thread": thread, "recommendations": recommendations.get(pk, [])}
            for pk, code, thread, _statement in indicators
        ],
        "stages": stages_data(version),
    }
    return {"format": reading_format(), "scoring": scoring_input, "labels": labels, "scale": scale}


@cache
def reading_format() -> str:
    """A digest of the code that builds a reading. A reading stored by a release whose code
    differed is not used: pages read live until ``manage.py refresh_result_pages`` stores it
    again, so a changed shape is never read stale."""
    source = inspect.getsource(live_reading) + inspect.getsource(stages_data)
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def indicators_with_descriptors(version: CatalogueVersion) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(version=version)
        .select_related("thread")
        .prefetch_related(
            Prefetch(
                "descriptors",
                queryset=LevelDescriptor.objects.select_related("level").order_by("level__level"),
            ),
            "recommendations",
        )
        .order_by("thread__order", "order")
    )


def catalogue_overview(version: CatalogueVersion) -> dict:
    """Key local issues with their recommendations and indicators; national ones with theirs;
    each recommendation with its ``url``."""
    threads = list(
        Thread.objects.filter(version=version)
        .prefetch_related("supports")
        .order_by("kind", "order")
    )
    indicators = list(
        Indicator.objects.filter(version=version)
        .order_by("order")
        .only("code", "statement", "thread_id")
    )
    by_thread: dict[int, list] = {}
    for indicator in indicators:
        by_thread.setdefault(indicator.thread_id, []).append(indicator)
    children: dict[int, list] = {}
    for thread in threads:
        thread.indicator_list = by_thread.get(thread.id, [])
        if thread.parent_id:
            children.setdefault(thread.parent_id, []).append(thread)
    urls = code_urls("threads:thread", [], [t.code for t in threads if t.parent_id])
    for thread in threads:
        thread.child_list = children.get(thread.id, [])
        thread.url = urls.get(thread.code)

    def of_kind(kind: str) -> list[Thread]:
        return [t for t in threads if t.kind == kind]

    return {
        "version": version,
        "key_local_issues": of_kind(Thread.Kind.KEY_LOCAL_ISSUE),
        "key_national_issues": of_kind(Thread.Kind.KEY_NATIONAL_ISSUE),
        "indicator_count": len(indicators),
    }


def thread_detail(version: CatalogueVersion, code: str) -> dict:
    thread = (
        Thread.objects.filter(version=version, code=code)
        .select_related("parent")
        .prefetch_related("supports", "supported_by", "children")
        .first()
    )
    if thread is None:
        raise Http404(f"No thread {code} in this catalogue.")
    return {
        "version": version,
        "thread": thread,
        "indicators": indicators_with_descriptors(version).filter(thread=thread),
        "levels": list(version.levels.order_by("level")),
    }
