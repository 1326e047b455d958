"""Reads of assessments, and the adapter that turns the database into scoring input."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from assessments import scoring
from assessments.access import membership_of
from assessments.models import (
    Action,
    AgencyRating,
    AgencyResponse,
    AgreedRating,
    Assessment,
    ResultSnapshot,
)
from assessments.moderation import agreement
from assessments.result_pages import score_rows
from pages.converters import code_urls
from partnerships.models import Agency, Membership
from threads.models import CatalogueVersion, Indicator, Thread
from threads.selectors import catalogue_reading, scoring_data


def scoring_catalogue(version: CatalogueVersion) -> scoring.Catalogue:
    """The catalogue version as scoring input (five queries).

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


def draft_reading(assessment) -> dict:
    """An open assessment scored as it stands, with the labels and stages its pages show
    (six queries)."""
    data, labels = catalogue_reading(assessment.version)
    result = scoring.score(scoring.catalogue_from_plain(**data), agreed_levels(assessment))
    stages = [{k: s[k] for k in ("code", "order", "name")} for s in data["stages"]]
    return {"result": result.to_dict(), "labels": labels, "stages": stages}


def result_reading(assessment) -> dict:
    """The stored result with its snapshot's labels and stages (one query), or for an open
    assessment a preview of the current answers (:func:`draft_reading`)."""
    if assessment.result is not None:
        data = ResultSnapshot.objects.filter(assessment=assessment).values_list("data", flat=True)
        data = data.first() or {}
        return {
            "result": assessment.result,
            "labels": data.get("labels", {}),
            "stages": data.get("stages", []),
        }
    return draft_reading(assessment)


def result_context(assessment) -> dict:
    """What ``assessments/_result.html`` shows: the result, the path's stages and the key issue
    score rows."""
    reading = result_reading(assessment)
    return {
        "result": reading["result"],
        "stages": reading["stages"],
        "key_issue_rows": score_rows(reading["result"], "key_issues", reading["labels"]),
    }


def stored_or_preview(assessment) -> dict:
    """The stored result of an approved assessment, else a preview of the current answers."""
    if assessment.result is not None:
        return assessment.result
    return assessment_result(assessment).to_dict()


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
    """What the assessment page shows this person: a task list with each section's status for
    them (their own agency's answers if they answer for one, else the agreed levels), the
    coordinator's response tracker, the approver's comment if it was returned, the result so far
    (not to respondents while they rate), the history and what they may do next."""
    membership = membership_of(user, partnership)
    agency = membership.agency if membership and membership.role == "respondent" else None
    can_moderate = user.has_perm("assessments.moderate", partnership)
    transitions = list(assessment.transitions.select_related("by"))
    # The approver's comment stays at the top from the return until the next submission.
    returned = None
    for t in transitions:
        if t.to_state == Assessment.State.RETURNED:
            returned = t
        elif t.to_state == Assessment.State.SUBMITTED:
            returned = None
    tasks = task_list(assessment, agency=agency, is_coordinator=can_moderate)
    urls = code_urls(
        "assessments:assessment_section",
        [partnership.slug, assessment.pk],
        [s["thread"].code for s in tasks["sections"]],
    )
    for entry in tasks["sections"]:
        entry["url"] = urls[entry["thread"].code]
    first_open = next_section_needing_work(tasks["sections"], "")
    shows_result = agency is None or not assessment.is_editable
    return {
        "partnership": partnership,
        "assessment": assessment,
        "membership": membership,
        "agency": agency,
        "tasks": tasks,
        "first_open": first_open,
        "response": response_of(assessment, agency) if agency is not None else None,
        "tracker": response_tracker(assessment)
        if can_moderate and assessment.is_editable
        else None,
        "returned": returned if assessment.is_editable else None,
        **(result_context(assessment) if shows_result else {"result": None}),
        "transitions": transitions,
        "can_moderate": can_moderate,
        "can_approve": user.has_perm("assessments.approve", partnership),
        "unanswered_count": tasks["total"] - tasks["done"]
        if assessment.is_editable and agency is None
        else 0,
    }


# --- The task list and the response tracker -------------------------------------------------

NOT_STARTED = "Not yet started"
IN_PROGRESS = "In progress"
COMPLETED = "Completed"
CANNOT_START = "Cannot start yet"


def latest_approved(partnership):
    """The newest approved assessment: the one whose gaps the dashboard shows."""
    return (
        Assessment.objects.filter(partnership=partnership, state=Assessment.State.APPROVED)
        .select_related("cycle", "version", "partnership")
        .order_by("-cycle__opens_on")
        .first()
    )


@dataclass(frozen=True)
class Issue:
    """A key local issue heading its sections in the task list."""

    code: str
    title: str


@dataclass
class Section:
    """A section of an assessment (a local recommendation) under its key local issue."""

    code: str
    title: str
    number: int  # 1-based, in catalogue order
    issue: Issue
    total: int = 0  # its indicators
    done: int = 0  # of those, how many ``counted`` rows answer


