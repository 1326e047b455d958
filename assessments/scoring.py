"""Score a self-assessment against the Threads of Success catalogue.

Pure Python on purpose: nothing here imports Django, touches the database or does any I/O.
A selector turns the catalogue models into a :class:`Catalogue` and the agreed levels into a
``{indicator code: level}`` mapping; :func:`score` returns a frozen :class:`Result`; a service
stores ``Result.to_dict()``. The same function serves the forms, the dashboard, the national
overview and ``manage.py score``.

Input
    ``Catalogue``: the scale (``levels``, e.g. ``(0, 1, 2, 3, 4)``), the key local issues with their
    local recommendations (``key_issues``), the indicators (each under one recommendation, with the
    recommendations that address it) and the stages with their requirements. A requirement names
    a *thread* (``KLI-n`` or ``LR-n``; the minimum is a score 0-100) or an *indicator*
    (``LR-n.k``; the minimum is a level on the scale).

    ``ratings``: indicator code -> level, or ``None`` for "Don't know". A missing code or ``None``
    is *unanswered*. An unknown code raises :class:`UnknownIndicator`, a level that is not on the
    scale (including ``True``/``False`` and floats) raises :class:`LevelOutOfRange`; both are
    ``ValueError``. When several ratings are wrong the one whose code sorts first is reported, so
    the error does not depend on the order of the mapping.

Formula
    Every indicator contributes ``level - min`` (an unanswered one contributes 0, i.e. counts as
    the scale minimum). The score of a thread over its ``n`` indicators is::

        score = round_half_up(100 * sum(level - min) / (n * (max - min)))

    computed in integers only as ``(200 * num + den) // (2 * den)`` with ``den = n * (max - min)``,
    so it is exact, deterministic and monotone. A recommendation is scored over its own
    indicators; a key issue over all the indicators of all its recommendations (indicator-weighted:
    a recommendation with four indicators weighs twice one with two). A thread with no indicators
    scores 0.

Stage rule
    Stages are ordered by ``order`` (the order they are given in does not matter). The lowest stage
    is always reached. A higher stage is reached when every one of its requirements is met *and*
    the stage below it is reached; the result is the highest stage reached. A thread requirement is
    met when the thread's score >= minimum, an indicator requirement when its level >= minimum
    (unanswered counts as the scale minimum).

Why and gaps
    ``next_stage`` is the stage just above (``None`` at the top) and ``requirements`` lists each of
    its requirements with the actual score or level and whether it is met. Because a stage needs
    every stage below it, the requirements of the stages up to the current one are already met, so
    only the next stage's own requirements can be missing. ``gaps`` turns each unmet one into
    indicator-level steps:

    * an indicator requirement: that indicator, ``required`` = the minimum (rounded up to a level
      of the scale if the minimum is not one);
    * a thread requirement with minimum ``m``: let ``L`` be the lowest level such that every
      indicator of the thread at ``L`` would score at least ``m`` (on the 0-4 scale
      ``L = min + ceil(m * (max - min) / 100)``; on other scales the rounding of the score can make
      ``L`` one lower than that formula). Every indicator of the thread below ``L`` is a gap with
      ``required = L``. Raising them all to ``L`` is sufficient, since then every indicator is at
      ``L`` or above and the score can only be >= the score of all at ``L``.

    An indicator named by several unmet requirements appears once, with the highest ``required``.
    A gap is ``blocking`` when the indicator is at the scale minimum (nothing in place to build on).
    Order: blocking first, then the largest step (``required - current``), then the indicator code
    in natural order (``LR-2.9`` before ``LR-2.10``). ``recommendations`` are the indicator's
    ``addressed_by``, sorted. Applying every gap reaches at least the next stage.

How the rules of DESIGN.md ("Scoring") are kept
    1. All minimum: every thread scores 0 and every indicator is at the minimum; the second stage
       has a requirement above that floor (checked by :func:`validate_catalogue`), so the result is
       the lowest stage. All maximum: every thread with indicators scores 100 and every indicator
       is at the maximum; every minimum is in range and every thread that is a target has
       indicators (checked), so every stage is met and the result is the top stage.
    2. Monotone: a score is a sum of non-negative steps divided by a fixed denominator with a
       monotone rounding, a requirement is "value >= minimum", and the stage is the longest run of
       met stages from the bottom; raising one level can only turn requirements from unmet to met.
    3. and 4. The catalogue carries the gates and :func:`validate_catalogue` proves them: S2 (for
       KLI-1) and some stage from S2 to S3 (for KLI-2) must have a requirement on a thread or
       indicator lying wholly inside that key issue with a minimum above the floor. With those
       indicators at the minimum that requirement scores 0 (or sits at the minimum) and fails, and
       no stage above a failed one is reached. See :data:`DEFAULT_GATES`.
    5. Unanswered contributes exactly what the minimum contributes, everywhere; it is also listed
       in ``Result.unanswered`` (sorted) and reported as ``current`` = minimum in gaps.
    6. No floats, no clocks, no randomness; ratings only fill a table indexed by the catalogue, and
       every output is ordered by the catalogue's codes (natural order), never by the input order.

Performance: the catalogue builds an index once (lazily, on the first :func:`score`, cached on the
instance) so one scoring is a few list look-ups and integer sums; tens of thousands of assessments
per second for a 30-indicator catalogue in plain CPython.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

__all__ = [
    "DEFAULT_GATES",
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
    "natural_key",
    "score",
    "validate_catalogue",
]

#: The gates of rules 3 and 4: (key issue, stage). With every indicator of the key issue at the
#: scale minimum, the result must be below that stage.
DEFAULT_GATES: tuple[tuple[str, str], ...] = (("KLI-1", "S2"), ("KLI-2", "S3"))

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
    """The catalogue cannot be scored; ``problems`` says why (see :func:`validate_catalogue`)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("invalid catalogue: " + "; ".join(self.problems))


