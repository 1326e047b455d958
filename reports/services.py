"""Writes of the reports app: reminders to the coordinators of late partnerships."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from assessments.models import Cycle
from partnerships.models import Membership
from reports.models import ScrutinyReminder
from reports.scrutiny import is_late, late_partnerships

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
