"""Partnerships, their partner agencies, the report's three tiers, and who belongs to them.

Roles live on :class:`Membership` (one per person per partnership). National readers and admins are
site-wide: a national reader is in the ``national`` group, an admin is a superuser.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

NATIONAL_GROUP = "national"


class Partnership(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    local_authority = models.CharField("local authority area", max_length=120)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:partnership", kwargs={"slug": self.slug})


class Agency(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        POLICE = "police", "Police"
        FIRE = "fire", "Fire and rescue"
        HEALTH = "health", "Health board"
        VOLUNTARY = "voluntary", "Voluntary sector"
        BUSINESS = "business", "Business"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="agencies")
    name = models.CharField(max_length=160)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["partnership_id", "name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="agency_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Tier(models.Model):
    """One of the report's three tiers: the strategic group, the forum, or a task group."""

    class Kind(models.TextChoices):
        STRATEGIC_GROUP = "strategic_group", "Strategic group"
        FORUM = "forum", "Forum"
        TASK_GROUP = "task_group", "Task group"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        AGREED = "agreed", "Agreed"
        MEETING = "meeting", "Meeting regularly"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="tiers")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=160)
    remit = models.TextField(blank=True)
    priority = models.CharField(
        max_length=200, blank=True, help_text="For a task group: the priority it delivers."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MEETING)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="tiers")

    class Meta:
        ordering = ["partnership_id", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="tier_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display().lower()})"


class Membership(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", "Coordinator"
        RESPONDENT = "respondent", "Respondent"
        APPROVER = "approver", "Approver"
        VIEWER = "viewer", "Viewer"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text="The agency this person speaks for. Required for a respondent.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["partnership_id", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership"], name="one_membership_each"),
            models.CheckConstraint(
                condition=~Q(role="respondent") | Q(agency__isnull=False),
                name="respondent_names_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} of {self.partnership}"

    def clean(self) -> None:
        if self.role == self.Role.RESPONDENT and self.agency_id is None:
            raise ValidationError(
                {"agency": "A respondent speaks for one of the partner agencies."}
            )
        if (
            self.agency_id
            and self.partnership_id
            and self.agency.partnership_id != self.partnership_id
        ):
            raise ValidationError({"agency": "Choose an agency of this partnership."})


class Invitation(models.Model):
    """A record of who invited whom; the one-time link itself is a signed token (see tokens.py)."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="invitation"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Invitation for {self.membership.user}"


class PaperDetails(models.Model):
    """Who a partnership's committee papers go to and come from, as the seed paper's heading,
    signature and background papers name them. Edited by the partnership's coordinator; each
    committee paper copies them when it is made, so a later edit never changes a paper."""

    partnership = models.OneToOneField(
        Partnership, primary_key=True, on_delete=models.CASCADE, related_name="paper_details"
    )
    body = models.CharField(
        "the body papers go to",
        max_length=160,
        help_text='The committee or forum, as in the heading: "East Ayrshire Community Safety '
        'Forum".',
    )
    members_term = models.CharField(
        "short name of the body",
        max_length=60,
        help_text='As in "To advise the Forum …" and "It is recommended that the Forum members …".',
    )
    report_by = models.CharField(
        "reporting officer's post",
        max_length=160,
        help_text='As in "Report by the Director of Community Services".',
    )
    signatory_name = models.CharField("signed by (name)", max_length=160)
    signatory_post = models.CharField("signed by (post)", max_length=160)
    contact_name = models.CharField(
        "contact officer (name)",
        max_length=160,
        help_text="The person who shows the background papers to anyone who asks.",
    )
    contact_post = models.CharField("contact officer (post)", max_length=160)
    telephone = models.CharField("contact officer's telephone", max_length=40)
    reference_prefix = models.CharField(
        "reference prefix",
        max_length=60,
        blank=True,
        help_text='The start of each paper\'s reference, such as "AJS/cs2"; the meeting and '
        "cycle are added.",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "committee paper details"
        verbose_name_plural = "committee paper details"

    def __str__(self) -> str:
        return f"Committee paper details of {self.partnership_id}"

    FIELDS = (
        "body",
        "members_term",
        "report_by",
        "signatory_name",
        "signatory_post",
        "contact_name",
        "contact_post",
        "telephone",
        "reference_prefix",
    )

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.FIELDS}

    @staticmethod
    def defaults(partnership: Partnership) -> dict[str, str]:
        """What a paper says before the coordinator has filled the details in."""
        return {
            "body": f"{partnership.name} Community Safety Forum",
            "members_term": "Forum",
            "report_by": "Community Safety Coordinator",
            "signatory_name": "",
            "signatory_post": "Community Safety Coordinator",
            "contact_name": "",
            "contact_post": "Community Safety Coordinator",
            "telephone": "",
            "reference_prefix": "",
        }
