"""The committee paper of one assessment, in the form of the seed report itself: a heading block
(the body, the meeting's date, the title), "Report by", 1 Purpose, 2 Background, 3 Discussion,
4 Financial/Legal/Policy implications, 5 Conclusions, 6 Recommendations ("It is recommended that
the Forum members: (i) note …; (ii) agree …"), the signature, reference and date, and Background
Papers with the contact officer.

Two steps, so that a paper can be fixed when it is made:

* :func:`paper_content` reads what the paper is about as plain JSON-ready data: an approved
  assessment's result, labels, stages and partner agreement from its snapshot; a draft's live.
* :func:`paper_context` turns that content, the partnership's paper details and the choices made
  for one paper (meeting, date, public or not) into everything the template shows. It is a pure
  function: the stored :class:`reports.models.CommitteePaper` keeps the content and details, so its
  page and PDF are always the same.

Plain words first, codes second: "Plan preventative community safety (KLI-2)".
"""

from datetime import date

from django.db.models import Case, F, JSONField, Q, When
from django.utils.dateparse import parse_datetime

from assessments import selectors
from assessments.models import Action, Assessment, ResultSnapshot
from assessments.moderation import agreement_table
from assessments.results import catalogue_labels, stage_list
from scorecard import selectors as scorecard_selectors
from threads.models import Level

