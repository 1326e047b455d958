"""Reads of partnerships, always starting from what the person may see."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from partnerships.models import Invitation, Membership, PaperDetails, Partnership, Tier
from partnerships.tokens import invitation_token


def memberships_of(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("partnership", "agency")
        .order_by("partnership__name")
    )


def partnership_structure(partnership: Partnership) -> dict:
    tiers = partnership.tiers.prefetch_related("agencies").order_by("kind", "name")
    return {
        "tiers": {kind: [t for t in tiers if t.kind == kind] for kind in Tier.Kind.values},
        "agencies": partnership.agencies.order_by("kind", "name"),
        "members": partnership.memberships.select_related("user", "agency", "invitation").order_by(
            "role", "user__last_name", "user__username"
        ),
    }


def invitee_for_link(uidb64: str, token: str):
    """The person an invitation link is for, while it is valid and still wanted: the token checks
    out and their invitation has not been accepted or withdrawn (membership removed)."""
    User = get_user_model()
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        return None
    if not invitation_token.check_token(user, token):
        return None
    pending = Invitation.objects.filter(membership__user=user, accepted_at__isnull=True)
    return user if pending.exists() else None


def paper_details(partnership: Partnership) -> dict[str, str]:
    """The partnership's committee paper details, or the defaults until its coordinator has
    filled them in (one query)."""
    stored = PaperDetails.objects.filter(partnership=partnership).first()
    return stored.as_dict() if stored is not None else PaperDetails.defaults(partnership)
