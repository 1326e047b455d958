"""What the site holds about one person, as plain data (the "download your data" file)."""

from auditlog.models import LogEntry
from django.utils import timezone

from assessments.models import AgencyRating, AgreedRating, Evidence, Transition
from partnerships.models import Invitation, Membership
from practice.models import Example
from scorecard.models import Actual


def _when(value):
    return value.isoformat() if value else None


def person_data(user) -> dict:
    """Every record that names ``user``: account, memberships, invitations, ratings they last
    changed, evidence they uploaded, decisions they took, scorecard figures they entered, practice
    examples they wrote and the audit trail of their changes."""
    memberships = Membership.objects.filter(user=user).select_related("partnership", "agency")
    ratings = []
    related = ("assessment__partnership", "assessment__cycle", "indicator")
    agency_ratings = AgencyRating.objects.filter(updated_by=user).select_related(*related, "agency")
    agreed = AgreedRating.objects.filter(updated_by=user).select_related(*related)
    for rating, rated_for in [(r, r.agency.name) for r in agency_ratings] + [
        (r, "agreed level") for r in agreed
    ]:
        ratings.append(
            {
                "partnership": rating.assessment.partnership.slug,
                "cycle": rating.assessment.cycle.name,
                "indicator": rating.indicator.code,
                "rated_for": rated_for,
                "level": rating.level,
                "note": rating.note,
                "updated_at": _when(rating.updated_at),
            }
        )
    return {
        "generated_at": _when(timezone.now()),
        "account": {
            "username": user.get_username(),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "is_active": user.is_active,
        },
        "memberships": [
            {
                "partnership": m.partnership.name,
                "slug": m.partnership.slug,
                "role": m.role,
                "agency": m.agency.name if m.agency else None,
                "since": _when(m.created_at),
            }
            for m in memberships
        ],
        "invitations": [
            {
                "partnership": i.membership.partnership.slug,
                "sent_at": _when(i.sent_at),
                "accepted_at": _when(i.accepted_at),
            }
            for i in Invitation.objects.filter(membership__user=user).select_related(
                "membership__partnership"
            )
        ],
        "ratings": ratings,
        "evidence": [
            {
                "partnership": e.assessment.partnership.slug,
                "cycle": e.assessment.cycle.name,
                "indicator": e.indicator.code,
                "name": e.name,
                "size": e.size,
                "uploaded_at": _when(e.uploaded_at),
            }
            for e in Evidence.objects.filter(uploaded_by=user).select_related(
                "assessment__partnership", "assessment__cycle", "indicator"
            )
        ],
        "decisions": [
            {
                "partnership": t.assessment.partnership.slug,
                "cycle": t.assessment.cycle.name,
                "from": t.from_state,
                "to": t.to_state,
                "at": _when(t.at),
                "comment": t.comment,
            }
            for t in Transition.objects.filter(by=user).select_related(
                "assessment__partnership", "assessment__cycle"
            )
        ],
        "scorecard_figures": [
            {
                "partnership": a.measure.partnership.slug,
                "measure": a.measure.code,
                "period": a.period.label,
                "value": str(a.value),
                "note": a.note,
                "entered_at": _when(a.entered_at),
            }
            for a in Actual.objects.filter(entered_by=user).select_related("measure__partnership")
        ],
        "practice_examples": [
            {
                "title": e.title,
                "partnership": e.partnership.slug,
                "state": e.state,
                "contact": e.contact,
            }
            for e in Example.objects.filter(created_by=user).select_related("partnership")
        ],
        "changes": [
            {
                "at": _when(entry.timestamp),
                "what": entry.content_type.model if entry.content_type_id else None,
                "object": entry.object_repr,
                "action": entry.get_action_display(),
                "changes": entry.changes_dict,
            }
            for entry in LogEntry.objects.filter(actor=user)
            .select_related("content_type")
            .order_by("timestamp")
        ],
    }
