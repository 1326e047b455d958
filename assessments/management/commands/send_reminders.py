"""Email the response-deadline reminders that are due today. Run it once a day (see README).

Respondents whose agency has not marked its response complete get a reminder 7 days and 2 days
before their cycle's response deadline, and each coordinator a summary of every agency's
progress. Each reminder is recorded when sent, so running the command again the same day (or
twice at once) never sends it twice; one whose mail could not be sent is not recorded and goes
out on the next run. ``--dry-run`` lists what would be sent and sends and records nothing.
Exit status 1 if any email could not be sent.
"""

import datetime
import sys

from django.core.management.base import BaseCommand
from django.utils import timezone

from assessments import services


class Command(BaseCommand):
    help = "Email respondents and coordinators the reminders due before response deadlines."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be sent; send nothing."
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="Act as if today were this date (YYYY-MM-DD), for testing.",
        )

    def handle(self, *args, dry_run: bool, today, **options):
        today = today or timezone.localdate()
        planned = services.reminders_due(today=today)
        sent = failed = 0
        for reminder in planned:
            line = (
                f"{reminder.kind} {reminder.days_before}-day reminder for "
                f"{reminder.assessment} to {services.display_name(reminder.user)} "
                f"<{reminder.user.email}>: {reminder.subject}"
            )
            if dry_run:
                self.stdout.write(f"would send {line}")
                continue
            try:
                if services.reminder_send(planned=reminder):
                    sent += 1
                    self.stdout.write(f"sent {line}")
            except Exception as error:  # noqa: BLE001 - any mail failure: report, go on
                failed += 1
                self.stderr.write(f"could not send {line}: {error}")
        verb = "would send" if dry_run else "sent"
        self.stdout.write(f"{verb} {len(planned) if dry_run else sent} reminder(s)")
        if failed:
            self.stderr.write(f"{failed} reminder(s) not sent; they will be tried on the next run")
            sys.exit(1)
