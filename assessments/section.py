"""One section (local recommendation) of an assessment as one person sees it.

A respondent sees and answers for their own agency (never the agreed levels); the coordinator
sees the agreed ratings, the spread of the agencies' answers once moderation is open, which
agencies have not rated each indicator, and the partners' median *suggested* (not saved, not
counted as answered) until they save. Everyone else, and everyone once the assessment is
submitted, reads it as summary lists.
"""

from dataclasses import dataclass, field

from django.http import Http404
from django.utils.html import format_html

from assessments import selectors
from assessments.access import membership_of
from assessments.forms import DONT_KNOW, SectionForm
from assessments.models import AgencyRating, AgreedRating, Evidence
from assessments.moderation import agreement
from partnerships.models import Membership
from scorecard.selectors import EVIDENCED_INDICATORS, WORKING_LEVEL, scorecard_panel
from threads.models import Indicator, LevelDescriptor
from threads.selectors import level_scale

#: The section whose moderation shows the scorecard beside its indicators.
SCORECARD_SECTION = "LR-8"


@dataclass
class SectionPage:
    partnership: object
    assessment: object
    thread: selectors.Section
    membership: Membership | None
    is_respondent: bool
    may_answer: bool  # answers this assessment while it is open (respondent or coordinator)
    can_edit: bool
    indicators: list = field(default_factory=list)
    descriptors: dict = field(default_factory=dict)  # indicator id -> {level: descriptor}
    existing: dict = field(default_factory=dict)
    moderation: dict = field(default_factory=dict)
    form_kwargs: dict = field(default_factory=dict)
    scorecard: dict | None = None  # scorecard.selectors.scorecard_panel, coordinator on LR-8
    sections: list = field(default_factory=list)  # the task list's sections, with statuses
    not_rated: dict = field(default_factory=dict)  # indicator id -> agencies yet to rate it
    suggested: dict = field(default_factory=dict)  # indicator id -> median offered, unsaved

    @property
    def number(self) -> int:
        return self.thread.number

    @property
    def summary(self) -> str:
        """The local recommendation's summary (read with its indicators)."""
        return self.indicators[0].thread.summary if self.indicators else ""

    @property
    def previous(self):
        return self.sections[self.number - 2]["thread"] if self.number > 1 else None

    @property
    def next(self):
        return self.sections[self.number]["thread"] if self.number < len(self.sections) else None

    def after_save(self):
        """Where "Save and continue" goes: the next section still needing work, or None."""
        return selectors.next_section_needing_work(self.sections, self.thread.code)

    @property
    def agency(self):
        return self.membership.agency if self.is_respondent else None

    def form(self, data=None, files=None) -> SectionForm:
        return SectionForm(data, files, **self.form_kwargs)

    def context(
        self, form: SectionForm, conflicts=(), *, restored=False, session_seconds=None
    ) -> dict:
        ids = [i.pk for i in self.indicators]
        evidence = Evidence.objects.filter(assessment=self.assessment, indicator_id__in=ids)
        if self.is_respondent:
            evidence = evidence.filter(agency=self.agency)
        warn = self.scorecard is not None and not self.scorecard["evidenced"]
        evidence = evidence.select_related("agency")
        levels = dict(self.form_kwargs["levels"])
        rows = []
        for row in form.rows():
            pk = row["indicator"].pk
            current = self.existing.get(pk)
            descriptors = self.descriptors.get(pk, {})
            rows.append(
                {
                    **row,
                    **level_radios(row["level"], levels, descriptors),
                    "note_id": row["note"].auto_id,
                    "note_name": row["note"].html_name,
                    "note_value": row["note"].value() or "",
                    "file_id": row["file"].auto_id,
                    "file_name": row["file"].html_name,
                    "revision_input": hidden_input(row["revision"]),
                    "agreement": self.moderation.get(pk),
                    "current": current,
                    "label": levels.get(current.level) if current else None,
                    "descriptor": descriptors.get(current.level) if current else None,
                    "evidence": [e for e in evidence if e.indicator_id == pk],
                    "not_rated": self.not_rated.get(pk, []),
                    "suggested": self.suggested.get(pk) if current is None else None,
                    "scorecard_warning": warn
                    and row["indicator"].code in EVIDENCED_INDICATORS
                    and str(row["level"].value() or "").isdigit()
                    and int(row["level"].value()) >= WORKING_LEVEL,
                }
            )
        return {
            "scorecard_panel": self.scorecard,
            "partnership": self.partnership,
            "assessment": self.assessment,
            "thread": self.thread,
            "page": self,
            "form": form,
            "rows": rows,
            "conflicts": list(conflicts),
            "can_edit": self.can_edit,
            "is_respondent": self.is_respondent,
            "is_coordinator": self.may_answer and not self.is_respondent,
            "agency": self.agency,
            "restored": restored,
            "session_seconds": session_seconds,
        }


