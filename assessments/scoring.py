"""Score a self-assessment against the Threads of Success catalogue.

Pure Python on purpose: nothing here imports Django, touches the database or does any I/O, so
the catalogue app may use it too. :func:`catalogue_from_plain` turns plain catalogue data (the
shape of a catalogue file, or what ``threads.selectors.scoring_data`` reads from the database)
into a :class:`Catalogue`; :func:`score` turns a ``{indicator code: level}`` mapping into a frozen
:class:`Result`, and ``Result.to_dict()`` is what ``manage.py score`` prints and services store.
Whether a catalogue keeps the rules of DESIGN.md is proved by ``threads.validation``.

Ratings
    ``{indicator code: level or None}``. A missing code or ``None`` ("Don't know") is
    *unanswered* and counts as the scale minimum (rule 5). An unknown code raises
    :class:`UnknownIndicator`, a level not on the scale (booleans and floats too)
    :class:`LevelOutOfRange`; both are ``ValueError``, and with several wrong ratings the one whose
    code sorts first is reported, whatever the order of the mapping (rule 6).

Scores
    Each indicator contributes ``level - min``. A thread's score over its ``n`` indicators is
    ``round_half_up(100 * sum / (n * (max - min)))``, in integers only, so it is exact and
    monotone (rule 2). A recommendation is scored over its own indicators, a key issue over all the
    indicators of its recommendations. A thread with no indicators scores 0.

Stage
    Stages are taken in ``order``. The lowest is always reached; a higher one is reached when
    each of its requirements is met and the stage below is reached. A requirement names a thread
    (``KLI-n``/``LR-n``, minimum a score 0-100) or an indicator (``LR-n.k``, minimum a level; these
    are the *critical* requirements of rule 7), and carries the ``reason`` the report gives for it.

Why and gaps
    ``requirements`` lists each requirement of the next stage (``None`` at the top) with its actual
    value, whether it is met and its reason. Each unmet one becomes indicator-level ``gaps``: an
    indicator requirement names its indicator at the minimum; a thread requirement names each of
    the thread's indicators below ``L``, the lowest level at which every indicator of the thread
    would meet the minimum. An indicator named twice keeps the higher ``required``. Gaps are
    ordered blocking (at the scale minimum) first, then the largest step, then the code in natural
    order. Applying every gap reaches at least the next stage.

Speed: the catalogue builds an index once (on its first :func:`score`, cached on the frozen
instance), so scoring is a few list look-ups and integer sums: tens of thousands of assessments
per second in plain CPython.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

__all__ = [
    "Catalogue",
    "Gap",
    "Indicator",
    "InvalidCatalogue",
    "LevelOutOfRange",
    "Requirement",
    "RequirementResult",
    "Result",
    "Stage",
    "UnknownIndicator",
    "build_catalogue",
    "catalogue_from_plain",
    "natural_key",
    "scale_bounds",
    "score",
]

_DIGITS = re.compile(r"(\d+)")


def natural_key(code: str) -> tuple[str | int, ...]:
    """Sort key putting ``LR-2.9`` before ``LR-2.10`` and ``KLI-2`` before ``KLI-10``."""
    parts = _DIGITS.split(code)
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts))


# --------------------------------------------------------------------------- errors


class UnknownIndicator(ValueError):
    """A rating names an indicator that is not in the catalogue."""

    def __init__(self, code: object) -> None:
        self.code = code
        super().__init__(f"unknown indicator: {code!r}")


class LevelOutOfRange(ValueError):
    """A rating gives a level that is not on the catalogue's scale."""

    def __init__(self, code: str, level: object, levels: Iterable[int] = ()) -> None:
        self.code = code
        self.level = level
        scale = ", ".join(str(value) for value in levels)
        suffix = f" (the scale is {scale})" if scale else ""
        super().__init__(f"level {level!r} for {code} is not on the scale{suffix}")


