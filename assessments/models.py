"""Self-assessments: one per partnership per cycle, pinned to a catalogue version.

Each partner agency's respondent gives an :class:`AgencyRating` per indicator; the coordinator
sets the :class:`AgreedRating` that is scored. Every state change is a :class:`Transition`. On
approval the scoring result is stored on the assessment (``result``) exactly as scored, so later
catalogue edits never rewrite history.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, IntegerField, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from pages.uploads import stored_name
from partnerships.models import Agency, Partnership
from threads.models import CatalogueVersion, Indicator, Thread


class Cycle(models.Model):
    name = models.CharField(max_length=20, unique=True, help_text='For example "2000/01".')
    opens_on = models.DateField()
    closes_on = models.DateField()
    #: The date by which partnerships should have submitted; after it an assessment that is not
    #: submitted or approved is overdue on the national scrutiny page.
    deadline = models.DateField(
        "response deadline",
        null=True,
        blank=True,
        help_text="Partnerships not submitted by this date are overdue in the scrutiny year.",
    )
    #: The date by which partner agencies should have marked their own responses complete, so the
    #: coordinator has time to moderate before ``deadline``. ``send_reminders`` counts from it
    #: (from ``deadline`` when it is not set).
    partner_deadline = models.DateField(
        "partner agencies' deadline",
        null=True,
        blank=True,
        help_text="Partner agencies should have marked their responses complete by this date. "
        "manage.py send_reminders emails those who have not, 7 and 2 days before it (before "
        "the response deadline when this is empty).",
    )

    class Meta:
        ordering = ["opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="cycle_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def partners_due(self):
        """When partner agencies' responses are due: their own deadline, else the cycle's."""
        return self.partner_deadline or self.deadline


class Assessment(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for approval"
        RETURNED = "returned", "Returned"
        APPROVED = "approved", "Approved"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="assessments"
    )
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="assessments")
    version = models.ForeignKey(
        CatalogueVersion, on_delete=models.PROTECT, related_name="assessments"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    moderation_opened_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Stored at approval, exactly as scored (assessments.scoring.Result.to_dict()).
    result = models.JSONField(null=True, blank=True)
    stage_code = models.CharField(max_length=10, blank=True)
    stage_order = models.PositiveSmallIntegerField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["partnership_id", "-cycle__opens_on"]
        # The scrutiny year counts a cycle's assessments per state from this index alone.
        indexes = [models.Index(fields=["cycle", "state"], name="assessment_state_by_cycle")]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "cycle"], name="one_assessment_per_cycle"
            ),
            models.CheckConstraint(
                condition=~Q(state="approved") | Q(result__isnull=False),
                name="approved_has_result",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} {self.cycle}"

    def get_absolute_url(self) -> str:
        return reverse(
            "assessments:assessment", kwargs={"slug": self.partnership.slug, "pk": self.pk}
        )

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    @property
    def moderation_open(self) -> bool:
        return self.moderation_opened_at is not None


class Transition(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=10, choices=Assessment.State.choices)
    to_state = models.CharField(max_length=10, choices=Assessment.State.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["assessment_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class Rating(models.Model):
    """Shared fields of an agency's rating and the agreed rating.

    ``level`` is null for "Don't know" (counted as the minimum for placement and reported as an
    information gap). ``revision`` increases on every save, so a form opened on an older revision
    is recognised as stale.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        answer = "Don't know" if self.level is None else self.level
        return f"{self.indicator.code}: {answer}"

    @property
    def dont_know(self) -> bool:
        return self.level is None


class AgencyRating(Rating):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="agency_ratings"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="ratings")

    class Meta:
        ordering = ["indicator_id", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator", "agency"], name="one_rating_per_agency"
            ),
            models.CheckConstraint(condition=Q(level__lte=10), name="agency_level_range"),
        ]


class AgreedRating(Rating):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="agreed_ratings"
    )

    class Meta:
        ordering = ["indicator_id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="one_agreed_rating"),
            models.CheckConstraint(condition=Q(level__lte=10), name="agreed_level_range"),
        ]


def evidence_path(instance, filename: str) -> str:
    """A random name under the assessment's folder (see ``pages.uploads``)."""
    return stored_name(f"evidence/{instance.assessment_id}", filename)