def hidden_input(field) -> str:
    """The hidden field's ``<input>`` as its widget renders it (no value attribute when empty),
    without the widget's three templates per indicator."""
    value = field.value()
    if value is None or value == "":
        return format_html(
            '<input type="hidden" name="{}" id="{}">', field.html_name, field.auto_id
        )
    return format_html(
        '<input type="hidden" name="{}" value="{}" id="{}">', field.html_name, value, field.auto_id
    )


def level_radios(level, labels: dict[int, str], descriptors: dict[int, str]) -> dict:
    """The level field's radios as plain rows (one per descriptor, by level), worked out once
    here rather than by the template for every radio."""
    auto_id, value = level.auto_id, level.value()
    chosen = "" if value is None else str(value)
    return {
        "level_id": auto_id,
        "level_name": level.html_name,
        "dont_know": chosen == DONT_KNOW,
        "radios": [
            {
                "id": f"{auto_id}_{number}",
                "value": level_number,
                "label": f"{level_number} {labels.get(level_number, '')}",
                "hint": text,
                "checked": chosen == str(level_number),
            }
            for number, (level_number, text) in enumerate(descriptors.items(), 1)
        ],
    }


def section_page(user, partnership, assessment, code: str) -> SectionPage:
    membership = membership_of(user, partnership)
    is_respondent = membership is not None and membership.role == Membership.Role.RESPONDENT
    is_coordinator = user.has_perm("assessments.moderate", partnership)
    tasks = selectors.task_list(
        assessment,
        agency=membership.agency if is_respondent else None,
        is_coordinator=is_coordinator,
    )
    thread = next((s["thread"] for s in tasks["sections"] if s["thread"].code == code), None)
    if thread is None:
        raise Http404("No such section.")
    can_edit = assessment.is_editable and (is_respondent or is_coordinator)
    indicators = list(
        Indicator.objects.filter(version=assessment.version, thread__code=code)
        .select_related("thread")  # for the section's summary
        .order_by("order")
    )
    descriptors: dict[int, dict[int, str]] = {i.pk: {} for i in indicators}
    for indicator_id, level, text in (
        LevelDescriptor.objects.filter(indicator__in=indicators)
        .order_by("level__level")
        .values_list("indicator_id", "level__level", "descriptor")
    ):
        descriptors[indicator_id][level] = text
    ids = [i.pk for i in indicators]
    if is_respondent:
        existing_qs = AgencyRating.objects.filter(
            assessment=assessment, agency=membership.agency, indicator_id__in=ids
        )
    else:
        existing_qs = AgreedRating.objects.filter(assessment=assessment, indicator_id__in=ids)
    existing = {r.indicator_id: r for r in existing_qs.select_related("updated_by")}
    shows_agreement = not is_respondent and (assessment.moderation_open or not can_edit)
    moderation = agreement(assessment, ids) if shows_agreement else {}
    medians = {i: m["median"] for i, m in moderation.items() if m["median"] is not None}
    not_rated = {}
    if is_coordinator and can_edit and assessment.moderation_open:
        agencies = list(selectors.responding_agencies(partnership))
        for pk in ids:
            rated = {r.agency_id for r in moderation.get(pk, {}).get("ratings", [])}
            not_rated[pk] = [a for a in agencies if a.pk not in rated]
    panel = None
    if thread.code == SCORECARD_SECTION and is_coordinator and not is_respondent:
        panel = scorecard_panel(partnership)
    return SectionPage(
        partnership=partnership,
        assessment=assessment,
        thread=thread,
        membership=membership,
        is_respondent=is_respondent,
        may_answer=is_respondent or is_coordinator,
        can_edit=can_edit,
        indicators=indicators,
        descriptors=descriptors,
        existing=existing,
        moderation=moderation,
        sections=tasks["sections"],
        not_rated=not_rated,
        suggested=medians if is_coordinator and can_edit else {},
        form_kwargs={
            "indicators": indicators,
            "levels": level_scale(assessment.version),
            "existing": existing,
            "initial_levels": medians if is_coordinator and can_edit else None,
            "scorecard_codes": EVIDENCED_INDICATORS if panel and not panel["evidenced"] else (),
        },
        scorecard=panel,
    )
