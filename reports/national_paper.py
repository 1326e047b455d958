"""The national report: a Scotland-wide committee paper for one cycle, and all its results as a
table. Read from the cycle's summary and snapshot rows written at approval, so the paper costs a
fixed number of queries (the spread of key issue scores reads one column of the cycle's rows).

Cycles scored on different catalogue versions are compared by the stable codes (S1…, KLI-1…);
where a code did not exist in the earlier cycle's catalogue the paper says so instead of
showing a change.
"""

import statistics

from assessments.models import Assessment, Cycle, CycleSummary, ResultSnapshot
from partnerships.models import Partnership
from scorecard import selectors as scorecard_selectors
from threads.models import Thread

RESULT_HEADER_START = ["Partnership", "Slug", "Cycle", "Catalogue version", "Stage", "Stage name"]
RESULT_HEADER_END = ["Next stage", "Gaps to next stage", "Approved"]


def previous_summary(cycle: Cycle) -> CycleSummary | None:
    """The summary of the latest earlier cycle with an approved result."""
    return (
        CycleSummary.objects.filter(cycle__opens_on__lt=cycle.opens_on, assessed__gt=0)
        .select_related("cycle", "version")
        .order_by("-cycle__opens_on")
        .first()
    )


def spread(values: list[int]) -> dict | None:
    """Minimum, quartiles (inclusive method, as spreadsheets' QUARTILE) and maximum."""
    if not values:
        return None
    values = sorted(values)
    if len(values) == 1:
        q1 = median = q3 = values[0]
    else:
        q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return {
        "n": len(values),
        "min": values[0],
        "q1": round(q1, 1),
        "median": round(median, 1),
        "q3": round(q3, 1),
        "max": values[-1],
    }


def key_issue_scores(cycle_id: int) -> dict[str, list[int]]:
    scores: dict[str, list[int]] = {}
    for row in ResultSnapshot.objects.filter(cycle_id=cycle_id).values_list(
        "key_issue_scores", flat=True
    ):
        for code, score in row.items():
            if score is not None:
                scores.setdefault(code, []).append(score)
    return scores


def stage_changes(summary: CycleSummary, previous: CycleSummary | None) -> list[dict]:
    """Each stage of this cycle's catalogue with its count, the earlier cycle's count for the
    same code and the change; ``existed`` is False where the code was not in that catalogue."""
    before = {row["code"]: row["count"] for row in previous.stage_counts} if previous else {}
    total = summary.assessed or 1
    rows = []
    for row in summary.stage_counts:
        existed = previous is not None and row["code"] in before
        rows.append(
            {
                **row,
                "percent": round(100 * row["count"] / total),
                "previous": before.get(row["code"]) if existed else None,
                "change": row["count"] - before[row["code"]] if existed else None,
                "existed": existed,
            }
        )
    return rows


def national_paper(cycle: Cycle) -> dict:
    summary = CycleSummary.objects.filter(cycle=cycle).select_related("version").first()
    total = Partnership.objects.count()
    if summary is None:
        return {"cycle": cycle, "summary": None, "total": total}
    previous = previous_summary(cycle)
    key_issues = list(
        Thread.objects.filter(version=summary.version, kind=Thread.Kind.KEY_LOCAL_ISSUE)
        .order_by("order")
        .values("code", "title")
    )
    scores = key_issue_scores(cycle.pk)
    before = key_issue_scores(previous.cycle_id) if previous else {}
    previous_codes = (
        set(Thread.objects.filter(version=previous.version).values_list("code", flat=True))
        if previous
        else set()
    )
    spreads = []
    for issue in key_issues:
        earlier = spread(before.get(issue["code"], []))
        spreads.append(
            {
                **issue,
                "spread": spread(scores.get(issue["code"], [])),
                "existed": previous is not None and issue["code"] in previous_codes,
                "previous_median": earlier["median"] if earlier else None,
            }
        )
    stages = stage_changes(summary, previous)
    dropped = (
        [row for row in previous.stage_counts if row["code"] not in {s["code"] for s in stages}]
        if previous
        else []
    )
    most = max(stages, key=lambda row: row["count"], default=None)
    return {
        "cycle": cycle,
        "summary": summary,
        "version": summary.version,
        "total": total,
        "assessed": summary.assessed,
        "not_assessed": total - summary.assessed,
        "previous": previous,
        "stages": stages,
        "dropped_stages": dropped,
        "most_common_stage": most,
        "key_issues": spreads,
        "blocking": summary.blocking,
        "national_called_for": called_for(summary.blocking),
        "recommendations": recommendations(cycle, called_for(summary.blocking)),
        "measures": scorecard_selectors.adoption_summary(),
    }


ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"]
RECOMMEND_TOP = 3


def recommendations(cycle: Cycle, national: list[dict]) -> list[tuple[str, str]]:
    """Section 6 as (numeral, text): note the stages, direct support to the national
    recommendations called for most, follow up the partnerships without a result."""
    lines = [f"note the stages of Scotland's community safety partnerships in {cycle} (section 3);"]
    for nr in national[:RECOMMEND_TOP]:
        held = nr["partnerships"]
        lines.append(
            f"direct national support to {nr['code']} {nr['title']}, which supports "
            f"{', '.join(nr['local'])} ({held} partnership{'s' if held != 1 else ''} held back);"
        )
    lines.append(
        "agree to follow up the partnerships without an approved self-assessment, "
        "named in the scrutiny year."
    )
    return list(zip(ROMAN, lines, strict=False))


def called_for(blocking: list[dict]) -> list[dict]:
    """The national recommendations the blocking local ones call for, by how many partnerships
    the local recommendations they support hold back (most first)."""
    weight: dict[str, dict] = {}
    for row in blocking:
        for nr in row["national"]:
            entry = weight.setdefault(nr["code"], {**nr, "partnerships": 0, "local": []})
            entry["partnerships"] += row["partnerships"]
            entry["local"].append(row["code"])
    return sorted(weight.values(), key=lambda e: (-e["partnerships"], e["code"]))


def result_rows(cycle: Cycle) -> tuple[list[str], list[list]]:
    """Every approved result of the cycle: one row per partnership with stage, key issue and
    local recommendation scores and the gaps to the next stage (two queries)."""
    summary = CycleSummary.objects.filter(cycle=cycle).first()
    codes: list[str] = []
    if summary:
        codes = list(
            Thread.objects.filter(
                version_id=summary.version_id,
                kind__in=[Thread.Kind.KEY_LOCAL_ISSUE, Thread.Kind.LOCAL_RECOMMENDATION],
            )
            .order_by("kind", "order")
            .values_list("code", flat=True)
        )
    rows = []
    assessments = (
        Assessment.objects.filter(cycle=cycle, state=Assessment.State.APPROVED)
        .order_by("partnership__name")
        .values_list(
            "partnership__name", "partnership__slug", "version__version", "result", "approved_at"
        )
    )
    for name, slug, version, result, approved_at in assessments:
        scores = {code: v.get("score") for code, v in result.get("key_issues", {}).items()}
        scores.update(
            {code: v.get("score") for code, v in result.get("recommendations", {}).items()}
        )
        nxt = result.get("next_stage") or {}
        rows.append(
            [
                name,
                slug,
                cycle.name,
                version,
                result["stage"]["code"],
                result["stage"]["name"],
                *("" if scores.get(code) is None else scores[code] for code in codes),
                nxt.get("code", ""),
                len(nxt.get("gaps", [])),
                approved_at.date().isoformat() if approved_at else "",
            ]
        )
    return [*RESULT_HEADER_START, *codes, *RESULT_HEADER_END], rows