class Evidence(models.Model):
    """A file backing a rating; served only through a view that checks permission."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT)
    file = models.FileField(upload_to=evidence_path)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["indicator_id", "uploaded_at"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.name


class Action(models.Model):
    """A step in the partnership's action plan, often suggested by a gap to the next stage."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="actions")
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    title = models.CharField("action", max_length=300)
    recommendation = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    due_on = models.DateField("due date", null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    created_at = models.DateTimeField(default=timezone.now)
    # Made by accepting a suggested action (a gap of ``assessment``): at most one per gap.
    from_suggestion = models.BooleanField(default=False)

    class Meta:
        ordering = ["partnership_id", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"],
                condition=Q(from_suggestion=True),
                name="one_action_per_suggestion",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        open_states = (self.Status.PLANNED, self.Status.IN_PROGRESS)
        return bool(
            self.due_on and self.status in open_states and self.due_on < timezone.localdate()
        )


class AgencyResponse(models.Model):
    """An agency's response to an assessment marked complete by its respondent.

    The row exists while the response is marked complete; undoing (allowed until moderation
    opens) deletes it.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="responses")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField(default=timezone.now)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["assessment", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "agency"], name="one_response_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency} complete for {self.assessment}"


class Reminder(models.Model):
    """A deadline reminder sent by ``send_reminders``: recorded so none is sent twice."""

    class Kind(models.TextChoices):
        RESPONDENT = "respondent", "Respondent reminder"
        SUMMARY = "summary", "Coordinator summary"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessment", "sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "user", "kind", "days_before"], name="one_reminder_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.days_before} days before, to {self.user}"


class KeptForm(models.Model):
    """What someone typed into a section form when the save arrived after their session ended.

    Kept against a one-time random key (carried in the sign-in link), given back once, on the
    same page, to the person who signs in; removed when used or after a day.
    """

    key = models.CharField(max_length=64, unique=True)
    path = models.CharField(max_length=300)
    data = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.path


#: The key local issues' stable codes (DESIGN.md): the national overview sorts by each score.
KEY_ISSUE_CODES = tuple(f"KLI-{n}" for n in range(1, 6))


def key_issue_score(code: str):
    """A snapshot's score for one key local issue as an integer, the expression the national
    overview sorts by and the one its indexes hold (they must be the same to be used)."""
    return Cast(KT(f"key_issue_scores__{code}"), IntegerField())


class ResultSnapshot(models.Model):
    """What the read pages show of an approved result, computed once at approval.

    An approved result never changes, so the dashboard, the committee paper and the national
    overview read this row instead of recomputing. It is also the national summary: one row per
    partnership per cycle, indexed for the overview's sorts. Written only by
    ``assessments.results.store_result``.
    """

    assessment = models.OneToOneField(
        Assessment, primary_key=True, on_delete=models.CASCADE, related_name="snapshot"
    )
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="snapshots")
    # Kept in step by a signal when a partnership is renamed (the overview sorts by it).
    partnership_name = models.CharField(max_length=200)
    stage_code = models.CharField(max_length=10)
    stage_order = models.PositiveSmallIntegerField()
    stage_name = models.CharField(max_length=200)
    #: {"KLI-1": 50, ...}: the national table's columns and the dashboard's trend.
    key_issue_scores = models.JSONField()
    #: labels, stages and partner agreement as the pages show them (``results.snapshot_data``).
    data = models.JSONField()
    #: The result's fixed HTML (where it stands, scores, partner agreement) rendered at approval,
    #: with the release's version (``assessments.result_pages``).
    fragments = models.JSONField(default=dict, blank=True)
    #: The committee paper as a PDF, made on first download and kept while ``pdf_key`` (a digest
    #: of the only thing that can still change it, the actions made from this assessment) holds.
    pdf = models.FileField(upload_to="papers/", blank=True)
    pdf_key = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["cycle_id", "partnership_name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "partnership"], name="one_snapshot_per_cycle")
        ]
        indexes = [
            models.Index(fields=["cycle", "partnership_name"], name="snapshot_by_name"),
            models.Index(
                fields=["cycle", "stage_order", "partnership_name"], name="snapshot_by_stage"
            ),
            models.Index(fields=["partnership", "cycle"], name="snapshot_history"),
            # One per key local issue: a cycle's page sorted by that score reads fifty entries.
            *[
                models.Index(
                    F("cycle"),
                    key_issue_score(code),
                    F("partnership_name"),
                    name=f"snapshot_by_{code.lower().replace('-', '_')}",
                )
                for code in KEY_ISSUE_CODES
            ],
        ]

    def __str__(self) -> str:
        return f"{self.partnership_name} {self.cycle_id}: {self.stage_code}"


class CycleSummary(models.Model):
    """The national aggregates of one cycle, recomputed at each approval in it, so the national
    overview reads one row whatever the number of partnerships."""

    cycle = models.OneToOneField(
        Cycle, primary_key=True, on_delete=models.CASCADE, related_name="summary"
    )
    #: The catalogue version most of the cycle's results were scored on.
    version = models.ForeignKey(CatalogueVersion, on_delete=models.PROTECT, related_name="+")
    assessed = models.PositiveIntegerField(default=0)
    #: [{"code", "name", "count"}] for every stage of ``version``.
    stage_counts = models.JSONField(default=list)
    #: [{"code", "title", "partnerships", "national": [{"code", "title"}]}], most blocking first.
    blocking = models.JSONField(default=list)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "cycle summaries"

    def __str__(self) -> str:
        return f"{self.cycle}: {self.assessed} approved"


class ResultGap(models.Model):
    """A recommendation addressing a gap to the next stage in an approved result (copied from
    ``Assessment.result`` for the national count of what blocks partnerships)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="gaps")
    recommendation = models.CharField(max_length=10)
    indicator = models.CharField(max_length=20)

    class Meta:
        ordering = ["assessment_id", "recommendation", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "recommendation", "indicator"], name="one_gap_row"
            )
        ]
        indexes = [models.Index(fields=["recommendation"])]

    def __str__(self) -> str:
        return f"{self.recommendation} ({self.indicator})"
