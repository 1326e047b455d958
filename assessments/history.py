"""The audit trail of one indicator in one assessment, read from django-auditlog's records.

Every save of an agency's rating, the agreed rating and an evidence file is recorded by
django-auditlog (registered in settings, ``AUDITLOG_INCLUDE_TRACKING_MODELS``) with who, when and
each changed field's value before and after. This module picks out one indicator's records and
words them for the page.
"""

from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from assessments.models import AgencyRating, AgreedRating, Evidence

#: field -> label shown; fields not listed (revision, timestamps, ids) are bookkeeping.
SHOWN_FIELDS = {
    "level": "Level",
    "note": "Reason / evidence note",
    "name": "File",
    "content_type": "Type",
    "size": "Size (bytes)",
}
ACTIONS = {
    LogEntry.Action.CREATE: "Created",
    LogEntry.Action.UPDATE: "Changed",
    LogEntry.Action.DELETE: "Deleted",
}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    at: object
    who: str
    what: str
    action: str
    changes: list[Change]


def _shown(value) -> str:
    if value in (None, "None", ""):
        return "–"
    return str(value)


def indicator_history(assessment, indicator) -> list[HistoryEntry]:
    """Newest first: every recorded change to this indicator's ratings and evidence."""
    agency_ratings = {
        str(pk): f"{name}'s rating"
        for pk, name in AgencyRating.objects.filter(
            assessment=assessment, indicator=indicator
        ).values_list("pk", "agency__name")
    }
    agreed = {
        str(pk): "Agreed level"
        for pk in AgreedRating.objects.filter(
            assessment=assessment, indicator=indicator
        ).values_list("pk", flat=True)
    }
    evidence = {
        str(pk): "Evidence file"
        for pk in Evidence.objects.filter(assessment=assessment, indicator=indicator).values_list(
            "pk", flat=True
        )
    }
    types = ContentType.objects.get_for_models(AgencyRating, AgreedRating, Evidence)
    targets = [
        (types[AgencyRating], agency_ratings),
        (types[AgreedRating], agreed),
        (types[Evidence], evidence),
    ]
    labels = {(ct.pk, pk): label for ct, objects in targets for pk, label in objects.items()}
    entries = []
    for ct, objects in targets:
        if not objects:
            continue
        for entry in LogEntry.objects.filter(content_type=ct, object_pk__in=list(objects)):
            entries.append(entry)
    entries.sort(key=lambda e: (e.timestamp, e.pk), reverse=True)
    actors = _actor_names(entries)
    out = []
    for entry in entries:
        changes = [
            Change(field=SHOWN_FIELDS[field], before=_shown(values[0]), after=_shown(values[1]))
            for field, values in (entry.changes_dict or {}).items()
            if field in SHOWN_FIELDS and len(values) == 2
        ]
        out.append(
            HistoryEntry(
                at=entry.timestamp,
                who=actors.get(entry.actor_id, "the system"),
                what=labels[(entry.content_type_id, entry.object_pk)],
                action=ACTIONS.get(entry.action, "Changed"),
                changes=changes,
            )
        )
    return out


def _actor_names(entries) -> dict:
    ids = {e.actor_id for e in entries if e.actor_id}
    users = get_user_model().objects.filter(pk__in=ids)
    return {
        u.pk: f"{u.get_full_name()} ({u.get_username()})" if u.get_full_name() else u.username
        for u in users
    }