class InvalidCatalogue(ValueError):
    """The catalogue cannot be scored; ``problems`` says why (see :func:`fatal_problems`)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("invalid catalogue: " + "; ".join(self.problems))


# --------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class Requirement:
    """``target`` >= ``minimum``: a score 0-100 for a thread code, a level for an indicator code.

    ``reason`` is the report's words for why the stage needs it (shown in "why" lists).
    """

    target: str
    minimum: int
    reason: str = ""


@dataclass(frozen=True)
class Stage:
    """A stage of the development path; ``order`` sorts stages, lowest first."""

    code: str
    order: int
    name: str
    requirements: tuple[Requirement, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "requirements", tuple(self.requirements))


@dataclass(frozen=True)
class Indicator:
    """An assessed statement under the local recommendation ``recommendation``.

    ``addressed_by`` are the local recommendations listed on a gap for this indicator (normally
    its own recommendation first, plus any other that helps).
    """

    code: str
    recommendation: str
    addressed_by: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "addressed_by", tuple(self.addressed_by))


@dataclass(frozen=True)
class Catalogue:
    """The catalogue as plain, immutable data.

    Sequences are stored as tuples and ``key_issues`` as a read-only mapping over a private copy,
    so the index built for scoring can never go stale. ``stages`` may be given in any order.
    Hashable and picklable (the cached index is not pickled).
    """

    levels: tuple[int, ...]
    key_issues: Mapping[str, tuple[str, ...]] = field(hash=False)
    indicators: tuple[Indicator, ...]
    stages: tuple[Stage, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "levels", tuple(self.levels))
        frozen = {code: tuple(recs) for code, recs in dict(self.key_issues).items()}
        object.__setattr__(self, "key_issues", MappingProxyType(frozen))
        object.__setattr__(self, "indicators", tuple(self.indicators))
        object.__setattr__(self, "stages", tuple(self.stages))

    def __reduce__(self) -> tuple[Any, ...]:
        # mappingproxy cannot be pickled or deep-copied; rebuild from plain data instead.
        return (
            type(self),
            (self.levels, dict(self.key_issues), self.indicators, self.stages),
        )


def build_catalogue(
    *,
    levels: Iterable[int],
    key_issues: Mapping[str, Iterable[str]],
    indicators: Iterable[Indicator],
    stages: Iterable[Stage],
) -> Catalogue:
    """Keyword-only constructor of a :class:`Catalogue` from any iterables."""
    return Catalogue(
        levels=tuple(levels),
        key_issues={code: tuple(recs) for code, recs in key_issues.items()},
        indicators=tuple(indicators),
        stages=tuple(stages),
    )


def catalogue_from_plain(
    *,
    levels: Iterable[int],
    threads: Iterable[Mapping[str, Any]],
    indicators: Iterable[Mapping[str, Any]],
    stages: Iterable[Mapping[str, Any]],
) -> Catalogue:
    """The one builder of scoring input, from plain data shaped like a catalogue file.

    ``threads``: ``{code, kind, parent}`` (only ``key_local_issue`` and ``local_recommendation``
    are used; an ``order`` key, when given, orders them); ``indicators``: ``{code, thread,
    recommendations}``; ``stages``: ``{code, order, name, requirements: [{target, minimum,
    reason}]}``. Other keys are ignored. An indicator is addressed by its own recommendation and
    the ones it lists. Both the catalogue importer and the database selector use this.
    """
    ordered = sorted(threads, key=lambda t: t.get("order", 0))
    key_issues: dict[str, list[str]] = {
        t["code"]: [] for t in ordered if t["kind"] == "key_local_issue"
    }
    for thread in ordered:
        if thread["kind"] == "local_recommendation":
            key_issues.setdefault(thread["parent"], []).append(thread["code"])
    return build_catalogue(
        levels=levels,
        key_issues=key_issues,
        indicators=(
            Indicator(
                code=item["code"],
                recommendation=item["thread"],
                addressed_by=tuple(
                    sorted({*item.get("recommendations", ()), item["thread"]}, key=natural_key)
                ),
            )
            for item in indicators
        ),
        stages=(
            Stage(
                code=item["code"],
                order=item["order"],
                name=item["name"],
                requirements=tuple(
                    Requirement(req["target"], req["minimum"], req.get("reason", ""))
                    for req in item.get("requirements", ())
                ),
            )
            for item in stages
        ),
    )


def scale_bounds(levels: Iterable[int]) -> tuple[int, int]:
    """(lowest, highest) level of a scale; ``(0, 0)`` for an empty one."""
    levels = list(levels)
    return (min(levels), max(levels)) if levels else (0, 0)


# --------------------------------------------------------------------------- result


@dataclass(frozen=True)
class RequirementResult:
    """One requirement of the next stage: ``actual`` is a score (thread) or a level (indicator)."""

    target: str
    minimum: int
    actual: int
    met: bool
    reason: str = ""


@dataclass(frozen=True)
class Gap:
    """Raise ``indicator`` from ``current`` to ``required`` to help reach the next stage."""

    indicator: str
    current: int
    required: int
    recommendations: tuple[str, ...]
    blocking: bool


@dataclass(frozen=True)
class Result:
    """The outcome of :func:`score`. Score mappings are in natural code order."""

    stage: Stage
    next_stage: Stage | None
    recommendations: dict[str, int]
    key_issues: dict[str, int]
    unanswered: tuple[str, ...]
    requirements: tuple[RequirementResult, ...]
    gaps: tuple[Gap, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data, the shape ``manage.py score`` prints and services store."""
        next_stage = None
        if self.next_stage is not None:
            next_stage = {
                "code": self.next_stage.code,
                "name": self.next_stage.name,
                "order": self.next_stage.order,
                "requirements": [
                    {
                        "target": req.target,
                        "minimum": req.minimum,
                        "actual": req.actual,
                        "met": req.met,
                        "reason": req.reason,
                    }
                    for req in self.requirements
                ],
                "gaps": [
                    {
                        "indicator": gap.indicator,
                        "current": gap.current,
                        "required": gap.required,
                        "recommendations": list(gap.recommendations),
                        "blocking": gap.blocking,
                    }
                    for gap in self.gaps
                ],
            }
        return {
            "stage": {
                "code": self.stage.code,
                "order": self.stage.order,
                "name": self.stage.name,
            },
            "key_issues": {
                code: {"score": self.key_issues[code]}
                for code in sorted(self.key_issues, key=natural_key)
            },
            "recommendations": {
                code: {"score": self.recommendations[code]}
                for code in sorted(self.recommendations, key=natural_key)
            },
            "unanswered": list(self.unanswered),
            "next_stage": next_stage,
        }


