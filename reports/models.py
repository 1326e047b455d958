"""What the reports app records: committee papers made for meetings, and the reminders the
national scrutiny year sends to late partnerships."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, Cycle
from partnerships.models import Partnership


class CommitteePaper(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="committee_papers"
    )
    meeting = models.CharField("meeting", max_length=160)
    meeting_date = models.DateField("date of the meeting")
    public_meeting = models.BooleanField("for a meeting open to the public", default=False)
    name_agencies = models.BooleanField("single agencies' own ratings may be named", default=False)
    implications = models.TextField("financial, legal and policy implications", default="Nil.")
    reference = models.CharField(max_length=200)
    dated = models.DateField("date of the paper")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)
    #: The partnership's paper details as they were when the paper was made.
    details = models.JSONField()
    #: What the paper shows, as plain data (``reports.committee.paper_content``).
    content = models.JSONField()
    #: The PDF, made on the first download and kept: nothing it shows can change.
    pdf = models.FileField(upload_to="papers/committee/", blank=True)

    class Meta:
        ordering = ["assessment", "-made_at", "-pk"]
        constraints = [
            # Naming single agencies is a choice only for a public meeting; a paper for a
            # closed meeting names them always.
            models.CheckConstraint(
                condition=Q(public_meeting=True) | Q(name_agencies=True),
                name="closed_meeting_papers_name_agencies",
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.meeting_date:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse(
            "reports:paper",
            kwargs={
                "slug": self.assessment.partnership.slug,
                "pk": self.assessment_id,
                "paper": self.pk,
            },
        )


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
