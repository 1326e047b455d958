"""One section (local recommendation) of an assessment as one person sees it.

A respondent sees and answers for their own agency; the coordinator sees the agreed ratings, the
spread of the agencies' answers once moderation is open, and starts from their median.
"""

from dataclasses import dataclass, field

from django.http import Http404

from assessments.access import membership_of
from assessments.forms import SectionForm
from assessments.models import AgencyRating, AgreedRating, Evidence
from assessments.moderation import agreement
from partnerships.models import Membership
from scorecard.selectors import EVIDENCED_INDICATORS, WORKING_LEVEL, scorecard_panel
from threads.models import Thread

#: The section whose moderation shows the scorecard beside its indicators.
SCORECARD_SECTION = "LR-8"


def section_thread(assessment, code: str) -> Thread:
    thread = assessment.version.threads.filter(
        code=code, kind=Thread.Kind.LOCAL_RECOMMENDATION
    ).first()
    if thread is None:
        raise Http404("No such section.")
    return thread


@dataclass
class SectionPage:
    partnership: object
    assessment: object
    thread: Thread
    membership: Membership | None
    is_respondent: bool
    may_answer: bool  # answers this assessment while it is open (respondent or coordinator)
    can_edit: bool
    indicators: list = field(default_factory=list)
    existing: dict = field(default_factory=dict)
    moderation: dict = field(default_factory=dict)
    form_kwargs: dict = field(default_factory=dict)
    scorecard: dict | None = (
        None  # scorecard.selectors.scorecard_panel, for the coordinator on LR-8
    )

    @property
    def agency(self):
        return self.membership.agency if self.is_respondent else None

    def form(self, data=None, files=None) -> SectionForm:
        return SectionForm(data, files, **self.form_kwargs)

    def context(self, form: SectionForm, conflicts=()) -> dict:
        ids = [i.pk for i in self.indicators]
        evidence = Evidence.objects.filter(assessment=self.assessment, indicator_id__in=ids)
        if self.is_respondent:
            evidence = evidence.filter(agency=self.agency)
        warn = self.scorecard is not None and not self.scorecard["evidenced"]
        return {
            "scorecard_panel": self.scorecard,
            "partnership": self.partnership,
            "assessment": self.assessment,
            "thread": self.thread,
            "form": form,
            "rows": [
                {
                    **row,
                    "agreement": self.moderation.get(row["indicator"].pk),
                    "current": self.existing.get(row["indicator"].pk),
                    "evidence": [e for e in evidence if e.indicator_id == row["indicator"].pk],
                    "scorecard_warning": warn
                    and row["indicator"].code in EVIDENCED_INDICATORS
                    and str(row["level"].value() or "").isdigit()
                    and int(row["level"].value()) >= WORKING_LEVEL,
                }
                for row in form.rows()
            ],
            "conflicts": list(conflicts),
            "can_edit": self.can_edit,
            "is_respondent": self.is_respondent,
            "agency": self.agency,
        }


def section_page(user, partnership, assessment, code: str) -> SectionPage:
    thread = section_thread(assessment, code)
    membership = membership_of(user, partnership)
    is_respondent = membership is not None and membership.role == Membership.Role.RESPONDENT
    is_coordinator = user.has_perm("assessments.moderate", partnership)
    can_edit = assessment.is_editable and (is_respondent or is_coordinator)
    indicators = list(thread.indicators.order_by("order").prefetch_related("descriptors__level"))
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
        existing=existing,
        moderation=moderation,
        form_kwargs={
            "indicators": indicators,
            "levels": assessment.version.levels.order_by("level"),
            "existing": existing,
            "initial_levels": medians if is_coordinator else None,
            "scorecard_codes": EVIDENCED_INDICATORS if panel and not panel["evidenced"] else (),
        },
        scorecard=panel,
    )
