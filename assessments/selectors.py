"""Reads of assessments, and the adapter that turns the database into scoring input."""

from django.db.models import Q

from assessments import scoring
from assessments.access import membership_of
from assessments.models import Action, AgencyRating, AgreedRating, Assessment, ResultSnapshot
from threads.models import CatalogueVersion, Indicator, Thread
from threads.selectors import scoring_data


def scoring_catalogue(version: CatalogueVersion) -> scoring.Catalogue:
    """The catalogue version as scoring input (six queries).

    Not cached across requests: stage names and reasons are wording an admin may still edit after
    publishing, and a per-process copy would differ between app servers.
    """
    return scoring.catalogue_from_plain(**scoring_data(version))


def agreed_levels(assessment) -> dict[str, int | None]:
    return dict(
        AgreedRating.objects.filter(assessment=assessment).values_list("indicator__code", "level")
    )


def unanswered_indicators(assessment) -> list[Indicator]:
    answered = set(assessment.agreed_ratings.values_list("indicator_id", flat=True))
    return [
        i
        for i in Indicator.objects.filter(version=assessment.version)
        .select_related("thread")
        .order_by("thread__order", "order")
        if i.pk not in answered
    ]


def assessment_result(assessment) -> scoring.Result:
    """Score the assessment's agreed levels against its pinned catalogue version."""
    return scoring.score(scoring_catalogue(assessment.version), agreed_levels(assessment))


def stored_or_preview(assessment) -> dict:
    """The stored result of an approved assessment, else a preview of the current answers."""
    if assessment.result is not None:
        return assessment.result
    return assessment_result(assessment).to_dict()


def sections(assessment, *, agency=None) -> list[dict]:
    """Key local issues with their recommendations as sections, with progress.

    Progress counts agreed levels, or, given ``agency``, that agency's own ratings.
    """
    if agency is None:
        answered = set(
            AgreedRating.objects.filter(assessment=assessment).values_list(
                "indicator_id", flat=True
            )
        )
    else:
        answered = set(
            AgencyRating.objects.filter(assessment=assessment, agency=agency).values_list(
                "indicator_id", flat=True
            )
        )
    threads = list(
        Thread.objects.filter(
            version=assessment.version,
            kind__in=[Thread.Kind.KEY_LOCAL_ISSUE, Thread.Kind.LOCAL_RECOMMENDATION],
        ).order_by("order")
    )
    counts: dict[int, list[int]] = {}
    for pk, thread_id in Indicator.objects.filter(version=assessment.version).values_list(
        "pk", "thread_id"
    ):
        total_done = counts.setdefault(thread_id, [0, 0])
        total_done[0] += 1
        total_done[1] += pk in answered
    out = []
    for issue in (t for t in threads if t.kind == Thread.Kind.KEY_LOCAL_ISSUE):
        recs = []
        for rec in (t for t in threads if t.parent_id == issue.pk):
            total, done = counts.get(rec.pk, [0, 0])
            recs.append(
                {
                    "thread": rec,
                    "total": total,
                    "done": done,
                    "percent": round(100 * done / total) if total else 0,
                }
            )
        out.append({"issue": issue, "sections": recs})
    return out


def partnership_status(partnerships) -> dict[int, dict]:
    """For "Your partnerships": latest approved stage and the open assessment of each
    (two queries)."""
    status: dict[int, dict] = {p.pk: {"stage": None, "open_assessment": None} for p in partnerships}
    stages = (
        ResultSnapshot.objects.filter(partnership__in=list(status))
        .order_by("partnership_id", "-cycle__opens_on")
        .values("partnership_id", "stage_code", "stage_order", "stage_name")
    )
    for row in stages:
        entry = status[row["partnership_id"]]
        if entry["stage"] is None:
            entry["stage"] = {
                "code": row["stage_code"],
                "order": row["stage_order"],
                "name": row["stage_name"],
            }
    drafts = (
        Assessment.objects.filter(partnership__in=list(status))
        .exclude(state=Assessment.State.APPROVED)
        .select_related("cycle", "partnership")
        .order_by("partnership_id", "-cycle__opens_on")
    )
    for assessment in drafts:
        entry = status[assessment.partnership_id]
        if entry["open_assessment"] is None:
            entry["open_assessment"] = assessment
    return status


def latest_assessment(partnership, *, user):
    """The newest assessment ``user`` may read (drafts only for those who may see drafts)."""
    assessments = Assessment.objects.filter(partnership=partnership).select_related(
        "cycle", "version"
    )
    if not user.has_perm("assessments.view_drafts", partnership):
        assessments = assessments.filter(state=Assessment.State.APPROVED)
    return assessments.order_by("-cycle__opens_on").first()


def suggested_actions(assessment) -> list[dict]:
    """Gaps to the next stage not yet in the action plan, as suggested actions.

    A gap counts as planned while an action on its indicator is open (planned or in progress) or
    was made from this assessment; one done or dropped in an earlier cycle does not hide it.
    """
    result = stored_or_preview(assessment)
    next_stage = result.get("next_stage")
    if not next_stage:
        return []
    open_states = [Action.Status.PLANNED, Action.Status.IN_PROGRESS]
    planned = set(
        assessment.partnership.actions.exclude(indicator=None)
        .filter(Q(status__in=open_states) | Q(assessment=assessment))
        .values_list("indicator__code", flat=True)
    )
    indicators = {i.code: i for i in assessment.version.indicators.select_related("thread")}
    out = []
    for gap in next_stage["gaps"]:
        indicator = indicators.get(gap["indicator"])
        if indicator is None or indicator.code in planned:
            continue
        out.append(
            {
                "indicator": indicator,
                "recommendation": indicator.thread,
                "current": gap["current"],
                "required": gap["required"],
                "title": f"Raise {indicator.code} from level {gap['current']} to "
                f"{gap['required']}: {indicator.statement}"[:300],
                "stage": next_stage["code"],
            }
        )
    return out


def overview_context(user, partnership, assessment) -> dict:
    """What the assessment overview shows this person: their own agency's progress if they
    answer for one, the result so far, the history and what they may do next."""
    membership = membership_of(user, partnership)
    agency = membership.agency if membership and membership.role == "respondent" else None
    return {
        "partnership": partnership,
        "assessment": assessment,
        "membership": membership,
        "sections": sections(assessment, agency=agency),
        "result": stored_or_preview(assessment),
        "transitions": assessment.transitions.select_related("by"),
        "can_moderate": user.has_perm("assessments.moderate", partnership),
        "can_approve": user.has_perm("assessments.approve", partnership),
        "unanswered_count": len(unanswered_indicators(assessment)) if assessment.is_editable else 0,
    }
