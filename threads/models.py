"""The Threads of Success catalogue: what partnerships assess themselves against.

A :class:`CatalogueVersion` owns everything else: its level scale, its stages and their
requirements, its threads (key local issues, local recommendations, key national issues and national
recommendations) and the indicators under the local recommendations, each with one descriptor per
level. Codes are unique within a version, so a new version can reuse them and assessments made with
an older version keep pointing at the rows they were scored against.

Once a version is published or pinned by an assessment its *structure* is locked (see
``threads.signals``): wording may be corrected in place, but adding or removing threads, indicators,
levels or stages, or changing a code, needs a copy as a new draft version.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from assessments import scoring


class CatalogueVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    name = models.CharField(max_length=120, default="Threads of Success")
    version = models.CharField(max_length=20, help_text="A label such as 1.0 or 2001.1")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    is_current = models.BooleanField(
        default=False, help_text="The version new assessments are made with. Set by publishing."
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    reading = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="What pages read of a published version (its scoring input and labels), stored "
        "at publication and again when its wording is corrected. Empty for a draft.",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="catalogue_version_unique"),
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_catalogue"
            ),
            models.CheckConstraint(
                condition=Q(is_current=False) | Q(status="published"),
                name="current_catalogue_is_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version} ({self.get_status_display().lower()})"

    @property
    def is_in_use(self) -> bool:
        """True when an assessment pins this version (assessments app adds the relation)."""
        related = getattr(self, "assessments", None)
        return bool(related is not None and related.exists())

    @property
    def structure_locked(self) -> bool:
        return self.status != self.Status.DRAFT or self.is_in_use

    @property
    def scale_bounds(self) -> tuple[int, int]:
        return scoring.scale_bounds(level.level for level in self.levels.all())


class Level(models.Model):
    """One step of the version's rating scale, e.g. 2 "In place"."""

    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=60)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["version_id", "level"]
        constraints = [
            models.UniqueConstraint(fields=["version", "level"], name="level_unique_in_version"),
            models.CheckConstraint(condition=Q(level__lte=10), name="level_at_most_ten"),
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.label}"