# --------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class Requirement:
    """``target`` >= ``minimum``: a score 0-100 for a thread code, a level for an indicator code."""

    target: str
    minimum: int


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


# --------------------------------------------------------------------------- result


@dataclass(frozen=True)
class RequirementResult:
    """One requirement of the next stage: ``actual`` is a score (thread) or a level (indicator)."""

    target: str
    minimum: int
    actual: int
    met: bool


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


# --------------------------------------------------------------------------- validation


def _is_level(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _duplicates(values: Iterable[Any]) -> list[Any]:
    seen: set[Any] = set()
    dups: list[Any] = []
    for value in values:
        if value in seen and value not in dups:
            dups.append(value)
        seen.add(value)
    return dups


def _recommendation_codes(catalogue: Catalogue) -> list[str]:
    codes = {rec for recs in catalogue.key_issues.values() for rec in recs}
    codes.update(ind.recommendation for ind in catalogue.indicators)
    return sorted(codes, key=natural_key)


def _fatal_problems(catalogue: Catalogue) -> list[str]:
    """Problems that make scoring impossible or ambiguous."""
    problems: list[str] = []
    levels = catalogue.levels
    if not all(_is_level(level) for level in levels):
        problems.append(f"scale levels must be integers: {levels!r}")
    elif len(set(levels)) < 2:
        problems.append(f"the scale needs at least two distinct levels: {levels!r}")

    indicator_codes = [ind.code for ind in catalogue.indicators]
    for code in _duplicates(indicator_codes):
        problems.append(f"indicator {code} is defined more than once")
    recommendations = set(_recommendation_codes(catalogue))
    key_issues = set(catalogue.key_issues)
    for code in sorted(key_issues & recommendations, key=natural_key):
        problems.append(f"{code} is used both as a key issue and as a recommendation")
    for code in sorted((key_issues | recommendations) & set(indicator_codes), key=natural_key):
        problems.append(f"{code} is used both as a thread and as an indicator")

    if not catalogue.stages:
        problems.append("there are no stages")
    for order in _duplicates(stage.order for stage in catalogue.stages):
        problems.append(f"more than one stage has order {order}")
    known = key_issues | recommendations | set(indicator_codes)
    for stage in catalogue.stages:
        for req in stage.requirements:
            if req.target not in known:
                problems.append(f"stage {stage.code} requires unknown target {req.target}")
            if not _is_level(req.minimum):
                problems.append(
                    f"stage {stage.code} requirement on {req.target} has a non-integer "
                    f"minimum {req.minimum!r}"
                )
    return problems


def _members(catalogue: Catalogue) -> dict[str, frozenset[str]]:
    """Thread or indicator code -> the indicator codes it covers."""
    by_rec: dict[str, set[str]] = {}
    for ind in catalogue.indicators:
        by_rec.setdefault(ind.recommendation, set()).add(ind.code)
    members: dict[str, frozenset[str]] = {
        rec: frozenset(by_rec.get(rec, ())) for rec in _recommendation_codes(catalogue)
    }
    for kli, recs in catalogue.key_issues.items():
        members[kli] = frozenset().union(*(by_rec.get(rec, ()) for rec in recs))
    for ind in catalogue.indicators:
        members[ind.code] = frozenset((ind.code,))
    return members


def validate_catalogue(
    catalogue: Catalogue, *, gates: Iterable[tuple[str, str]] = DEFAULT_GATES
) -> list[str]:
    """Every problem with ``catalogue``, one sentence each; empty when it keeps the rules.

    Checks the scale, codes (duplicates, clashes, dangling references), stages (orders, targets,
    minimums in range and reachable) and that the stages keep rule 1 (every stage above the lowest
    has a requirement above the scale floor) and the ``gates`` of rules 3 and 4: for each
    ``(key issue, stage)`` some stage above the lowest and not above ``stage`` has a requirement on
    a thread or indicator lying wholly inside the key issue, with a minimum above the floor.
    Pass ``gates=()`` for a catalogue that does not use the design's codes.
    """
    problems = _fatal_problems(catalogue)
    levels = sorted(set(catalogue.levels)) if all(map(_is_level, catalogue.levels)) else []
    floor, top = (levels[0], levels[-1]) if len(levels) >= 2 else (None, None)

    recommendations = _recommendation_codes(catalogue)
    under_key_issue: dict[str, list[str]] = {}
    for kli in sorted(catalogue.key_issues, key=natural_key):
        recs = catalogue.key_issues[kli]
        if not recs:
            problems.append(f"key issue {kli} has no recommendations")
        for rec in _duplicates(recs):
            problems.append(f"key issue {kli} lists {rec} more than once")
        for rec in dict.fromkeys(recs):
            under_key_issue.setdefault(rec, []).append(kli)
    for rec in recommendations:
        owners = under_key_issue.get(rec, [])
        if not owners:
            problems.append(f"recommendation {rec} is not under any key issue")
        elif len(owners) > 1:
            problems.append(
                f"recommendation {rec} is under several key issues: {', '.join(owners)}"
            )

    members = _members(catalogue)
    for rec in recommendations:
        if not members[rec]:
            problems.append(f"recommendation {rec} has no indicators")
    for ind in sorted(catalogue.indicators, key=lambda ind: natural_key(ind.code)):
        if not ind.addressed_by:
            problems.append(f"indicator {ind.code} is addressed by no recommendation")
        for rec in ind.addressed_by:
            if rec not in recommendations:
                problems.append(f"indicator {ind.code} is addressed by unknown {rec}")

    stages = sorted(catalogue.stages, key=lambda stage: (stage.order, natural_key(stage.code)))
    for code in _duplicates(stage.code for stage in stages):
        problems.append(f"stage code {code} is used more than once")
    indicator_codes = {ind.code for ind in catalogue.indicators}

    def above_floor(req: Requirement) -> bool:
        if floor is None or req.target not in members or not _is_level(req.minimum):
            return False
        if req.target in indicator_codes:
            return req.minimum > floor
        return req.minimum > 0 and bool(members[req.target])

    for position, stage in enumerate(stages):
        if position == 0 and stage.requirements:
            problems.append(
                f"stage {stage.code} is the lowest and always reached; its requirements are ignored"
            )
        for req in stage.requirements:
            if req.target not in members or not _is_level(req.minimum) or floor is None:
                continue
            if req.target in indicator_codes:
                if req.minimum not in levels:
                    problems.append(
                        f"stage {stage.code} requires {req.target} >= {req.minimum}, "
                        f"not a level of the scale {floor}..{top}"
                    )
            elif not 0 <= req.minimum <= 100:
                problems.append(
                    f"stage {stage.code} requires {req.target} >= {req.minimum}, "
                    "outside the score range 0..100"
                )
            elif req.minimum > 0 and not members[req.target]:
                problems.append(
                    f"stage {stage.code} requires {req.target} >= {req.minimum}, "
                    "which has no indicators and always scores 0"
                )
        if position > 0 and not any(above_floor(req) for req in stage.requirements):
            if position == 1:
                problems.append(
                    f"stage {stage.code} has no requirement above the scale floor, so every "
                    "indicator at the minimum would reach it (rule 1)"
                )
            else:
                problems.append(
                    f"stage {stage.code} has no requirement above the scale floor, so it is "
                    f"reached whenever {stages[position - 1].code} is"
                )

    for kli, stage_code in gates:
        if kli not in catalogue.key_issues:
            problems.append(f"gate: key issue {kli} is missing")
            continue
        limit = [i for i, stage in enumerate(stages) if stage.code == stage_code]
        if not limit:
            problems.append(f"gate: stage {stage_code} is missing")
            continue
        inside = members[kli]
        gated = any(
            above_floor(req) and members[req.target] <= inside
            for stage in stages[1 : limit[0] + 1]
            for req in stage.requirements
        )
        if not gated:
            problems.append(
                f"gate: with every {kli} indicator at the minimum the stage could still reach "
                f"{stage_code}; a stage up to {stage_code} needs a requirement inside {kli} "
                "above the floor"
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
    problems = _fatal_problems(catalogue)
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

    rec_codes = tuple(_recommendation_codes(catalogue))
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
    if not _is_level(level) or level not in index.offsets:
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
            results.append(RequirementResult(req.target, req.minimum, actual, met))
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
