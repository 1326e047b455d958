"""Catalogue files: export a version to plain JSON data and import such data back.

The file format is the contract of DESIGN.md (``catalogue``, ``scale``, ``stages``, ``threads``,
``indicators``) plus optional wording keys (``summary``, ``guidance``, ``evidence_examples``,
``description``, ``order``, ``supports``, ``recommendations``) so that export → import → export is
an identity. ``threads.services.catalogue_import`` loads a file: it validates the whole file here
before it writes a row: the first problem is reported
as one line naming its place (``indicators[4] (LR-2.1): no descriptor for level 3``).
"""

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from assessments import scoring
from assessments.scoring import natural_key
from threads import validation
from threads.models import (
    CatalogueVersion,
    Indicator,
    Level,
    LevelDescriptor,
    Stage,
    StageRequirement,
    Thread,
)
from threads.selectors import stages_data

TOP_LEVEL_KEYS = ("catalogue", "scale", "stages", "threads", "indicators")
CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9]*(-[0-9]+(\.[0-9]+)?)?$")
KINDS = [kind.value for kind in Thread.KIND_ORDER]
PARENT_KIND = {str(child): str(parent) for child, parent in Thread.PARENT_KIND.items()}


MODELS = {
    model.__name__: model
    for model in (Level, Thread, Indicator, LevelDescriptor, Stage, StageRequirement)
}


class CatalogueFileError(ValueError):
    """A catalogue file that cannot be loaded; the message is one line naming the place."""


# --------------------------------------------------------------------------------------- export


def export_version(version: CatalogueVersion) -> dict[str, Any]:
    """The whole version as plain, deterministically ordered data."""
    threads = sorted(
        version.threads.select_related("parent").prefetch_related("supports"),
        key=lambda t: (KINDS.index(t.kind), t.order, t.code),
    )
    thread_rank = {thread.id: rank for rank, thread in enumerate(threads)}
    indicators = sorted(
        version.indicators.prefetch_related("recommendations", "descriptors__level"),
        key=lambda i: (thread_rank[i.thread_id], i.order, i.code),
    )
    thread_code = {thread.id: thread.code for thread in threads}
    return {
        "catalogue": {"name": version.name, "version": version.version},
        "scale": [
            {"level": level.level, "label": level.label, "description": level.description}
            for level in version.levels.order_by("level")
        ],
        "stages": stages_data(version),
        "threads": [
            {
                "code": thread.code,
                "kind": thread.kind,
                "title": thread.title,
                "parent": thread.parent.code if thread.parent else None,
                "order": thread.order,
                "summary": thread.summary,
                "supports": sorted((t.code for t in thread.supports.all()), key=natural_key),
                "support_reasons": dict(sorted(thread.support_reasons.items())),
            }
            for thread in threads
        ],
        "indicators": [
            {
                "code": indicator.code,
                "thread": thread_code[indicator.thread_id],
                "statement": indicator.statement,
                "guidance": indicator.guidance,
                "evidence_examples": indicator.evidence_examples,
                "order": indicator.order,
                "recommendations": sorted(
                    (t.code for t in indicator.recommendations.all()), key=natural_key
                ),
                "levels": [
                    {"level": d.level.level, "descriptor": d.descriptor}
                    for d in sorted(indicator.descriptors.all(), key=lambda d: d.level.level)
                ],
            }
            for indicator in indicators
        ],
    }


# --------------------------------------------------------------------------------------- parse

