"""Writes of the assessment workflow: start, save ratings, move between states, plan actions."""

import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments import selectors
from assessments.models import (
    Action,
    AgencyRating,
    AgreedRating,
    Assessment,
    Cycle,
    Evidence,
    Transition,
)
from assessments.results import store_result
from pages.text import clean_text
from partnerships.models import Membership, Partnership
from threads.models import CatalogueVersion, Indicator

State = Assessment.State

ALREADY_STARTED = "{partnership} already has an assessment for {cycle}."
NOT_EDITABLE = "This assessment is {state}: it can no longer be changed."
TRANSITION_NOT_ALLOWED = "You cannot move this assessment from {from_state} to {to_state}."
UNANSWERED = "Every indicator needs an agreed level before submitting: {count} still to answer."
COMMENT_REQUIRED = "Say why you are returning the assessment."
NO_CATALOGUE = "No catalogue version is published yet."

#: (from, to) -> the permission needed (checked on the partnership).
TRANSITIONS = {
    (State.DRAFT, State.SUBMITTED): "assessments.moderate",
    (State.RETURNED, State.SUBMITTED): "assessments.moderate",
    (State.SUBMITTED, State.APPROVED): "assessments.approve",
    (State.SUBMITTED, State.RETURNED): "assessments.approve",
    (State.RETURNED, State.DRAFT): "assessments.moderate",
}


@dataclass(frozen=True)
class Answer:
    """One indicator's answer from a section form. ``level`` None means "Don't know"."""

    indicator: Indicator
    level: int | None
    note: str
    seen_revision: int  # the revision the form was opened on; 0 when there was no answer yet


@dataclass(frozen=True)
class Conflict:
    indicator: Indicator
    theirs: AgencyRating | AgreedRating
    yours: Answer


class StaleSave(Exception):
    """Someone saved the same indicators since the form was opened; nothing was written."""

    def __init__(self, conflicts: list[Conflict]):
        super().__init__(f"{len(conflicts)} indicator(s) changed by someone else")
        self.conflicts = conflicts


def assessment_start(*, partnership: Partnership, cycle: Cycle, by) -> Assessment:
    if not by.has_perm("assessments.moderate", partnership):
        raise PermissionDenied
    version = CatalogueVersion.objects.filter(is_current=True).first()
    if version is None:
        raise ValidationError(NO_CATALOGUE)
    already = ValidationError(ALREADY_STARTED.format(partnership=partnership, cycle=cycle))
    if Assessment.objects.filter(partnership=partnership, cycle=cycle).exists():
        raise already
    try:
        with transaction.atomic():
            return Assessment.objects.create(partnership=partnership, cycle=cycle, version=version)
    except IntegrityError:  # started by a second click or another coordinator meanwhile
        raise already from None


def _check_editable(assessment: Assessment) -> None:
    if not assessment.is_editable:
        raise ValidationError(not_editable_message(assessment))


def _save_answers(*, model, filters: dict, answers: list[Answer], by) -> int:
    """Write ``answers`` unless any is stale; return how many rows changed."""
    codes = [a.indicator.pk for a in answers]
    existing = {
        r.indicator_id: r
        for r in model.objects.select_for_update().filter(indicator_id__in=codes, **filters)
    }
    conflicts = []
    for answer in answers:
        current = existing.get(answer.indicator.pk)
        if current is None:
            continue
        unchanged = current.level == answer.level and current.note == answer.note
        if current.revision != answer.seen_revision and not unchanged:
            conflicts.append(Conflict(indicator=answer.indicator, theirs=current, yours=answer))
    if conflicts:
        raise StaleSave(conflicts)
    changed = 0
    now = timezone.now()
    for answer in answers:
        current = existing.get(answer.indicator.pk)
        if current is None:
            model.objects.create(
                indicator=answer.indicator,
                level=answer.level,
                note=answer.note,
                updated_by=by,
                updated_at=now,
                **filters,
            )
            changed += 1
        elif current.level != answer.level or current.note != answer.note:
            current.level, current.note = answer.level, answer.note
            current.revision += 1
            current.updated_by, current.updated_at = by, now
            current.save()
            changed += 1
    return changed


