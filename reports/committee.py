"""A committee report of one assessment: purpose, background, findings, conclusions and
recommendations, built from the stored result (or, for a draft, a labelled preview)."""

from assessments import selectors
from assessments.models import Assessment
from reports.dashboard import agreement_table, catalogue_labels, result_view


def previous_approved(assessment: Assessment) -> Assessment | None:
    return (
        Assessment.objects.filter(
            partnership=assessment.partnership,
            state=Assessment.State.APPROVED,
            cycle__opens_on__lt=assessment.cycle.opens_on,
        )
        .select_related("cycle")
        .order_by("-cycle__opens_on")
        .first()
    )


def conclusions(view: dict, previous: Assessment | None, agreement: dict) -> list[str]:
    result = view["result"]
    stage = result["stage"]
    lines = [f"The partnership is at stage {stage['code']}: {stage['name']}."]
    if previous is not None:
        before = previous.result["stage"]
        if before["order"] < stage["order"]:
            change = f"up from {before['code']} in {previous.cycle}"
        elif before["order"] > stage["order"]:
            change = f"down from {before['code']} in {previous.cycle}"
        else:
            change = f"the same stage as in {previous.cycle}"
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


def report_context(assessment: Assessment) -> dict:
    partnership = assessment.partnership
    labels = catalogue_labels(assessment.version)
    # A committee paper is about its own cycle: only the actions made from this assessment, so a
    # later plan never changes an older paper.
    actions = assessment.actions.all()
    view = result_view(selectors.stored_or_preview(assessment), actions, labels, "report")
    previous = previous_approved(assessment)
    agreement = agreement_table(assessment)
    return {
        "partnership": partnership,
        "assessment": assessment,
        "is_draft": assessment.state != Assessment.State.APPROVED,
        "view": view,
        "previous": previous,
        "agreement": agreement,
        "conclusions": conclusions(view, previous, agreement),
        "actions": list(
            actions.exclude(status="dropped").select_related("recommendation", "indicator", "owner")
        ),
        "stages": list(assessment.version.stages.order_by("order")),
        "agencies_rating": len(agreement["agencies"]),
    }