#: Deepest nesting a catalogue file needs is 5 (file, indicators, an indicator, levels, a level).
MAX_DEPTH = 12
#: Longest text kept in a TextField (a descriptor, guidance): far beyond any real wording.
MAX_TEXT = 20_000
#: PositiveSmallIntegerField's range (orders, levels, minimums).
SMALL_INT = (0, 32_767)
#: For each kind of object in the file: key -> (accepted types, longest text or (low, high)).
#: Only keys that are present are checked here; which are required is validate_catalogue_data's.
_TEXT, _CODE = (str,), (str,)
SHAPES: dict[str, dict[str, tuple]] = {
    "catalogue": {"name": (_TEXT, 120), "version": ((str, int), 20)},
    "scale": {"level": ((int,), SMALL_INT), "label": (_TEXT, 60), "description": (_TEXT, MAX_TEXT)},
    "stages": {
        "code": (_CODE, 10),
        "order": ((int,), SMALL_INT),
        "name": (_TEXT, 120),
        "description": (_TEXT, MAX_TEXT),
        "requirements": ((list,), None),
    },
    "requirements": {
        "target": (_CODE, 20),
        "minimum": ((int,), SMALL_INT),
        "reason": (_TEXT, MAX_TEXT),
    },
    "threads": {
        "code": (_CODE, 10),
        "kind": (_TEXT, 30),
        "title": (_TEXT, 200),
        "parent": ((str, type(None)), 10),
        "order": ((int,), SMALL_INT),
        "summary": (_TEXT, MAX_TEXT),
        "supports": ((list,), None),
        "support_reasons": ((dict,), None),
    },
    "indicators": {
        "code": (_CODE, 20),
        "thread": (_CODE, 10),
        "statement": (_TEXT, MAX_TEXT),
        "guidance": (_TEXT, MAX_TEXT),
        "evidence_examples": (_TEXT, MAX_TEXT),
        "order": ((int,), SMALL_INT),
        "recommendations": ((list,), None),
        "levels": ((list,), None),
    },
    "levels": {"level": ((int,), SMALL_INT), "descriptor": (_TEXT, MAX_TEXT)},
}
#: Lists of codes inside an object: each entry must be a code-length text.
_CODE_LISTS = {"supports": 10, "recommendations": 10}
_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    list: "a list",
    dict: "an object",
    type(None): "null",
}


