"""Proof that a catalogue keeps the scoring rules of DESIGN.md, one problem per sentence.

``assessments.scoring`` scores; this module checks a :class:`~assessments.scoring.Catalogue` before
it is imported or published. Codes, scale and references are checked structurally; rule 1 (every
stage above the lowest has a requirement above the scale floor), rules 3 and 4 (the
:data:`DEFAULT_GATES`: a requirement lying wholly inside the key issue, above the floor, at or
below the gated stage) by construction; rule 7 by scoring the profile it names. Rules 2, 5 and 6
hold for every catalogue by the way ``score`` computes (see its module).
"""

from collections.abc import Iterable

from assessments.scoring import (
    Catalogue,
    Requirement,
    Stage,
    duplicates,
    fatal_problems,
    is_level,
    natural_key,
    recommendation_codes,
    score,
)

#: The gates of rules 3 and 4: (key issue, stage). With every indicator of the key issue at the
#: scale minimum, the result must be below that stage.
DEFAULT_GATES: tuple[tuple[str, str], ...] = (("KLI-1", "S2"), ("KLI-2", "S3"))


def _members(catalogue: Catalogue) -> dict[str, frozenset[str]]:
    """Thread or indicator code -> the indicator codes it covers."""
    by_rec: dict[str, set[str]] = {}
    for ind in catalogue.indicators:
        by_rec.setdefault(ind.recommendation, set()).add(ind.code)
    members: dict[str, frozenset[str]] = {
        rec: frozenset(by_rec.get(rec, ())) for rec in recommendation_codes(catalogue)
    }
    for kli, recs in catalogue.key_issues.items():
        members[kli] = frozenset().union(*(by_rec.get(rec, ()) for rec in recs))
    for ind in catalogue.indicators:
        members[ind.code] = frozenset((ind.code,))
    return members


def validate_catalogue(
    catalogue: Catalogue,
    *,
    gates: Iterable[tuple[str, str]] = DEFAULT_GATES,
    reasons: bool = True,
) -> list[str]:
    """Every problem with ``catalogue``, one sentence each; empty when it keeps the rules.

    Checks the scale, codes (duplicates, clashes, dangling references), stages (orders, targets,
    minimums in range and reachable) and that the stages keep rule 1 (every stage above the lowest
    has a requirement above the scale floor) and the ``gates`` of rules 3 and 4: for each
    ``(key issue, stage)`` some stage above the lowest and not above ``stage`` has a requirement on
    a thread or indicator lying wholly inside the key issue, with a minimum above the floor.
    Pass ``gates=()`` for a catalogue that does not use the design's codes.

    Rule 7 is proved by scoring: for every indicator requirement of a stage (a *critical*
    requirement), the profile with every indicator at the maximum but that one at the minimum must
    be placed below the stage. Every requirement must carry a reason (``reasons=False`` skips
    that check, for catalogues built in tests).
    """
    problems = fatal_problems(catalogue)
    levels = sorted(set(catalogue.levels)) if all(map(is_level, catalogue.levels)) else []
    floor, top = (levels[0], levels[-1]) if len(levels) >= 2 else (None, None)

    recommendations = recommendation_codes(catalogue)
    under_key_issue: dict[str, list[str]] = {}
    for kli in sorted(catalogue.key_issues, key=natural_key):
        recs = catalogue.key_issues[kli]
        if not recs:
            problems.append(f"key issue {kli} has no recommendations")
        for rec in duplicates(recs):
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
    for code in duplicates(stage.code for stage in stages):
        problems.append(f"stage code {code} is used more than once")
    indicator_codes = {ind.code for ind in catalogue.indicators}

    def above_floor(req: Requirement) -> bool:
        if floor is None or req.target not in members or not is_level(req.minimum):
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
            if req.target not in members or not is_level(req.minimum) or floor is None:
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
    for stage in stages:
        for req in stage.requirements:
            if reasons and not req.reason.strip():
                problems.append(
                    f"stage {stage.code} requirement on {req.target} has no reason (rule 7: "
                    "every requirement says why in the report's words)"
                )
    if not fatal_problems(catalogue) and floor is not None:
        problems += _rule_7(catalogue, stages, floor, top)
    return problems


def _rule_7(catalogue: Catalogue, stages: list[Stage], floor: int, top: int) -> list[str]:
    """Score "everything at the top but this critical indicator at the minimum" per stage."""
    problems = []
    everything_top = {ind.code: top for ind in catalogue.indicators}
    for stage in stages[1:]:
        for req in stage.requirements:
            if req.target not in everything_top:
                continue
            placed = score(catalogue, {**everything_top, req.target: floor}).stage
            if placed.order >= stage.order:
                problems.append(
                    f"rule 7: with every indicator at {top} but {req.target} at {floor} the "
                    f"stage is still {placed.code}; {stage.code}'s requirement on {req.target} "
                    f"needs a minimum above {floor}"
                )
    return problems
