"""The national library of credible practice (report 3.3 (ii), NR-3).

A partnership's coordinator writes an :class:`Example` and submits it; a national practice editor
endorses or returns it, publishes it and later archives it. Every move is a :class:`Transition`.
A published example can be made public: then anyone reads it without signing in.

``search`` is a PostgreSQL ``tsvector`` kept up to date by a trigger (migration 0002), so bulk
inserts and admin edits are indexed too; on SQLite the column stays empty and the library falls
back to a plain text match (see ``practice.selectors.search``).

An :class:`Adoption` records that a partnership put an example into its action plan (an
``assessments.Action``); the database refuses a second one for the same partnership and example.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from assessments.models import Action
from pages.uploads import stored_name
from partnerships.models import Partnership
from threads.models import Indicator, Thread

PRACTICE_EDITOR_GROUP = "practice editors"


class Example(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for endorsement"
        RETURNED = "returned", "Returned"
        ENDORSED = "endorsed", "Endorsed"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="practice_examples"
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="Two or three sentences: what a reader will learn.")
    problem = models.TextField("the problem", help_text="What was wrong, or missing, before.")
    what_was_done = models.TextField("what was done")
    by_whom = models.TextField("by whom", help_text="The agencies and people who did it.")
    cost = models.TextField("cost and resources", blank=True)
    impact = models.TextField(
        "evidence of impact",
        blank=True,
        help_text="What changed, and how you know: figures, before and after.",
    )
    lessons = models.TextField("what others should know", blank=True)
    contact = models.CharField(
        max_length=300, blank=True, help_text="Who to ask: a name, role and email or telephone."
    )
    recommendations = models.ManyToManyField(
        Thread, blank=True, related_name="practice_examples", verbose_name="recommendations"
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="practice_examples", verbose_name="indicators"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    is_public = models.BooleanField(
        "public", default=False, help_text="Anyone can read it, without signing in."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    search = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            GinIndex(fields=["search"], name="practice_example_search_gin"),
            models.Index(fields=["state", "-published_at"], name="practice_state_published"),
            # Lets the per-indicator counts of published examples (every gap's "3 examples")
            # check the state from the index alone instead of reading the wide rows.
            models.Index(fields=["state", "id"], name="practice_state_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(state="published"),
                name="practice_public_only_when_published",
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_at__isnull=False),
                name="practice_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practice:example", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)


class Transition(models.Model):
    """One move of an example (or a change of its public flag): who, when, why."""

    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=10, choices=Example.State.choices)
    to_state = models.CharField(max_length=10, choices=Example.State.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["example", "at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


def attachment_path(instance, filename: str) -> str:
    """A random name under the example's folder (see ``pages.uploads``)."""
    return stored_name(f"practice/{instance.example_id}", filename)


class Attachment(models.Model):
    """A file of an example; checked by content on upload, stored outside the web root and
    served only through ``practice.views.attachment_download``, which checks permission."""

    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["example", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class Adoption(models.Model):
    """A partnership took an example into its action plan, as ``action``."""

    example = models.ForeignKey(Example, on_delete=models.PROTECT, related_name="adoptions")
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="practice_adoptions"
    )
    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="adoption")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["example", "partnership"], name="practice_adopt_once_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partnership} adopted {self.example}"
