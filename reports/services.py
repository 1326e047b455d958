"""Writes of the reports app: committee papers made for a meeting (everything the paper shows
copied in, so that its page and PDF never change), and reminders to late partnerships."""

from datetime import date

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from assessments.models import Assessment, Cycle
from partnerships import selectors as partnership_selectors
from partnerships.models import Membership
from reports.committee import paper_content, reference
from reports.models import CommitteePaper, ScrutinyReminder
from reports.scrutiny import is_late, late_partnerships


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


NOT_LATE_YET = "The response deadline for {cycle} has not passed: nobody is late yet."
NO_DEADLINE = "{cycle} has no response deadline, so nobody is late."
REMINDER_SUBJECT = "Threads of Success {cycle}: your self-assessment is overdue"
REMINDER_BODY = (
    "The {cycle} self-assessment of {partnership} was due on {deadline:%d %B %Y} and has not "
    "been submitted yet.\n\nPlease sign in to Threads to complete and submit it.\n"
)


class ReminderRefused(Exception):
    pass


@transaction.atomic
def scrutiny_reminders_send(*, cycle: Cycle, by, today=None) -> list[ScrutinyReminder]:
    """Remind the coordinators of every partnership still owing the cycle's submission after its
    deadline; partnerships already reminded today are skipped (the unique constraint keeps that
    true when two readers press the button at once). Returns the reminders recorded now."""
    today = today or timezone.localdate()
    if cycle.deadline is None:
        raise ReminderRefused(NO_DEADLINE.format(cycle=cycle))
    if not is_late(cycle, today=today):
        raise ReminderRefused(NOT_LATE_YET.format(cycle=cycle))
    already = ScrutinyReminder.objects.filter(cycle=cycle, date=today).values("partnership_id")
    late = dict(
        late_partnerships(cycle).exclude(pk__in=already).order_by("name").values_list("pk", "name")
    )
    emails: dict[int, list[str]] = {}
    for partnership_id, email in Membership.objects.filter(
        partnership_id__in=list(late), role=Membership.Role.COORDINATOR, user__is_active=True
    ).values_list("partnership_id", "user__email"):
        if email:
            emails.setdefault(partnership_id, []).append(email)
    ScrutinyReminder.objects.bulk_create(
        [
            ScrutinyReminder(
                partnership_id=pk,
                cycle=cycle,
                date=today,
                sent_by=by,
                recipients=len(emails.get(pk, [])),
            )
            for pk in late
        ],
        ignore_conflicts=True,
    )
    # Only the rows this call wrote (a concurrent call may have taken some of them).
    recorded = list(
        ScrutinyReminder.objects.filter(
            cycle=cycle, date=today, partnership_id__in=list(late), sent_by=by
        ).select_related("partnership")
    )
    messages = [
        (
            REMINDER_SUBJECT.format(cycle=cycle),
            REMINDER_BODY.format(
                cycle=cycle, partnership=late[r.partnership_id], deadline=cycle.deadline
            ),
            settings.DEFAULT_FROM_EMAIL,
            emails[r.partnership_id],
        )
        for r in recorded
        if emails.get(r.partnership_id)
    ]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return recorded