# --------------------------------------------------------------------------- fatal checks


def is_level(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def duplicates(values: Iterable[Any]) -> list[Any]:
    seen: set[Any] = set()
    dups: list[Any] = []
    for value in values:
        if value in seen and value not in dups:
            dups.append(value)
        seen.add(value)
    return dups


def recommendation_codes(catalogue: Catalogue) -> list[str]:
    codes = {rec for recs in catalogue.key_issues.values() for rec in recs}
    codes.update(ind.recommendation for ind in catalogue.indicators)
    return sorted(codes, key=natural_key)


def fatal_problems(catalogue: Catalogue) -> list[str]:
    """Problems that make scoring impossible or ambiguous."""
    problems: list[str] = []
    levels = catalogue.levels
    if not all(is_level(level) for level in levels):
        problems.append(f"scale levels must be integers: {levels!r}")
    elif len(set(levels)) < 2:
        problems.append(f"the scale needs at least two distinct levels: {levels!r}")

    indicator_codes = [ind.code for ind in catalogue.indicators]
    for code in duplicates(indicator_codes):
        problems.append(f"indicator {code} is defined more than once")
    recommendations = set(recommendation_codes(catalogue))
    key_issues = set(catalogue.key_issues)
    for code in sorted(key_issues & recommendations, key=natural_key):
        problems.append(f"{code} is used both as a key issue and as a recommendation")
    for code in sorted((key_issues | recommendations) & set(indicator_codes), key=natural_key):
        problems.append(f"{code} is used both as a thread and as an indicator")

    if not catalogue.stages:
        problems.append("there are no stages")
    for order in duplicates(stage.order for stage in catalogue.stages):
        problems.append(f"more than one stage has order {order}")
    known = key_issues | recommendations | set(indicator_codes)
    for stage in catalogue.stages:
        for req in stage.requirements:
            if req.target not in known:
                problems.append(f"stage {stage.code} requires unknown target {req.target}")
            if not is_level(req.minimum):
                problems.append(
                    f"stage {stage.code} requirement on {req.target} has a non-integer "
                    f"minimum {req.minimum!r}"
                )
    return problems


# --------------------------------------------------------------------------- index


@dataclass(frozen=True, slots=True)
class _Check:
    requirement: Requirement
    ref: int  # index into the values table: thread scores first, then indicator levels
    members: tuple[int, ...]  # indicator positions covered by the target
    required: int  # the level each member must reach when the requirement is unmet


@dataclass(frozen=True, slots=True)
class _Index:
    floor: int
    levels: tuple[int, ...]
    offsets: dict[int, int]  # level -> level - floor
    positions: dict[str, int]  # indicator code -> position (natural order)
    codes: tuple[str, ...]
    addressed_by: tuple[tuple[str, ...], ...]
    rec_codes: tuple[str, ...]
    rec_members: tuple[tuple[int, ...], ...]
    rec_dens: tuple[int, ...]
    kli_codes: tuple[str, ...]
    kli_recs: tuple[tuple[int, ...], ...]  # indexes into rec_codes
    kli_dens: tuple[int, ...]
    stages: tuple[Stage, ...]
    checks: tuple[tuple[_Check, ...], ...]
    tests: tuple[tuple[tuple[int, int], ...], ...]  # per stage: (ref, minimum) pairs


def _round_score(num: int, den: int) -> int:
    """round(100 * num / den), halves up, in integers; 0 when ``den`` is 0."""
    return (200 * num + den) // (2 * den) if den else 0


def _build_index(catalogue: Catalogue) -> _Index:
    problems = fatal_problems(catalogue)
    if problems:
        raise InvalidCatalogue(problems)
    levels = tuple(sorted(set(catalogue.levels)))
    floor, span = levels[0], levels[-1] - levels[0]

    codes = tuple(sorted((ind.code for ind in catalogue.indicators), key=natural_key))
    positions = {code: i for i, code in enumerate(codes)}
    by_code = {ind.code: ind for ind in catalogue.indicators}
    addressed_by = tuple(
        tuple(sorted(dict.fromkeys(by_code[code].addressed_by), key=natural_key)) for code in codes
    )

    rec_codes = tuple(recommendation_codes(catalogue))
    rec_members = tuple(
        tuple(positions[code] for code in codes if by_code[code].recommendation == rec)
        for rec in rec_codes
    )
    rec_dens = tuple(len(members) * span for members in rec_members)
    rec_index = {rec: i for i, rec in enumerate(rec_codes)}

    kli_codes = tuple(sorted(catalogue.key_issues, key=natural_key))
    kli_recs = tuple(
        tuple(rec_index[rec] for rec in dict.fromkeys(catalogue.key_issues[kli]))
        for kli in kli_codes
    )
    kli_dens = tuple(sum(rec_dens[r] for r in recs) for recs in kli_recs)

    # The values table scored per assessment: rec scores, kli scores, then indicator levels.
    thread_ref = {code: i for i, code in enumerate(rec_codes + kli_codes)}
    thread_members = rec_members + tuple(
        tuple(sorted(p for r in recs for p in rec_members[r])) for recs in kli_recs
    )
    n_threads = len(thread_ref)

    stages = tuple(sorted(catalogue.stages, key=lambda stage: stage.order))
    checks = []
    for stage in stages:
        stage_checks = []
        for req in stage.requirements:
            if req.target in positions:
                pos = positions[req.target]
                on_scale = [level for level in levels if level >= req.minimum]
                required = on_scale[0] if on_scale else req.minimum
                stage_checks.append(_Check(req, n_threads + pos, (pos,), required))
            else:
                ref = thread_ref[req.target]
                # lowest level at which every indicator of the thread meets the minimum
                reaching = [
                    level for level in levels if _round_score(level - floor, span) >= req.minimum
                ]
                required = reaching[0] if reaching else levels[-1]
                stage_checks.append(_Check(req, ref, thread_members[ref], required))
        checks.append(tuple(stage_checks))

    return _Index(
        floor=floor,
        levels=levels,
        offsets={level: level - floor for level in levels},
        positions=positions,
        codes=codes,
        addressed_by=addressed_by,
        rec_codes=rec_codes,
        rec_members=rec_members,
        rec_dens=rec_dens,
        kli_codes=kli_codes,
        kli_recs=kli_recs,
        kli_dens=kli_dens,
        stages=stages,
        checks=tuple(checks),
        tests=tuple(
            tuple((check.ref, check.requirement.minimum) for check in stage_checks)
            for stage_checks in checks
        ),
    )


def _index_of(catalogue: Catalogue) -> _Index:
    index = catalogue.__dict__.get("_index")
    if index is None:
        index = _build_index(catalogue)
        # Cached on the frozen instance; safe because the catalogue is immutable.
        object.__setattr__(catalogue, "_index", index)
    return index


# --------------------------------------------------------------------------- scoring


def _rating_error(index: _Index, code: object, level: object) -> ValueError | None:
    if not isinstance(code, str) or code not in index.positions:
        return UnknownIndicator(code)
    if level is None:
        return None
    if not is_level(level) or level not in index.offsets:
        return LevelOutOfRange(code, level, index.levels)
    return None


def _first_error(index: _Index, ratings: Mapping[str, int | None]) -> ValueError:
    """The error of the first wrong rating in natural code order (independent of input order)."""
    for code in sorted(ratings, key=lambda code: (natural_key(str(code)), repr(code))):
        error = _rating_error(index, code, ratings[code])
        if error is not None:
            return error
    raise AssertionError("no wrong rating found")  # pragma: no cover


def score(catalogue: Catalogue, ratings: Mapping[str, int | None]) -> Result:
    """Score one assessment: ``ratings`` maps indicator codes to a level or ``None``.

    Raises :class:`UnknownIndicator`, :class:`LevelOutOfRange` or, for a catalogue that cannot be
    scored, :class:`InvalidCatalogue` (all ``ValueError``).
    """
    index = _index_of(catalogue)
    positions = index.positions
    offsets_of = index.offsets
    size = len(index.codes)
    steps = [0] * size
    answered = [False] * size
    for code, level in ratings.items():
        pos = positions.get(code) if isinstance(code, str) else None
        if level is None:
            if pos is None:
                raise _first_error(index, ratings)
            continue
        step = offsets_of.get(level) if type(level) is int else None
        if pos is None or step is None:
            if _rating_error(index, code, level) is not None:
                raise _first_error(index, ratings)
            step = offsets_of[int(level)]  # an int subclass such as IntEnum
        steps[pos] = step
        answered[pos] = True

    rec_nums = [sum([steps[p] for p in members]) for members in index.rec_members]
    rec_scores = [_round_score(num, den) for num, den in zip(rec_nums, index.rec_dens, strict=True)]
    kli_scores = [
        _round_score(sum([rec_nums[r] for r in recs]), den)
        for recs, den in zip(index.kli_recs, index.kli_dens, strict=True)
    ]
    floor = index.floor
    current = steps if floor == 0 else [step + floor for step in steps]
    values = rec_scores + kli_scores + current

    stages = index.stages
    checks = index.checks
    reached = 0  # the lowest stage is always reached
    for position in range(1, len(stages)):
        if not all(values[ref] >= minimum for ref, minimum in index.tests[position]):
            break
        reached = position

    requirements: tuple[RequirementResult, ...] = ()
    gaps: tuple[Gap, ...] = ()
    next_stage = None
    if reached + 1 < len(stages):
        next_stage = stages[reached + 1]
        results = []
        needed: dict[int, int] = {}
        for check in checks[reached + 1]:
            req = check.requirement
            actual = values[check.ref]
            met = actual >= req.minimum
            results.append(RequirementResult(req.target, req.minimum, actual, met, req.reason))
            if not met:
                required = check.required
                for pos in check.members:
                    if current[pos] < required:
                        needed[pos] = max(needed.get(pos, required), required)
        requirements = tuple(results)
        order = sorted(
            needed, key=lambda pos: (current[pos] != floor, current[pos] - needed[pos], pos)
        )
        codes = index.codes
        addressed_by = index.addressed_by
        gaps = tuple(
            Gap(codes[pos], current[pos], needed[pos], addressed_by[pos], current[pos] == floor)
            for pos in order
        )

    codes = index.codes
    return Result(
        stage=stages[reached],
        next_stage=next_stage,
        recommendations=dict(zip(index.rec_codes, rec_scores, strict=True)),
        key_issues=dict(zip(index.kli_codes, kli_scores, strict=True)),
        unanswered=tuple(codes[pos] for pos in range(size) if not answered[pos]),
        requirements=requirements,
        gaps=gaps,
    )
