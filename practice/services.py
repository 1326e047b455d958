"""Writes of the practice library: write, submit, review, publish, archive, adopt."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments import selectors as assessment_selectors
from assessments import services as assessment_services
from assessments.models import Action
from assessments.services import content_type_of, evidence_name
from pages.uploads import save_with_file
from partnerships.models import Membership
from practice import selectors
from practice.models import PRACTICE_EDITOR_GROUP, Adoption, Attachment, Example, Transition

State = Example.State

TRANSITION_NOT_ALLOWED = "You cannot move this example from {from_state} to {to_state}."
COMMENT_REQUIRED = "Say what needs to change before the example can be endorsed."
NOT_EDITABLE = "This example is {state}: it can no longer be changed."
PUBLIC_ONLY_WHEN_PUBLISHED = "Only a published example can be made public."
ALREADY_ADOPTED = "{partnership} already has this example in its action plan."
NOT_RELEVANT = "{code} is not an indicator {partnership} can still raise with this example."
NOT_PUBLISHED = "Only a published example can be used in an action plan."

#: (from, to) -> the permission needed on the example.
TRANSITIONS = {
    (State.DRAFT, State.SUBMITTED): "practice.submit_example",
    (State.RETURNED, State.SUBMITTED): "practice.submit_example",
    (State.SUBMITTED, State.ENDORSED): "practice.review_example",
    (State.SUBMITTED, State.RETURNED): "practice.review_example",
    (State.ENDORSED, State.RETURNED): "practice.review_example",
    (State.ENDORSED, State.PUBLISHED): "practice.review_example",
    (State.PUBLISHED, State.ARCHIVED): "practice.review_example",
}
TEXT_FIELDS = [
    "title",
    "summary",
    "problem",
    "what_was_done",
    "by_whom",
    "cost",
    "impact",
    "lessons",
    "contact",
]


def _record(example: Example, *, from_state: str, to_state: str, by, comment: str = "") -> None:
    Transition.objects.create(
        example=example, from_state=from_state, to_state=to_state, by=by, comment=comment.strip()
    )


@transaction.atomic
def example_create(
    *, partnership, by, recommendations=(), indicators=(), uploads=(), **fields
) -> Example:
    """A new draft written for ``partnership`` by one of its coordinators."""
    if not by.has_perm("practice.write_for", partnership):
        raise PermissionDenied
    example = Example.objects.create(
        partnership=partnership,
        created_by=by,
        **{key: value for key, value in fields.items() if key in TEXT_FIELDS},
    )
    example.recommendations.set(recommendations)
    example.indicators.set(indicators)
    _record(example, from_state=State.DRAFT, to_state=State.DRAFT, by=by, comment="Written")
    for upload in uploads:
        attachment_add(example=example, upload=upload, by=by)
    return example


@transaction.atomic
def example_update(
    *, example: Example, by, recommendations=None, indicators=None, uploads=(), **fields
) -> Example:
    example = Example.objects.select_for_update().get(pk=example.pk)
    if not by.has_perm("practice.edit_example", example):
        if example.is_editable:
            raise PermissionDenied
        raise ValidationError(NOT_EDITABLE.format(state=example.get_state_display().lower()))
    for key, value in fields.items():
        if key in TEXT_FIELDS:
            setattr(example, key, value)
    example.updated_at = timezone.now()
    example.save()
    if recommendations is not None:
        example.recommendations.set(recommendations)
    if indicators is not None:
        example.indicators.set(indicators)
    for upload in uploads:
        attachment_add(example=example, upload=upload, by=by)
    return example


ATTACHMENT_NAME_LENGTH = Attachment._meta.get_field("name").max_length


def attachment_add(*, example: Example, upload, by) -> Attachment:
    """Store a file already checked by ``assessments.forms.validate_evidence``."""
    if not example.is_editable:
        raise ValidationError(NOT_EDITABLE.format(state=example.get_state_display().lower()))
    name = evidence_name(upload.name or "", limit=ATTACHMENT_NAME_LENGTH)
    attachment = Attachment(
        example=example,
        file=upload,
        name=name,
        content_type=content_type_of(name),
        size=upload.size,
        uploaded_by=by,
    )
    save_with_file(attachment)
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, by) -> None:
    example = attachment.example
    if not by.has_perm("practice.edit_example", example):
        raise PermissionDenied
    attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def example_transition(*, example: Example, to_state: str, by, comment: str = "") -> Example:
    """Move ``example`` to ``to_state`` if ``by`` may; record who, when and why."""
    example = Example.objects.select_for_update().get(pk=example.pk)
    permission = TRANSITIONS.get((example.state, to_state))
    if permission is None or not by.has_perm(permission, example):
        raise ValidationError(
            TRANSITION_NOT_ALLOWED.format(
                from_state=example.get_state_display().lower(),
                to_state=State(to_state).label.lower() if to_state in State.values else to_state,
            )
        )
    if to_state == State.RETURNED and not comment.strip():
        raise ValidationError({"comment": COMMENT_REQUIRED})
    _record(example, from_state=example.state, to_state=to_state, by=by, comment=comment)
    example.state = to_state
    now = timezone.now()
    if to_state == State.PUBLISHED:
        example.published_at = now
    if to_state == State.ARCHIVED:
        example.is_public = False
    example.updated_at = now
    example.save()
    _tell(example, by=by, comment=comment)
    return example


def _tell(example: Example, *, by, comment: str) -> None:
    """After the commit, email the practice editors that an example waits for them, or the
    partnership's coordinators what an editor decided."""
    if example.state == State.SUBMITTED:
        people = get_user_model().objects.filter(groups__name=PRACTICE_EDITOR_GROUP, is_active=True)
    elif example.state in (State.RETURNED, State.PUBLISHED, State.ARCHIVED):
        people = get_user_model().objects.filter(
            memberships__partnership=example.partnership_id,
            memberships__role=Membership.Role.COORDINATOR,
        )
    else:
        return
    emails = list(people.exclude(email="").values_list("email", flat=True).distinct())
    if not emails:
        return
    verb = example.get_state_display().lower()
    body = (
        f"{by.get_full_name() or by.username}: “{example.title}” ({example.partnership.name}) "
        f"is now {verb}.\n\n{example.get_absolute_url()}"
    )
    if comment.strip():
        body += f"\n\nTheir comment:\n{comment.strip()}"
    transaction.on_commit(
        lambda: send_mail(
            subject=f"Threads credible practice: “{example.title}” {verb}",
            message=body,
            from_email=None,
            recipient_list=emails,
        ),
        robust=True,  # a mail server that is down must not undo a recorded decision
    )