def parse_catalogue_text(text: str) -> Any:
    """JSON text -> data, refusing what no catalogue holds before anything else looks at it:
    nesting deeper than :data:`MAX_DEPTH`, NUL characters, numbers that are not finite, and
    values of the wrong type or size for their key. Raises :class:`CatalogueFileError`."""
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise CatalogueFileError(f"file: nested more than {MAX_DEPTH} levels deep") from None
    except json.JSONDecodeError as error:
        raise CatalogueFileError(
            f"not valid JSON: line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    except ValueError as error:  # e.g. an integer of more than 4,300 digits
        raise CatalogueFileError(f"not valid JSON: {error}") from None
    check_catalogue_shape(data)
    return data


def _no_constant(name: str):
    raise CatalogueFileError(f"file: {name} is not a number a catalogue can hold")


def check_catalogue_shape(data: Any) -> None:
    """Walk ``data`` (as parsed from JSON): depth, NUL characters, non-finite numbers, and the
    type and size of every known key. The first problem is one line naming its place."""
    _walk(data, "file", 0)
    if not isinstance(data, dict):
        return
    head = data.get("catalogue")
    if isinstance(head, dict):
        _check_object(head, "catalogue", "catalogue")
    for section in ("scale", "stages", "threads", "indicators"):
        items = data.get(section)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            where = _where(section, i, item)
            _check_object(item, section, where)
            for child in ("requirements", "levels"):
                nested = item.get(child)
                if section in ("stages", "indicators") and isinstance(nested, list):
                    for j, sub in enumerate(nested):
                        if isinstance(sub, dict):
                            _check_object(sub, child, f"{where} {child}[{j}]")


def _where(section: str, i: int, item: dict) -> str:
    code = item.get("code")
    if isinstance(code, str) and CODE_PATTERN.match(code):
        return f"{section}[{i}] ({code})"
    return f"{section}[{i}]"


def _printable_key(key: str) -> str:
    """A key as an error message can quote it: on one line, shortened."""
    shown = key if key.isprintable() else repr(key)[1:-1]
    return shown if len(shown) <= 40 else f"{shown[:40]}…"


def _walk(value: Any, where: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise CatalogueFileError(f"{where}: nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, str):
        if "\x00" in value:
            raise CatalogueFileError(f"{where}: contains a NUL character")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise CatalogueFileError(f"{where}: {value} is not a number a catalogue can hold")
    elif isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                raise CatalogueFileError(f"{where}: a key contains a NUL character")
            name = _printable_key(key)
            _walk(item, f"{where}.{name}" if where != "file" else name, depth + 1)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _walk(item, f"{where}[{i}]", depth + 1)


def _check_object(item: dict, kind: str, where: str) -> None:
    for key, (types, limit) in SHAPES[kind].items():
        if key not in item:
            continue
        value = item[key]
        if isinstance(value, bool) or not isinstance(value, types):
            wanted = " or ".join(_TYPE_NAMES[t] for t in types)
            raise CatalogueFileError(f"{where}: '{key}' must be {wanted}, not {_json_type(value)}")
        if isinstance(value, str) and isinstance(limit, int) and len(value) > limit:
            raise CatalogueFileError(f"{where}: '{key}' is longer than {limit} characters")
        if isinstance(value, int) and isinstance(limit, tuple):
            low, high = limit
            if not low <= value <= high:
                raise CatalogueFileError(f"{where}: '{key}' {value} must be from {low} to {high}")
        if isinstance(value, int) and isinstance(limit, int) and len(str(value)) > limit:
            raise CatalogueFileError(f"{where}: '{key}' is longer than {limit} characters")
        if key in _CODE_LISTS:
            for j, code in enumerate(value):
                if not isinstance(code, str) or len(code) > _CODE_LISTS[key]:
                    raise CatalogueFileError(f"{where}: '{key}'[{j}] must be a code")


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


@dataclass(frozen=True)
class _Place:
    where: str

    def fail(self, message: str) -> CatalogueFileError:
        return CatalogueFileError(f"{self.where}: {message}")


def _obj(value: Any, place: _Place) -> dict:
    if not isinstance(value, dict):
        raise place.fail("must be an object")
    return value


def _list(value: Any, place: _Place) -> list:
    if not isinstance(value, list):
        raise place.fail("must be a list")
    return value


def _text(item: dict, key: str, place: _Place, *, required: bool = True) -> str:
    value = item.get(key, "" if not required else None)
    if value is None or not isinstance(value, str) or (required and not value.strip()):
        raise place.fail(f"'{key}' must be non-empty text" if required else f"'{key}' must be text")
    return value


def _int(item: dict, key: str, place: _Place, *, default: int | None = None) -> int:
    value = item.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise place.fail(f"'{key}' must be a whole number")
    return value


def _code(item: dict, key: str, place: _Place) -> str:
    code = _text(item, key, place)
    if not CODE_PATTERN.match(code):
        raise place.fail(f"'{key}' {code!r} is not a code like KLI-1, LR-4 or LR-4.2")
    return code


def _reasons(item: dict, place: _Place) -> dict[str, str]:
    reasons = _obj(item.get("support_reasons", {}), place)
    for code, reason in reasons.items():
        if not isinstance(reason, str):
            raise place.fail(f"support_reasons[{code!r}] must be text")
    return dict(sorted(reasons.items()))


def _version_label(head: dict) -> str:
    """The version label: text, or a whole number written without quotes (``2``)."""
    value = head.get("version")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise CatalogueFileError("catalogue: 'version' must be non-empty text")
    return value.strip()


def validate_catalogue_data(data: Any) -> dict[str, Any]:
    """Check a whole catalogue file; return it normalised or raise :class:`CatalogueFileError`."""
    check_catalogue_shape(data)
    root = _obj(data, _Place("file"))
    missing = [key for key in TOP_LEVEL_KEYS if key not in root]
    if missing:
        raise CatalogueFileError(f"file: missing top-level key '{missing[0]}'")
    head = _obj(root["catalogue"], _Place("catalogue"))
    out: dict[str, Any] = {
        "catalogue": {
            "name": _text(head, "name", _Place("catalogue")),
            "version": _version_label(head),
        }
    }

    scale = []
    for i, raw in enumerate(_list(root["scale"], _Place("scale"))):
        place = _Place(f"scale[{i}]")
        item = _obj(raw, place)
        level = _int(item, "level", place)
        if not 0 <= level <= 10:
            raise place.fail(f"level {level} must be between 0 and 10")
        if level in {s["level"] for s in scale}:
            raise place.fail(f"duplicate level {level}")
        scale.append(
            {
                "level": level,
                "label": _text(item, "label", place),
                "description": _text(item, "description", place, required=False),
            }
        )
    if len(scale) < 2:
        raise CatalogueFileError("scale: needs at least two levels")
    scale.sort(key=lambda s: s["level"])
    levels = [s["level"] for s in scale]
    out["scale"] = scale

    threads: list[dict] = []
    kinds: dict[str, str] = {}
    for i, raw in enumerate(_list(root["threads"], _Place("threads"))):
        place = _Place(f"threads[{i}]")
        item = _obj(raw, place)
        code = _code(item, "code", place)
        place = _Place(f"threads[{i}] ({code})")
        if code in kinds:
            raise place.fail(f"duplicate code {code}")
        kind = item.get("kind")
        if kind not in KINDS:
            raise place.fail(f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
        kinds[code] = kind
        threads.append(
            {
                "code": code,
                "kind": kind,
                "title": _text(item, "title", place),
                "parent": item.get("parent"),
                "order": _int(item, "order", place, default=i + 1),
                "summary": _text(item, "summary", place, required=False),
                "supports": _list(item.get("supports", []), place),
                "support_reasons": _reasons(item, place),
            }
        )
    for i, thread in enumerate(threads):
        place = _Place(f"threads[{i}] ({thread['code']})")
        parent, wanted = thread["parent"], PARENT_KIND.get(thread["kind"])
        if parent is None and wanted:
            raise place.fail(f"a {thread['kind']} needs a parent {wanted}")
        if parent is not None:
            if parent not in kinds:
                raise place.fail(f"parent {parent} does not exist")
            if kinds[parent] != wanted:
                raise place.fail(f"parent {parent} is a {kinds[parent]}, not a {wanted}")
        for target in thread["supports"]:
            if kinds.get(target) != "local_recommendation":
                raise place.fail(f"supports {target!r}, which is not a local recommendation")
        if thread["supports"] and thread["kind"] != "national_recommendation":
            raise place.fail("only a national recommendation supports local recommendations")
        for target in thread["support_reasons"]:
            if target not in thread["supports"]:
                raise place.fail(f"gives a reason for {target}, which it does not support")
    out["threads"] = threads

    indicators: list[dict] = []
    indicator_codes: set[str] = set()
    for i, raw in enumerate(_list(root["indicators"], _Place("indicators"))):
        place = _Place(f"indicators[{i}]")
        item = _obj(raw, place)
        code = _code(item, "code", place)
        place = _Place(f"indicators[{i}] ({code})")
        if code in indicator_codes or code in kinds:
            raise place.fail(f"duplicate code {code}")
        indicator_codes.add(code)
        thread = item.get("thread")
        if kinds.get(thread) != "local_recommendation":
            raise place.fail(f"thread {thread!r} is not a local recommendation in this file")
        recommendations = _list(item.get("recommendations", [thread]), place)
        for target in recommendations:
            if kinds.get(target) != "local_recommendation":
                raise place.fail(f"recommendation {target!r} is not a local recommendation")
        descriptors: dict[int, str] = {}
        for j, raw_level in enumerate(_list(item.get("levels"), place)):
            level_place = _Place(f"indicators[{i}] ({code}) levels[{j}]")
            level_item = _obj(raw_level, level_place)
            level = _int(level_item, "level", level_place)
            if level not in levels:
                raise level_place.fail(f"level {level} is not on the scale")
            if level in descriptors:
                raise level_place.fail(f"duplicate descriptor for level {level}")
            descriptors[level] = _text(level_item, "descriptor", level_place)
        for level in levels:
            if level not in descriptors:
                raise place.fail(f"no descriptor for level {level}")
        indicators.append(
            {
                "code": code,
                "thread": thread,
                "statement": _text(item, "statement", place),
                "guidance": _text(item, "guidance", place, required=False),
                "evidence_examples": _text(item, "evidence_examples", place, required=False),
                "order": _int(item, "order", place, default=i + 1),
                "recommendations": recommendations,
                "levels": [{"level": lv, "descriptor": descriptors[lv]} for lv in levels],
            }
        )
    out["indicators"] = indicators

    stages: list[dict] = []
    for i, raw in enumerate(_list(root["stages"], _Place("stages"))):
        place = _Place(f"stages[{i}]")
        item = _obj(raw, place)
        code = _code(item, "code", place)
        place = _Place(f"stages[{i}] ({code})")
        if code in {s["code"] for s in stages}:
            raise place.fail(f"duplicate code {code}")
        order = _int(item, "order", place)
        if order in {s["order"] for s in stages}:
            raise place.fail(f"duplicate order {order}")
        requirements = []
        for j, raw_req in enumerate(_list(item.get("requirements", []), place)):
            req_place = _Place(f"stages[{i}] ({code}) requirements[{j}]")
            req = _obj(raw_req, req_place)
            target = req.get("target")
            minimum = _int(req, "minimum", req_place)
            if target in indicator_codes:
                if minimum not in levels:
                    raise req_place.fail(f"minimum {minimum} for {target} is not on the scale")
            elif kinds.get(target) in ("key_local_issue", "local_recommendation"):
                if not 0 <= minimum <= 100:
                    raise req_place.fail(f"minimum score {minimum} must be between 0 and 100")
            else:
                raise req_place.fail(f"target {target!r} is not a local thread or indicator")
            if target in {r["target"] for r in requirements}:
                raise req_place.fail(f"duplicate target {target}")
            reason = _text(req, "reason", req_place, required=False)
            requirements.append({"target": target, "minimum": minimum, "reason": reason})
        stages.append(
            {
                "code": code,
                "order": order,
                "name": _text(item, "name", place),
                "description": _text(item, "description", place, required=False),
                "requirements": requirements,
            }
        )
    if not stages:
        raise CatalogueFileError("stages: needs at least one stage")
    out["stages"] = sorted(stages, key=lambda s: s["order"])
    _check_stage_rules(out)
    return out


def _check_stage_rules(clean: dict[str, Any]) -> None:
    """The stage requirements must keep the scoring rules (all-minimum is the lowest stage...)."""
    catalogue = scoring.catalogue_from_plain(
        levels=[s["level"] for s in clean["scale"]],
        threads=clean["threads"],
        indicators=clean["indicators"],
        stages=clean["stages"],
    )
    codes = {s["code"] for s in clean["stages"]} | {t["code"] for t in clean["threads"]}
    gates = tuple(gate for gate in validation.DEFAULT_GATES if set(gate) <= codes)
    problems = validation.validate_catalogue(catalogue, gates=gates)
    if problems:
        raise CatalogueFileError(f"stages: {problems[0]}")


# --------------------------------------------------------------------------------------- import


def canonical(clean: dict[str, Any]) -> dict[str, Any]:
    """The validated file in export order, to compare with an existing version."""
    out = dict(clean)
    out["threads"] = sorted(
        [{**t, "supports": sorted(t["supports"], key=natural_key)} for t in clean["threads"]],
        key=lambda t: (KINDS.index(t["kind"]), t["order"], t["code"]),
    )
    rank = {t["code"]: n for n, t in enumerate(out["threads"])}
    out["indicators"] = sorted(
        [
            {**i, "recommendations": sorted(i["recommendations"], key=natural_key)}
            for i in clean["indicators"]
        ],
        key=lambda i: (rank[i["thread"]], i["order"], i["code"]),
    )
    return out


def write_rows(version: CatalogueVersion, clean: dict[str, Any], *, models=None) -> None:
    """Write a validated file's rows under ``version``. ``models`` maps model names to classes
    (a data migration passes its historical models); by default the current ones."""
    models = models or MODELS
    Level, Thread, Indicator = models["Level"], models["Thread"], models["Indicator"]
    LevelDescriptor, Stage = models["LevelDescriptor"], models["Stage"]
    StageRequirement = models["StageRequirement"]
    levels = {
        item["level"]: Level.objects.create(version=version, **item) for item in clean["scale"]
    }
    threads: dict[str, Thread] = {}
    for item in sorted(clean["threads"], key=lambda t: t["parent"] is not None):
        threads[item["code"]] = Thread.objects.create(
            version=version,
            code=item["code"],
            kind=item["kind"],
            title=item["title"],
            summary=item["summary"],
            order=item["order"],
            support_reasons=item["support_reasons"],
            parent=threads[item["parent"]] if item["parent"] else None,
        )
    for item in clean["threads"]:
        if item["supports"]:
            threads[item["code"]].supports.set([threads[c] for c in item["supports"]])
    for item in clean["indicators"]:
        indicator = Indicator.objects.create(
            version=version,
            thread=threads[item["thread"]],
            code=item["code"],
            statement=item["statement"],
            guidance=item["guidance"],
            evidence_examples=item["evidence_examples"],
            order=item["order"],
        )
        indicator.recommendations.set([threads[c] for c in item["recommendations"]])
        # One create() each, not bulk_create: the audit trail records rows saved one by one.
        for d in item["levels"]:
            LevelDescriptor.objects.create(
                indicator=indicator, level=levels[d["level"]], descriptor=d["descriptor"]
            )
    for item in clean["stages"]:
        stage = Stage.objects.create(
            version=version,
            code=item["code"],
            order=item["order"],
            name=item["name"],
            description=item["description"],
        )
        for n, req in enumerate(item["requirements"]):
            StageRequirement.objects.create(stage=stage, order=n, **req)
    version.created_at = timezone.now()
    version.save(update_fields=["created_at"])