def section_threads(assessment, *, counted=None) -> list[Section]:
    """The assessment's sections in order, read from its catalogue version's stored reading.
    ``counted``: a queryset of ratings (with an ``indicator``) to count per section as ``done``
    (one query); ``total`` is each section's number of indicators."""
    scoring_input, labels = catalogue_reading(assessment.version)
    threads = sorted(scoring_input["threads"], key=lambda t: t["order"])
    section_of = {i["code"]: i["thread"] for i in scoring_input["indicators"]}
    totals = Counter(section_of.values())
    done = Counter()
    if counted is not None:
        answered = counted.order_by().values_list("indicator__code", flat=True)
        done.update(section_of.get(code) for code in answered)
    out = []
    for issue in (t for t in threads if t["kind"] == Thread.Kind.KEY_LOCAL_ISSUE):
        heading = Issue(issue["code"], labels.get(issue["code"], ""))
        for rec in threads:
            if rec["kind"] == Thread.Kind.LOCAL_RECOMMENDATION and rec["parent"] == issue["code"]:
                code = rec["code"]
                out.append(
                    Section(
                        code, labels.get(code, ""), len(out) + 1, heading, totals[code], done[code]
                    )
                )
    return out


def task_list(assessment, *, agency=None, is_coordinator=False) -> dict:
    """Each section with its status for the person looking, and the overall count.

    A respondent (``agency`` given) counts their agency's own ratings; everyone else counts agreed
    levels. A coordinator's sections cannot start until moderation is open (they need the
    partners' ratings first). One query (none for the sections themselves).
    """
    if agency is not None:
        counted = AgencyRating.objects.filter(assessment=assessment, agency=agency)
    else:
        counted = AgreedRating.objects.filter(assessment=assessment)
    threads = section_threads(assessment, counted=counted)
    waiting = is_coordinator and assessment.is_editable and not assessment.moderation_open
    sections_ = []
    for thread in threads:
        total, done = thread.total, thread.done
        if waiting and not done:
            status = CANNOT_START
        elif total and done == total:
            status = COMPLETED
        elif done:
            status = IN_PROGRESS
        else:
            status = NOT_STARTED
        sections_.append(
            {
                "thread": thread,
                "total": total,
                "done": done,
                "status": status,
                "number": thread.number,
            }
        )
    groups: list[dict] = []
    for entry in sections_:
        if not groups or groups[-1]["issue"] != entry["thread"].issue:
            groups.append({"issue": entry["thread"].issue, "sections": []})
        groups[-1]["sections"].append(entry)
    return {
        "groups": groups,
        "sections": sections_,
        "done": sum(s["done"] for s in sections_),
        "total": sum(s["total"] for s in sections_),
    }


def next_section_needing_work(sections_: list[dict], after_code: str):
    """The first section after ``after_code`` (wrapping round) that is not completed, or None."""
    codes = [s["thread"].code for s in sections_]
    start = codes.index(after_code) + 1 if after_code in codes else 0
    for entry in sections_[start:] + sections_[:start]:
        if entry["thread"].code != after_code and entry["status"] != COMPLETED:
            return entry["thread"]
    return None


def responding_agencies(partnership):
    """The partnership's agencies that have a respondent, by name."""
    respondents = Membership.objects.filter(agency=OuterRef("pk"), role=Membership.Role.RESPONDENT)
    return (
        Agency.objects.filter(partnership=partnership).filter(Exists(respondents)).order_by("name")
    )


def response_tracker(assessment) -> list[dict]:
    """For the coordinator: each responding agency, how many indicators it has rated, when it
    marked its response complete (None if it has not) and when it last saved. One query."""
    ratings = (
        AgencyRating.objects.filter(assessment=assessment, agency=OuterRef("pk"))
        .order_by()
        .values("agency")
    )
    # Unordered: the default ordering's joins would be planned into the subquery on every view.
    completed = AgencyResponse.objects.filter(assessment=assessment, agency=OuterRef("pk"))
    completed = completed.order_by()
    agencies = responding_agencies(assessment.partnership_id).annotate(
        rated=Coalesce(Subquery(ratings.annotate(n=Count("pk")).values("n")[:1]), 0),
        last_saved=Subquery(ratings.annotate(m=Max("updated_at")).values("m")[:1]),
        completed_at=Subquery(completed.values("completed_at")[:1]),
    )
    return [
        {
            "agency": agency,
            "rated": agency.rated,
            "last_saved": agency.last_saved,
            "complete": agency.completed_at,
        }
        for agency in agencies
    ]


def response_of(assessment, agency):
    return AgencyResponse.objects.filter(assessment=assessment, agency=agency).first()


def unresolved_disagreements(assessment) -> list[dict]:
    """Indicators whose partner ratings differ by two levels or more, with the agreed level and
    its reason: what the approver should look at before deciding."""
    spread = agreement(assessment)
    flagged = [pk for pk, entry in spread.items() if entry["flagged"]]
    if not flagged:
        return []
    agreed = {
        r.indicator_id: r
        for r in AgreedRating.objects.filter(assessment=assessment, indicator_id__in=flagged)
    }
    indicators = Indicator.objects.filter(pk__in=flagged).order_by("thread__order", "order")
    return [
        {"indicator": i, "spread": spread[i.pk], "agreed": agreed.get(i.pk)} for i in indicators
    ]
