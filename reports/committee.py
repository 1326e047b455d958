"""A committee report of one assessment: purpose, background, findings, conclusions and
recommendations. An approved one is read from its snapshot; a draft is a labelled live preview."""

from assessments import selectors
from assessments.models import Assessment, ResultSnapshot
from assessments.moderation import agreement_table
from assessments.results import catalogue_labels, stage_list
from reports.dashboard import result_view


def previous_approved(assessment: Assessment) -> dict | None:
    """The stage and key issue scores of the partnership's approved cycle before this one."""
    return (
        ResultSnapshot.objects.filter(
            partnership=assessment.partnership_id,
            cycle__opens_on__lt=assessment.cycle.opens_on,
        )
        .order_by("-cycle__opens_on")
        .values("cycle__name", "stage_code", "stage_order", "stage_name", "key_issue_scores")
        .first()
    )


def conclusions(view: dict, previous: dict | None, agreement: dict) -> list[str]:
    result = view["result"]
    stage = result["stage"]
    lines = [f"The partnership is at stage {stage['code']}: {stage['name']}."]
    if previous is not None:
        before, cycle = previous["stage_order"], previous["cycle__name"]
        if before < stage["order"]:
            change = f"up from {previous['stage_code']} in {cycle}"
        elif before > stage["order"]:
            change = f"down from {previous['stage_code']} in {cycle}"
        else:
            change = f"the same stage as in {cycle}"
        lines.append(f"That is {change}.")
    issues = view["key_issues"]
    if issues:
        strongest = max(issues, key=lambda r: r["score"])
        weakest = min(issues, key=lambda r: r["score"])
        lines.append(
            f"The strongest key issue is {strongest['code']} {strongest['title']} "
            f"({strongest['score']}); the weakest is {weakest['code']} {weakest['title']} "
            f"({weakest['score']})."
        )
    if result.get("next_stage"):
        lines.append(
            f"{len(view['gaps'])} indicator(s) must improve to reach "
            f"{result['next_stage']['code']} {result['next_stage']['name']}."
        )
    if agreement["flagged_count"]:
        lines.append(
            f"Partners differed by two levels or more on {agreement['flagged_count']} "
            "indicator(s); the agreed levels settle these but the differences are worth "
            "discussing."
        )
    return lines


def paper_inputs(assessment: Assessment) -> tuple[dict, dict, dict, list]:
    """(result, labels, agreement, stages): from the snapshot when approved, else live."""
    snapshot = getattr(assessment, "snapshot", None) if assessment.result is not None else None
    if snapshot is not None:
        data = snapshot.data
        return assessment.result, data["labels"], data["agreement"], data["stages"]
    return (
        selectors.assessment_result(assessment).to_dict(),
        catalogue_labels(assessment.version),
        agreement_table(assessment),
        stage_list(assessment.version),
    )


def report_context(assessment: Assessment) -> dict:
    result, labels, agreement, stages = paper_inputs(assessment)
    # A committee paper is about its own cycle: only the actions made from this assessment, so a
    # later plan never changes an older paper.
    actions = assessment.actions.all()
    view = result_view(result, actions, labels, "report")
    previous = previous_approved(assessment)
    for row in view["key_issues"]:
        row["previous"] = previous["key_issue_scores"].get(row["code"]) if previous else None
    return {
        "partnership": assessment.partnership,
        "assessment": assessment,
        "is_draft": assessment.state != Assessment.State.APPROVED,
        "view": view,
        "previous": previous,
        "agreement": agreement,
        "conclusions": conclusions(view, previous, agreement),
        "actions": list(
            actions.exclude(status="dropped").select_related("recommendation", "indicator", "owner")
        ),
        "stages": stages,
        "agencies_rating": len(agreement["agencies"]),
    }