def _check_answers(assessment: Assessment, answers: list[Answer]) -> None:
    low, high = assessment.version.scale_bounds
    for answer in answers:
        if answer.indicator.version_id != assessment.version_id:
            raise ValidationError(f"{answer.indicator.code} is not part of this assessment.")
        if answer.level is not None and not low <= answer.level <= high:
            raise ValidationError(f"{answer.indicator.code}: choose a level from {low} to {high}.")


@transaction.atomic
def agency_ratings_save(*, assessment: Assessment, membership: Membership, answers, by) -> int:
    """A respondent's own agency's ratings for one section."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if membership.role != Membership.Role.RESPONDENT or membership.partnership_id != (
        assessment.partnership_id
    ):
        raise PermissionDenied
    _check_editable(assessment)
    _check_answers(assessment, answers)
    return _save_answers(
        model=AgencyRating,
        filters={"assessment": assessment, "agency": membership.agency},
        answers=answers,
        by=by,
    )


@transaction.atomic
def agreed_ratings_save(*, assessment: Assessment, answers, by) -> int:
    """The coordinator's agreed levels for one section."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not by.has_perm("assessments.moderate", assessment.partnership):
        raise PermissionDenied
    _check_editable(assessment)
    _check_answers(assessment, answers)
    return _save_answers(
        model=AgreedRating, filters={"assessment": assessment}, answers=answers, by=by
    )


@transaction.atomic
def section_save(*, assessment, membership, answers, uploads, by) -> int:
    """Save one section's answers and evidence files together; the number of answers changed.

    ``membership`` is the respondent's (their agency's own ratings), or None for the
    coordinator's agreed ratings. Nothing is written if any part is refused.
    """
    if membership is not None:
        changed = agency_ratings_save(
            assessment=assessment, membership=membership, answers=answers, by=by
        )
    else:
        changed = agreed_ratings_save(assessment=assessment, answers=answers, by=by)
    agency = membership.agency if membership is not None else None
    stored: list[Evidence] = []
    try:
        for indicator, upload in uploads:
            stored.append(
                evidence_add(
                    assessment=assessment, indicator=indicator, agency=agency, upload=upload, by=by
                )
            )
    except BaseException:  # the rows roll back with this transaction: so must their files
        for evidence in stored:
            evidence.file.storage.delete(evidence.file.name)
        raise
    return changed


def not_editable_message(assessment: Assessment) -> str:
    return NOT_EDITABLE.format(state=assessment.get_state_display().lower())


#: The content type recorded for each accepted extension. The browser's claim is not trusted
#: (it may be anything, of any length); the file's signature was checked by the form.
EVIDENCE_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
}
EVIDENCE_NAME_LENGTH = Evidence._meta.get_field("name").max_length


def evidence_name(name: str, *, limit: int = EVIDENCE_NAME_LENGTH) -> str:
    """The name shown for an uploaded file: its last path part, control characters removed,
    shortened to ``limit`` characters keeping the extension (``very-long….pdf``)."""
    name = clean_text(PurePath(name.replace("\\", "/")).name).replace("\n", " ").strip()
    name = unicodedata.normalize("NFC", name) or "evidence"
    if len(name) <= limit:
        return name
    suffix = PurePath(name).suffix
    suffix = suffix if 1 < len(suffix) <= 10 else ""
    return name[: limit - len(suffix) - 1].rstrip(". ") + "…" + suffix


def evidence_add(*, assessment, indicator, agency, upload, by) -> Evidence:
    """Store one evidence file and its row. If the row cannot be written, the file written for
    it is removed again: nothing is left on disk without its row."""
    _check_editable(assessment)
    name = evidence_name(upload.name or "")
    evidence = Evidence(
        assessment=assessment,
        indicator=indicator,
        agency=agency,
        file=upload,
        name=name,
        content_type=EVIDENCE_CONTENT_TYPES.get(
            PurePath(name).suffix.lower(), "application/octet-stream"
        ),
        size=upload.size,
        uploaded_by=by,
    )
    try:
        with transaction.atomic():
            evidence.save()
    except BaseException:
        _remove_file(evidence)
        raise
    return evidence