class Stage(models.Model):
    """A stage of the development path, S1 "struggling into existence" first."""

    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="stages")
    code = models.CharField(max_length=10)
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["version_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="stage_code_unique"),
            models.UniqueConstraint(fields=["version", "order"], name="stage_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class StageRequirement(models.Model):
    """What a partnership must show to reach a stage.

    ``target`` is a thread code (the minimum is a score 0-100) or an indicator code (the minimum is
    a level of the scale). A stage is reached when its requirements and those of every stage below
    it are met; see ``assessments.scoring``.
    """

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="requirements")
    target = models.CharField(
        max_length=20, help_text="A key issue, recommendation or indicator code"
    )
    minimum = models.PositiveSmallIntegerField(
        help_text="A score 0-100, or a level for an indicator"
    )
    order = models.PositiveSmallIntegerField(default=0)
    reason = models.TextField(
        blank=True,
        help_text="Why the stage needs this, in the report's words (shown in the 'why' lists). "
        "Wording: it can be corrected in a published version.",
    )

    class Meta:
        ordering = ["stage_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "target"], name="requirement_target_unique"),
            models.CheckConstraint(condition=Q(minimum__lte=100), name="requirement_minimum_range"),
        ]

    def __str__(self) -> str:
        return f"{self.target} ≥ {self.minimum}"

    def clean(self) -> None:
        if not self.stage_id:
            return
        version = self.stage.version
        if version.indicators.filter(code=self.target).exists():
            low, high = version.scale_bounds
            if not low <= self.minimum <= high:
                raise ValidationError(
                    {"minimum": f"An indicator's minimum is a level {low}-{high}."}
                )
        elif not version.threads.filter(
            code=self.target, kind__in=["key_local_issue", "local_recommendation"]
        ).exists():
            raise ValidationError(
                {"target": "Name a key local issue, local recommendation or indicator code."}
            )


class Thread(models.Model):
    class Kind(models.TextChoices):
        KEY_LOCAL_ISSUE = "key_local_issue", "Key local issue"
        LOCAL_RECOMMENDATION = "local_recommendation", "Local recommendation"
        KEY_NATIONAL_ISSUE = "key_national_issue", "Key national issue"
        NATIONAL_RECOMMENDATION = "national_recommendation", "National recommendation"

    #: the kind a thread's parent must have; kinds not listed have no parent.
    PARENT_KIND = {
        Kind.LOCAL_RECOMMENDATION: Kind.KEY_LOCAL_ISSUE,
        Kind.NATIONAL_RECOMMENDATION: Kind.KEY_NATIONAL_ISSUE,
    }
    KIND_ORDER = [
        Kind.KEY_LOCAL_ISSUE,
        Kind.LOCAL_RECOMMENDATION,
        Kind.KEY_NATIONAL_ISSUE,
        Kind.NATIONAL_RECOMMENDATION,
    ]

    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="threads")
    code = models.CharField(max_length=10)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.RESTRICT, related_name="children"
    )
    supports = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="supported_by",
        help_text="For a national recommendation: the local recommendations it supports.",
    )
    support_reasons = models.JSONField(
        default=dict,
        blank=True,
        help_text="For a national recommendation: why it supports each local recommendation, "
        'e.g. {"LR-8": "shared information also feeds evaluation"}.',
    )

    class Meta:
        ordering = ["version_id", "kind", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="thread_code_unique"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "key_local_issue",
                        "local_recommendation",
                        "key_national_issue",
                        "national_recommendation",
                    ]
                ),
                name="thread_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("threads:thread", kwargs={"code": self.code})

    def clean(self) -> None:
        wanted = self.PARENT_KIND.get(self.kind)
        if wanted and (self.parent is None or self.parent.kind != wanted):
            raise ValidationError(
                {
                    "parent": f"A {self.get_kind_display().lower()} needs a "
                    f"parent of kind {wanted.label.lower()}."
                }
            )
        if not wanted and self.parent is not None:
            raise ValidationError({"parent": "This kind of thread has no parent."})
        if self.parent is not None and self.parent.version_id != self.version_id:
            raise ValidationError({"parent": "The parent must be in the same catalogue version."})


class Indicator(models.Model):
    """An observable statement a partnership rates itself against, e.g. LR-4.2."""

    version = models.ForeignKey(
        CatalogueVersion, on_delete=models.CASCADE, related_name="indicators"
    )
    thread = models.ForeignKey(Thread, on_delete=models.RESTRICT, related_name="indicators")
    code = models.CharField(max_length=20)
    statement = models.TextField()
    guidance = models.TextField(blank=True)
    evidence_examples = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    recommendations = models.ManyToManyField(
        Thread,
        blank=True,
        related_name="addressed_indicators",
        help_text="The local recommendations that address this indicator.",
    )

    class Meta:
        ordering = ["version_id", "thread__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="indicator_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.statement[:60]}"

    def clean(self) -> None:
        if self.thread_id is None:
            return
        if self.thread.kind != Thread.Kind.LOCAL_RECOMMENDATION:
            raise ValidationError({"thread": "Indicators belong to a local recommendation."})
        if self.version_id and self.thread.version_id != self.version_id:
            raise ValidationError({"thread": "The thread must be in the same catalogue version."})


class LevelDescriptor(models.Model):
    """What an indicator looks like at one level of the scale.

    Points at a :class:`Level` row, so the database itself keeps descriptors inside the scale.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="descriptors")
    level = models.ForeignKey(Level, on_delete=models.RESTRICT, related_name="descriptors")
    descriptor = models.TextField()

    class Meta:
        ordering = ["indicator_id", "level__level"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "level"], name="descriptor_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} @ {self.level.level}"

    def clean(self) -> None:
        if (
            self.level_id
            and self.indicator_id
            and self.level.version_id != self.indicator.version_id
        ):
            raise ValidationError({"level": "Choose a level of this catalogue version's scale."})
