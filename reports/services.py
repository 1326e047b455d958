"""Making a committee paper: the choices made for one meeting, with everything the paper shows
copied in, so that its page and PDF never change afterwards."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from assessments.models import Assessment
from partnerships import selectors as partnership_selectors
from reports.committee import paper_content, reference
from reports.models import CommitteePaper


@transaction.atomic
def committee_paper_make(
    *,
    assessment: Assessment,
    made_by,
    meeting: str,
    meeting_date: date,
    public_meeting: bool,
    name_agencies: bool,
    implications: str = "Nil.",
    dated: date | None = None,
) -> CommitteePaper:
    """A paper of ``assessment`` for one meeting. A paper for a closed meeting names agencies'
    own ratings; one for a public meeting only when the coordinator has said it may."""
    details = partnership_selectors.paper_details(assessment.partnership)
    return CommitteePaper.objects.create(
        assessment=assessment,
        meeting=meeting,
        meeting_date=meeting_date,
        public_meeting=public_meeting,
        name_agencies=name_agencies or not public_meeting,
        implications=implications.strip() or "Nil.",
        reference=reference(details, meeting_date, assessment.cycle.name),
        dated=dated or timezone.localdate(),
        made_by=made_by,
        details=details,
        content=paper_content(assessment),
    )