@transaction.atomic
def example_set_public(*, example: Example, public: bool, by) -> Example:
    """Open a published example to visitors who have not signed in, or close it again."""
    example = Example.objects.select_for_update().get(pk=example.pk)
    if not by.has_perm("practice.review_example", example):
        raise PermissionDenied
    if public and example.state != State.PUBLISHED:
        raise ValidationError(PUBLIC_ONLY_WHEN_PUBLISHED)
    if example.is_public == public:
        return example
    example.is_public = public
    example.save(update_fields=["is_public"])
    _record(
        example,
        from_state=example.state,
        to_state=example.state,
        by=by,
        comment="Made public" if public else "No longer public",
    )
    return example


@transaction.atomic
def example_adopt(*, example: Example, partnership, indicator_code: str, by) -> Adoption:
    """Put ``example`` into ``partnership``'s action plan as an action on ``indicator_code``.

    Only a coordinator of the partnership (``assessments.manage_actions``), only a published
    example, only an indicator the example addresses and the partnership can still raise, and
    only once per partnership and example.
    """
    if not by.has_perm("assessments.manage_actions", partnership):
        raise PermissionDenied
    if example.state != State.PUBLISHED:
        raise ValidationError(NOT_PUBLISHED)
    already = ValidationError(ALREADY_ADOPTED.format(partnership=partnership))
    if Adoption.objects.filter(example=example, partnership=partnership).exists():
        raise already
    addressed = set(example.indicators.values_list("code", flat=True))
    relevant = {
        i.code: i
        for i in selectors.relevant_indicators(
            partnership, sorted(addressed & {indicator_code}), user=by
        )
    }
    indicator = relevant.get(indicator_code)
    if indicator is None:
        raise ValidationError(NOT_RELEVANT.format(code=indicator_code, partnership=partnership))
    latest = assessment_selectors.latest_assessment(partnership, user=by)
    action = assessment_services.action_create(
        partnership=partnership,
        by=by,
        assessment=latest if latest and latest.version_id == indicator.version_id else None,
        title=f"Learn from “{example.title}” ({example.partnership.name}) to raise "
        f"{indicator.code}"[:300],
        recommendation=indicator.thread,
        indicator=indicator,
        owner=None,
        due_on=None,
        status=Action.Status.PLANNED,
    )
    try:
        with transaction.atomic():
            return Adoption.objects.create(
                example=example, partnership=partnership, action=action, by=by
            )
    except IntegrityError:  # adopted by a second click or another coordinator meanwhile
        raise already from None
