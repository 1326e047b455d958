"""What the national scrutiny year records: the reminders sent to late partnerships."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from assessments.models import Cycle
from partnerships.models import Partnership


class ScrutinyReminder(models.Model):
    """A reminder sent to a partnership's coordinators that its assessment for a cycle is late.

    At most one per partnership per cycle per day (a database constraint), so pressing "send"
    twice, or two readers pressing it at once, never mails the same coordinators twice a day.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="scrutiny_reminders"
    )
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="scrutiny_reminders")
    date = models.DateField(default=timezone.localdate)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-date", "partnership"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "cycle", "date"], name="one_scrutiny_reminder_a_day"
            )
        ]
        indexes = [models.Index(fields=["cycle", "date"], name="reminder_by_cycle_day")]

    def __str__(self) -> str:
        return f"{self.partnership_id} {self.cycle_id} {self.date}"
