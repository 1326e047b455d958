"""Writes of the assessment workflow: start, save ratings, move between states, plan actions."""

import json
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from assessments import selectors
from assessments.models import (
    Action,
    AgencyRating,
    AgencyResponse,
    AgreedRating,
    Assessment,
    Cycle,
    Evidence,
    KeptForm,
    Reminder,
    Transition,
)
from assessments.results import store_result
from pages.text import clean_text
from pages.uploads import save_with_file
from partnerships.models import Membership, Partnership
from threads.models import CatalogueVersion, Indicator

State = Assessment.State

ALREADY_STARTED = "{partnership} already has an assessment for {cycle}."
NOT_EDITABLE = "This assessment is {state}: it can no longer be changed."
TRANSITION_NOT_ALLOWED = "You cannot move this assessment from {from_state} to {to_state}."
UNANSWERED = "Every indicator needs an agreed level before submitting: {count} still to answer."
COMMENT_REQUIRED = "Say why you are returning the assessment."
NO_CATALOGUE = "No catalogue version is published yet."
NOT_A_RESPONDENT = "Only a partner agency's respondent can mark its response complete."
MODERATION_STARTED = (
    "Moderation has started: your agency's response can no longer be marked as not complete."
)
SUGGESTION_TAKEN = "An action for {code} from this assessment is already in the plan."

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


def content_type_of(name: str) -> str:
    """A stored file's type, from its checked extension, never the browser's claim."""
    return EVIDENCE_CONTENT_TYPES.get(PurePath(name).suffix.lower(), "application/octet-stream")


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
        content_type=content_type_of(name),
        size=upload.size,
        uploaded_by=by,
    )
    save_with_file(evidence)
    return evidence


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


def display_name(user) -> str:
    """A person as emails and pages name them: full name, else username."""
    return user.get_full_name() or user.get_username()


def absolute_url(path: str) -> str:
    """``path`` on the site as people reach it (``DJANGO_SITE_URL``), for links in emails."""
    return f"{settings.SITE_URL}{path}"


def _emails_of(assessment: Assessment, role: str, *, agency=None) -> list[str]:
    members = assessment.partnership.memberships.filter(role=role, user__is_active=True)
    if agency is not None:
        members = members.filter(agency=agency)
    return list(members.exclude(user__email="").values_list("user__email", flat=True))


def _send_after_commit(*, subject: str, body: str, emails: list[str]) -> None:
    if not emails:
        return
    transaction.on_commit(
        lambda: send_mail(subject=subject, message=body, from_email=None, recipient_list=emails),
        robust=True,  # a mail server that is down must not turn a recorded change into an error
    )


def _tell(assessment: Assessment, role: str, *, by, comment: str) -> None:
    """Email the partnership's members in ``role`` what ``by`` just did (after the commit), with
    a link to the page where they act on it."""
    verb = VERBS[assessment.state]
    url = absolute_url(assessment.get_absolute_url())
    body = f"{display_name(by)} has {verb} the {assessment} assessment."
    if comment.strip():
        body += f"\n\nTheir comment:\n{comment.strip()}"
    if assessment.state == State.SUBMITTED:
        decide = reverse(
            "assessments:assessment_decide",
            kwargs={"slug": assessment.partnership.slug, "pk": assessment.pk},
        )
        body += f"\n\nRead it, then approve or return it:\n{absolute_url(decide)}"
    elif assessment.state == State.RETURNED:
        body += f"\n\nOpen the assessment to make the changes and submit it again:\n{url}"
    else:
        body += f"\n\nOpen the assessment:\n{url}"
    _send_after_commit(
        subject=f"Threads: {assessment} assessment {verb}",
        body=body,
        emails=_emails_of(assessment, role),
    )


