"""Committee papers: one assessment's findings put to a meeting, in the seed report's own form.

A paper is kept in ``reports`` because it is a report *of* an assessment for a partnership's
committee: it reads the assessment, its result and the partnership's paper details, while neither
``assessments`` nor ``partnerships`` need know that papers exist (dependencies point one way).
Everything a paper shows is copied into it when it is made (``content`` and ``details``), so its
page and its PDF never change afterwards, whatever happens to the assessment, the action plan or
the partnership's details; the PDF is therefore made once and kept (``pdf``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment


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