def _remove_file(evidence: Evidence) -> None:
    """Delete the file written for ``evidence`` (FieldFile marks it committed once stored)."""
    if evidence.file.name and evidence.file._committed:
        evidence.file.storage.delete(evidence.file.name)


@transaction.atomic
def moderation_open(*, assessment: Assessment, by) -> Assessment:
    if not by.has_perm("assessments.moderate", assessment.partnership):
        raise PermissionDenied
    _check_editable(assessment)
    if assessment.moderation_opened_at is None:
        assessment.moderation_opened_at = timezone.now()
        assessment.save(update_fields=["moderation_opened_at"])
    return assessment


@transaction.atomic
def assessment_transition(
    *, assessment: Assessment, to_state: str, by, comment: str = ""
) -> Assessment:
    """Move the assessment to ``to_state`` if ``by`` may; record who, when and why."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    permission = TRANSITIONS.get((assessment.state, to_state))
    if permission is None or not by.has_perm(permission, assessment.partnership):
        raise ValidationError(
            TRANSITION_NOT_ALLOWED.format(
                from_state=assessment.get_state_display().lower(),
                to_state=State(to_state).label.lower() if to_state in State.values else to_state,
            )
        )
    if to_state == State.SUBMITTED:
        missing = selectors.unanswered_indicators(assessment)
        if missing:
            raise ValidationError(UNANSWERED.format(count=len(missing)))
    if to_state == State.RETURNED and not comment.strip():
        raise ValidationError({"comment": COMMENT_REQUIRED})
    if to_state == State.APPROVED:
        approved_result = selectors.assessment_result(assessment).to_dict()
        assessment.approved_at = timezone.now()
    Transition.objects.create(
        assessment=assessment,
        from_state=assessment.state,
        to_state=to_state,
        by=by,
        comment=comment.strip(),
    )
    assessment.state = to_state
    if to_state == State.APPROVED:
        store_result(assessment, approved_result)
    else:
        assessment.save()
    if to_state in (State.APPROVED, State.RETURNED):
        _tell(assessment, Membership.Role.COORDINATOR, by=by, comment=comment)
    elif to_state == State.SUBMITTED:
        _tell(assessment, Membership.Role.APPROVER, by=by, comment=comment)
    return assessment


VERBS = {State.APPROVED: "approved", State.RETURNED: "returned", State.SUBMITTED: "submitted"}


def _tell(assessment: Assessment, role: str, *, by, comment: str) -> None:
    """Email the partnership's members in ``role`` what ``by`` just did (after the commit)."""
    emails = list(
        assessment.partnership.memberships.filter(role=role)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if not emails:
        return
    verb = VERBS[assessment.state]
    body = f"{by.get_full_name() or by.username} has {verb} the {assessment} assessment."
    if comment.strip():
        body += f"\n\nTheir comment:\n{comment.strip()}"
    transaction.on_commit(
        lambda: send_mail(
            subject=f"Threads: {assessment} assessment {verb}",
            message=body,
            from_email=None,
            recipient_list=emails,
        ),
        robust=True,  # a mail server that is down must not turn a recorded decision into an error
    )


def action_create(*, partnership: Partnership, by, **fields) -> Action:
    if not by.has_perm("assessments.manage_actions", partnership):
        raise PermissionDenied
    _check_owner(fields.get("owner"), partnership.pk)
    return Action.objects.create(partnership=partnership, **fields)


def _check_owner(owner, partnership_id: int) -> None:
    if owner is not None and owner.partnership_id != partnership_id:
        raise ValidationError({"owner": "Choose an agency of this partnership."})


def action_update(*, action: Action, by, **fields) -> Action:
    if not by.has_perm("assessments.manage_actions", action.partnership):
        raise PermissionDenied
    _check_owner(fields.get("owner"), action.partnership_id)
    for key, value in fields.items():
        setattr(action, key, value)
    action.save()
    return action