@transaction.atomic
def response_complete(*, assessment: Assessment, membership: Membership, by) -> AgencyResponse:
    """A respondent marks their agency's response complete; the coordinator is emailed."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if membership.role != Membership.Role.RESPONDENT or (
        membership.partnership_id != assessment.partnership_id
    ):
        raise ValidationError(NOT_A_RESPONDENT)
    _check_editable(assessment)
    response, created = AgencyResponse.objects.get_or_create(
        assessment=assessment, agency=membership.agency, defaults={"completed_by": by}
    )
    if created:
        rated = AgencyRating.objects.filter(assessment=assessment, agency=membership.agency).count()
        total = assessment.version.indicators.count()
        _send_after_commit(
            subject=f"Threads: {membership.agency} has completed its response ({assessment})",
            body=f"{display_name(by)} has marked {membership.agency}'s response to the "
            f"{assessment} assessment complete: {rated} of {total} indicators rated.\n\n"
            f"See every agency's progress:\n{absolute_url(assessment.get_absolute_url())}",
            emails=_emails_of(assessment, Membership.Role.COORDINATOR),
        )
    return response


@transaction.atomic
def response_undo(*, assessment: Assessment, membership: Membership, by) -> None:
    """Take back "complete", until moderation opens."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if membership.role != Membership.Role.RESPONDENT or (
        membership.partnership_id != assessment.partnership_id
    ):
        raise ValidationError(NOT_A_RESPONDENT)
    _check_editable(assessment)
    if assessment.moderation_open:
        raise ValidationError(MODERATION_STARTED)
    AgencyResponse.objects.filter(assessment=assessment, agency=membership.agency).delete()


def action_create(*, partnership: Partnership, by, **fields) -> Action:
    if not by.has_perm("assessments.manage_actions", partnership):
        raise PermissionDenied
    _check_owner(fields.get("owner"), partnership.pk)
    return Action.objects.create(partnership=partnership, **fields)


def action_accept_suggestion(
    *, partnership: Partnership, assessment, suggestion: dict, by, owner, due_on
) -> Action:
    """Make the one action for a suggested gap of ``assessment``; a second accept (a double
    click, another tab) is refused by the database constraint and reported, never a duplicate."""
    if not by.has_perm("assessments.manage_actions", partnership):
        raise PermissionDenied
    _check_owner(owner, partnership.pk)
    try:
        with transaction.atomic():
            return Action.objects.create(
                partnership=partnership,
                assessment=assessment,
                title=suggestion["title"],
                recommendation=suggestion["recommendation"],
                indicator=suggestion["indicator"],
                owner=owner,
                due_on=due_on,
                status=Action.Status.PLANNED,
                from_suggestion=True,
            )
    except IntegrityError:
        raise ValidationError(SUGGESTION_TAKEN.format(code=suggestion["indicator"].code)) from None


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


KEEP_FOR = timedelta(days=1)
KEEP_MAX_BYTES = 200_000


def form_keep(*, path: str, data) -> str | None:
    """Keep a section form's typing (``data``, a QueryDict; files are not kept) that arrived
    after the session ended; the one-time key to get it back, or None if it is too big."""
    values = {k: data.getlist(k) for k in data if k != "csrfmiddlewaretoken"}
    if len(json.dumps(values)) > KEEP_MAX_BYTES:
        return None
    KeptForm.objects.filter(created_at__lt=timezone.now() - KEEP_FOR).delete()
    key = secrets.token_urlsafe(32)
    KeptForm.objects.create(key=key, path=path, data=values)
    return key


@transaction.atomic
def form_take(*, key: str, path: str):
    """The typing kept under ``key`` for the page at ``path`` (a QueryDict), once; else None."""
    kept = (
        KeptForm.objects.select_for_update()
        .filter(key=key, path=path, created_at__gte=timezone.now() - KEEP_FOR)
        .first()
    )
    if kept is None:
        return None
    kept.delete()
    data = QueryDict(mutable=True)
    for name, values in kept.data.items():
        data.setlist(name, [str(v) for v in values])
    return data


# --- Deadline reminders (manage.py send_reminders) -------------------------------------------

#: Reminder windows, days before the response deadline: the 7-day reminder goes out on any day
#: from 7 to 3 days before (so a missed daily run still sends it), the 2-day one from 2 to 0.
REMINDER_WINDOWS = ((7, 3), (2, 0))


@dataclass(frozen=True)
class PlannedReminder:
    assessment: Assessment
    user: object
    kind: str
    days_before: int
    subject: str
    body: str