STUDY = (
    "\u201cThreads of Success\u201d A Study of Community Safety Partnerships in Scotland, "
    "published by the Scottish Executive and COSLA, November 2000."
)
ROMAN = [("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1)]
DONT_KNOW = "don\u2019t know"


# --- Reading what a paper is about -------------------------------------------------------------


#: what a paper quotes of the approved cycle before this one
PREVIOUS_FIELDS = ["cycle__name", "stage_code", "stage_order", "stage_name", "key_issue_scores"]


def snapshots(assessment: Assessment) -> tuple[dict | None, dict | None]:
    """(this assessment's snapshot data, the stage and key issue scores of the partnership's
    approved cycle before this one), one query of at most two rows. Only the paper's own row
    carries its ``data``; neither reads the stored HTML fragments."""
    before = Q(partnership=assessment.partnership_id, cycle__opens_on__lt=assessment.cycle.opens_on)
    rows = (
        ResultSnapshot.objects.filter(Q(assessment=assessment.pk) | before)
        .order_by("-cycle__opens_on")
        .values(
            "assessment_id",
            *PREVIOUS_FIELDS,
            own_data=Case(
                When(assessment=assessment.pk, then=F("data")),
                default=None,
                output_field=JSONField(),
            ),
        )[:2]
    )
    own = previous = None
    for row in rows:
        if row["assessment_id"] == assessment.pk:
            own = row["own_data"]
        elif previous is None:
            previous = {field: row[field] for field in PREVIOUS_FIELDS}
    return own, previous


def scale_of(version_id: int) -> list[dict]:
    return list(
        Level.objects.filter(version_id=version_id).order_by("level").values("level", "label")
    )


def action_rows(assessment: Assessment) -> list[dict]:
    """The live actions made from this assessment (a paper is about its own cycle: a later plan
    never changes an older paper), as plain data."""
    actions = (
        assessment.actions.exclude(status=Action.Status.DROPPED)
        .order_by("due_on", "created_at", "pk")
        .values("title", "indicator__code", "owner__name", "due_on", "status")
    )
    rows = []
    for a in actions:
        # the model's own rules for the status label and being overdue, without its row
        action = Action(due_on=a["due_on"], status=a["status"])
        rows.append(
            {
                "title": a["title"],
                "indicator": a["indicator__code"],
                "owner": a["owner__name"],
                "due_on": a["due_on"].isoformat() if a["due_on"] else None,
                "status": action.get_status_display(),
                "overdue": action.is_overdue,
            }
        )
    return rows


def scorecard_sentence(assessment: Assessment) -> str | None:
    """One sentence for 3. Discussion on how the partnership's scorecard measures stand (report
    3.2 (v), LR-8), e.g. "5 of 8 measures on track; fear of crime down from 41% to 33% against a
    target of 30%". ``None`` (no measures) leaves the paragraph out. The sentence is copied into a
    paper when it is made, like everything else it shows."""
    return scorecard_selectors.summary_sentence(assessment.partnership)


def paper_content(assessment: Assessment) -> dict:
    """Everything a paper says about the assessment, as JSON-ready data: from the snapshot when
    approved (fixed queries), else scored live."""
    data, previous = snapshots(assessment)
    if data is not None and assessment.result is not None:
        result, labels = assessment.result, data["labels"]
        agreement, stages = data["agreement"], data["stages"]
    else:
        result = selectors.assessment_result(assessment).to_dict()
        labels = catalogue_labels(assessment.version_id)
        agreement, stages = agreement_table(assessment), stage_list(assessment.version_id)
    return {
        "cycle": assessment.cycle.name,
        "state": assessment.state,
        "state_label": assessment.get_state_display(),
        "approved_at": assessment.approved_at.isoformat() if assessment.approved_at else None,
        "result": result,
        "labels": labels,
        "agreement": agreement,
        "stages": stages,
        "scale": scale_of(assessment.version_id),
        "previous": previous,
        "actions": action_rows(assessment),
        "scorecard": scorecard_sentence(assessment),
    }


# --- Words ---------------------------------------------------------------------------------------


def named(code: str, labels: dict[str, str]) -> str:
    """Plain words first, the code second: "Plan preventative community safety (KLI-2)"; an
    indicator's statement (a sentence) in quotes: "“A joint … audit … has been completed in the
    last three years” (LR-4.1)"."""
    title = labels.get(code, "")
    if not title:
        return code
    if "." in code:  # indicator codes are LR-n.m; thread codes have no dot
        return f"\u201c{title.rstrip('. ')}\u201d ({code})"
    return f"{title} ({code})"


def level_words(level: int | None, scale: list[dict]) -> str:
    """'level 2, \u201cin place\u201d'."""
    if level is None:
        return "unanswered"
    label = {row["level"]: row["label"] for row in scale}.get(level)
    return f"level {level}, \u201c{label.lower()}\u201d" if label else f"level {level}"


def score_words(score: int, scale: list[dict]) -> str:
    """A score out of 100 in the scale's words: the average level of the indicators it is made
    of (0 is every indicator at the lowest level, 100 every one at the highest)."""
    if not scale:
        return ""
    low, high = scale[0]["level"], scale[-1]["level"]
    average = low + score * (high - low) / 100
    labels = {row["level"]: row["label"].lower() for row in scale}
    below, above = int(average), min(int(average) + 1, high)
    if average == below or below == high:
        return f"on average \u201c{labels[below]}\u201d"
    return f"on average between \u201c{labels[below]}\u201d and \u201c{labels[above]}\u201d"


def _stage_named(stage: dict) -> str:
    return f"\u201c{stage['name']}\u201d ({stage['code']})"


def requirement_words(req: dict, labels: dict[str, str], scale: list[dict]) -> str:
    """An unmet requirement of the next stage in plain words, with the report's reason when the
    catalogue gives one."""
    target = req["target"]
    if "." in target:  # indicator codes are LR-n.m; thread codes have no dot
        text = (
            f"{named(target, labels)} is at {level_words(req['actual'], scale)}; "
            f"it needs {level_words(req['minimum'], scale)} or above"
        )
    else:
        text = (
            f"{named(target, labels)} scores {req['actual']} out of 100; "
            f"it needs {req['minimum']} or more"
        )
    reason = req.get("reason")
    return f"{text} \u2014 {reason}" if reason else text


def roman(n: int) -> str:
    """Lower-case roman numerals, as the seed numbers its items: (i), (ii), … (xxxix)."""
    out = ""
    for letters, value in ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


# --- The paper -----------------------------------------------------------------------------------


def stage_change(stage: dict, previous: dict | None) -> str | None:
    if previous is None:
        return None
    before, cycle = previous["stage_order"], previous["cycle__name"]
    if before < stage["order"]:
        return (
            f"That is up from \u201c{previous['stage_name']}\u201d ({previous['stage_code']}) "
            f"in {cycle}."
        )
    if before > stage["order"]:
        return (
            f"That is down from \u201c{previous['stage_name']}\u201d ({previous['stage_code']}) "
            f"in {cycle}."
        )
    return f"That is the same stage as in {cycle}."


def score_table(result: dict, group: str, labels: dict, scale: list, previous: dict | None):
    before = (previous or {}).get("key_issue_scores", {}) if group == "key_issues" else {}
    return [
        {
            "code": code,
            "title": labels.get(code, ""),
            "named": named(code, labels),
            "score": value["score"],
            "words": score_words(value["score"], scale),
            "previous": before.get(code),
        }
        for code, value in result[group].items()
    ]


def agreement_rows(agreement: dict, *, name_agencies: bool) -> list[dict]:
    """The indicators partners differed on by two levels or more, each with the levels given:
    with each agency's name, or (a public paper that may not name them) the levels alone."""
    names = [a["name"] for a in agreement["agencies"]]
    rows = []
    for row in agreement["rows"]:
        if not row["flagged"]:
            continue
        given = [
            (name, cell["level"])
            for name, cell in zip(names, row["cells"], strict=False)
            if cell is not None
        ]
        if name_agencies:
            levels = "; ".join(
                f"{name} {DONT_KNOW if level is None else level}" for name, level in given
            )
        else:
            levels = ", ".join(str(v) for v in sorted(lv for _, lv in given if lv is not None))
        agreed = row["agreed"]
        rows.append(
            {
                "indicator": row["indicator"],
                "levels": levels,
                "agreed": "\u2013" if agreed in (None, "missing") else agreed,
            }
        )
    return rows


def conclusions(content: dict, key_issues: list[dict], gaps: list[dict]) -> list[str]:
    result, previous = content["result"], content["previous"]
    stage = result["stage"]
    lines = [
        f"The partnership is at {_stage_named(stage)}, stage {stage['order']} of "
        f"{len(content['stages'])} on the development path described in the study."
    ]
    change = stage_change(stage, previous)
    if change:
        lines.append(change)
    if key_issues:
        strongest = max(key_issues, key=lambda r: r["score"])
        weakest = min(key_issues, key=lambda r: r["score"])
        lines.append(
            f"Its strongest key local issue is {strongest['named']}, {strongest['score']} out of "
            f"100 ({strongest['words']}); its weakest is {weakest['named']}, "
            f"{weakest['score']} out of 100 ({weakest['words']})."
        )
    next_stage = result.get("next_stage")
    if next_stage:
        lines.append(
            f"{len(gaps)} indicator{'s' if len(gaps) != 1 else ''} must improve for the "
            f"partnership to reach {_stage_named(next_stage)}; each is a recommendation below."
        )
    flagged = content["agreement"]["flagged_count"]
    if flagged:
        lines.append(
            f"Partners differed by two levels or more on {flagged} "
            f"indicator{'s' if flagged != 1 else ''}; the agreed levels settle these but the "
            "differences are worth discussing."
        )
    return lines


def recommendation_items(content: dict, gaps: list[dict]) -> list[dict]:
    """(i) note …; then one item to agree for each gap to the next stage."""
    result, labels, scale = content["result"], content["labels"], content["scale"]
    stage = result["stage"]
    items = [
        f"note the content of this report and that the partnership is at {_stage_named(stage)}"
    ]
    by_indicator = {a["indicator"]: a for a in content["actions"] if a["indicator"]}
    for gap in gaps:
        text = (
            f"agree to work so that {named(gap['indicator'], labels)}: now "
            f"{level_words(gap['current'], scale)}; {level_words(gap['required'], scale)} is "
            f"needed for {_stage_named(result['next_stage'])}"
        )
        action = by_indicator.get(gap["indicator"])
        if action:
            owner = f", led by {action['owner']}" if action["owner"] else ""
            due = (
                f", by {date.fromisoformat(action['due_on']):%-d %B %Y}" if action["due_on"] else ""
            )
            text += f", through the action \u201c{action['title']}\u201d{owner}{due}"
        items.append(text)
    if not result.get("next_stage"):
        items.append(
            "agree that the partners keep every thread at its present level and review it in "
            "the next cycle"
        )
    last = len(items)
    return [
        {"number": roman(n), "text": text + ("." if n == last else ";")}
        for n, text in enumerate(items, start=1)
    ]


def reference(details: dict, meeting_date: date, cycle: str) -> str:
    """Like the seed's "AJS/cs2/Forum12.2000/Threadsofsuccess": prefix, meeting, subject."""
    parts = [
        details["reference_prefix"].strip("/"),
        f"{details['members_term'].replace(' ', '')}{meeting_date:%m.%Y}",
        f"Threads{cycle.replace('/', '-')}",
    ]
    return "/".join(p for p in parts if p)


def paper_context(content: dict, details: dict, choices: dict) -> dict:
    """Everything the paper template shows. ``choices``: ``meeting``, ``meeting_date`` (a date, or
    None for the preview), ``name_agencies``, ``public_meeting``, ``implications``,
    ``reference`` and ``dated`` (None for the preview)."""
    result, labels, scale = content["result"], content["labels"], content["scale"]
    stage, next_stage = result["stage"], result.get("next_stage")
    key_issues = score_table(result, "key_issues", labels, scale, content["previous"])
    gaps = [
        {**gap, "named": named(gap["indicator"], labels)}
        for gap in ((next_stage or {}).get("gaps") or [])
    ]
    unmet = [
        requirement_words(r, labels, scale)
        for r in (next_stage or {}).get("requirements", [])
        if not r["met"]
    ]
    name_agencies = choices["name_agencies"] or not choices["public_meeting"]
    agreement = content["agreement"]
    approved_at = parse_datetime(content["approved_at"]) if content["approved_at"] else None
    return {
        "content": content,
        "details": details,
        "choices": choices,
        "is_draft": content["state"] != Assessment.State.APPROVED,
        "approved_at": approved_at,
        "stage": stage,
        "stage_named": _stage_named(stage),
        "stage_count": len(content["stages"]),
        "stage_change": stage_change(stage, content["previous"]),
        "next_stage": next_stage,
        "next_stage_named": _stage_named(next_stage) if next_stage else None,
        "unmet": unmet,
        "stages": content["stages"],
        "scale": scale,
        "key_issues": key_issues,
        "recommendations": score_table(result, "recommendations", labels, scale, None),
        "indicator_count": len(agreement["rows"]),
        "agencies_rating": len(agreement["agencies"]),
        "agency_names": [a["name"] for a in agreement["agencies"]],
        "name_agencies": name_agencies,
        "flagged": agreement_rows(agreement, name_agencies=name_agencies),
        "flagged_count": agreement["flagged_count"],
        "previous": content["previous"],
        "scorecard": content.get("scorecard"),
        "conclusions": conclusions(content, key_issues, gaps),
        "recommendation_items": recommendation_items(content, gaps),
        "gaps": gaps,
        "actions": [
            {**a, "due_on": date.fromisoformat(a["due_on"]) if a["due_on"] else None}
            for a in content["actions"]
        ],
        "study": STUDY,
    }


def preview_choices(details: dict) -> dict:
    """A paper not yet made: the partnership's body, no meeting date or reference yet."""
    return {
        "meeting": details["body"],
        "meeting_date": None,
        "public_meeting": False,
        "name_agencies": True,
        "implications": "Nil.",
        "reference": None,
        "dated": None,
    }


def paper_choices(paper) -> dict:
    return {
        "meeting": paper.meeting,
        "meeting_date": paper.meeting_date,
        "public_meeting": paper.public_meeting,
        "name_agencies": paper.name_agencies,
        "implications": paper.implications,
        "reference": paper.reference,
        "dated": paper.dated,
    }


def report_context(assessment: Assessment, details: dict) -> dict:
    """The report page: the paper as it would be made now (a preview with the partnership's
    current details)."""
    return {
        "partnership": assessment.partnership,
        "assessment": assessment,
        **paper_context(paper_content(assessment), details, preview_choices(details)),
    }


def committee_paper_context(paper) -> dict:
    """A paper that was made: only what it stored."""
    assessment = paper.assessment
    return {
        "partnership": assessment.partnership,
        "assessment": assessment,
        "paper": paper,
        **paper_context(paper.content, paper.details, paper_choices(paper)),
    }