def reminders_due(*, today) -> list[PlannedReminder]:
    """Every reminder that should go out ``today`` and has not been sent: respondents whose
    agency has not marked its response complete, and a summary for each coordinator. None once
    moderation is open: the partners' rating is over and the coordinator is agreeing levels."""
    planned = []
    assessments = (
        Assessment.objects.annotate(due=Coalesce("cycle__partner_deadline", "cycle__deadline"))
        .filter(
            state__in=[State.DRAFT, State.RETURNED],
            moderation_opened_at__isnull=True,
            due__gte=today,
            due__lte=today + timedelta(days=REMINDER_WINDOWS[0][0]),
        )
        .select_related("cycle", "partnership", "version")
    )
    for assessment in assessments:
        days_left = (assessment.due - today).days
        window = next((w for w, low in REMINDER_WINDOWS if low <= days_left <= w), None)
        if window is None:
            continue
        sent = set(
            Reminder.objects.filter(assessment=assessment, days_before=window).values_list(
                "user_id", "kind"
            )
        )
        planned += _respondent_reminders(assessment, window, days_left, sent)
        planned += _coordinator_summaries(assessment, window, days_left, sent)
    return planned


def _when(days_left: int, deadline) -> str:
    day = f"{deadline:%A} {deadline.day} {deadline:%B %Y}"
    if days_left == 0:
        return f"today, {day}"
    return f"in {days_left} day{'s' if days_left != 1 else ''}, on {day}"


def _respondent_reminders(assessment, window, days_left, sent) -> list[PlannedReminder]:
    complete = set(
        AgencyResponse.objects.filter(assessment=assessment).values_list("agency_id", flat=True)
    )
    total = assessment.version.indicators.count()
    rated = dict(
        AgencyRating.objects.filter(assessment=assessment)
        .values_list("agency_id")
        .annotate(n=Count("pk"))
        .values_list("agency_id", "n")
    )
    members = (
        assessment.partnership.memberships.filter(
            role=Membership.Role.RESPONDENT, user__is_active=True
        )
        .exclude(user__email="")
        .exclude(agency_id__in=complete)
        .select_related("user", "agency")
        .order_by("agency__name", "user__username")
    )
    url = absolute_url(assessment.get_absolute_url())
    out = []
    for member in members:
        if (member.user_id, Reminder.Kind.RESPONDENT) in sent:
            continue
        body = (
            f"Dear {display_name(member.user)},\n\n"
            f"{member.agency}'s response to the {assessment} assessment is due "
            f"{_when(days_left, assessment.due)}. So far it has rated "
            f"{rated.get(member.agency_id, 0)} of {total} indicators and is not marked "
            f"complete.\n\nAnswer the remaining sections and mark the response complete:\n{url}"
        )
        out.append(
            PlannedReminder(
                assessment=assessment,
                user=member.user,
                kind=Reminder.Kind.RESPONDENT,
                days_before=window,
                subject=f"Threads: {member.agency}'s response to {assessment} is due "
                f"{_when(days_left, assessment.due).split(',')[0]}",
                body=body,
            )
        )
    return out


def _coordinator_summaries(assessment, window, days_left, sent) -> list[PlannedReminder]:
    tracker = selectors.response_tracker(assessment)
    total = assessment.version.indicators.count()
    waiting = [row for row in tracker if row["complete"] is None]
    lines = [
        f"- {row['agency']}: {row['rated']} of {total} rated, "
        f"{'complete' if row['complete'] else 'not complete'}"
        for row in tracker
    ]
    coordinators = (
        assessment.partnership.memberships.filter(
            role=Membership.Role.COORDINATOR, user__is_active=True
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username")
    )
    out = []
    for member in coordinators:
        if (member.user_id, Reminder.Kind.SUMMARY) in sent:
            continue
        body = (
            f"Dear {display_name(member.user)},\n\n"
            f"Partner responses to the {assessment} assessment are due "
            f"{_when(days_left, assessment.due)}. "
            f"{len(tracker) - len(waiting)} of {len(tracker)} agencies have marked their "
            f"response complete.\n\n" + "\n".join(lines) + "\n\nThe response tracker:\n"
            f"{absolute_url(assessment.get_absolute_url())}"
        )
        out.append(
            PlannedReminder(
                assessment=assessment,
                user=member.user,
                kind=Reminder.Kind.SUMMARY,
                days_before=window,
                subject=f"Threads: {len(waiting)} partner response(s) to {assessment} still open",
                body=body,
            )
        )
    return out


def reminder_send(*, planned: PlannedReminder) -> bool:
    """Send one reminder and record it, together: False if it was already recorded (another
    run sent it). A mail error propagates and nothing is recorded, so the next run retries."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                assessment=planned.assessment,
                user=planned.user,
                kind=planned.kind,
                days_before=planned.days_before,
            )
            send_mail(
                subject=planned.subject,
                message=planned.body,
                from_email=None,
                recipient_list=[planned.user.email],
            )
    except IntegrityError:
        return False
    return True
