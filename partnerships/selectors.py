"""Reads of partnerships, always starting from what the person may see."""

from django.db.models import QuerySet
from django.http import Http404

from pagecache.stamps import SHARED
from partnerships.models import Membership, Partnership, Tier

# The person's role in partnership ``p`` and the stamps that key its cached pages (see pagecache),
# as columns of the statement every partnership page runs first. Written out because the ORM's
# version cost three times as long to build as to run. Parameters: the user's id, SHARED.
PARTNERSHIP_EXTRAS = """
    (SELECT m.role FROM partnerships_membership m
        WHERE m.partnership_id = p.id AND m.user_id = %s) AS your_role,
    (SELECT s.token FROM pagecache_stamp s WHERE s.name = 'partnership:' || p.id) AS stamp,
    (SELECT s.token FROM pagecache_stamp s WHERE s.name = %s) AS shared_stamp
"""
PARTNERSHIP_FOR_SQL = (
    f"SELECT p.*, {PARTNERSHIP_EXTRAS} FROM partnerships_partnership p WHERE p.slug = %s"
)


def partnership_for(user, slug: str, permission: str = "partnerships.view_partnership"):
    """The partnership ``slug`` if ``user`` may see it, else 404 (never a hint it exists).

    Raises ``PermissionDenied`` when the person may see the partnership but not do ``permission``.
    """
    found = list(Partnership.objects.raw(PARTNERSHIP_FOR_SQL, [user.pk, SHARED, slug]))
    return admit(user, found[0] if found else None, permission)


def admit(user, partnership, permission: str = "partnerships.view_partnership"):
    """``partnership`` (read with ``PARTNERSHIP_EXTRAS``) if ``user`` may see it and do
    ``permission``: 404 if they may not see it, 403 if they may see it but not do that."""
    from django.core.exceptions import PermissionDenied

    from partnerships.rules import remember_role

    if partnership is not None:
        # The rules read the person's role from here instead of asking again.
        remember_role(user, partnership.pk, partnership.your_role)
    if partnership is None or not user.has_perm("partnerships.view_partnership", partnership):
        raise Http404("No such partnership.")
    if not user.has_perm(permission, partnership):
        raise PermissionDenied
    return partnership


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


def member_of(partnership: Partnership, pk: int) -> Membership:
    """A membership of ``partnership`` (404 for any other partnership's)."""
    membership = partnership.memberships.select_related("user", "agency").filter(pk=pk).first()
    if membership is None:
        raise Http404("No such member.")
    return membership


def invitee_for_link(uidb64: str, token: str):
    """The person an invitation link is for, while it is valid and still wanted: the token checks
    out and their invitation has not been accepted or withdrawn (membership removed)."""
    from django.contrib.auth import get_user_model
    from django.utils.encoding import force_str
    from django.utils.http import urlsafe_base64_decode

    from partnerships.models import Invitation
    from partnerships.tokens import invitation_token

    User = get_user_model()
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        return None
    if not invitation_token.check_token(user, token):
        return None
    pending = Invitation.objects.filter(membership__user=user, accepted_at__isnull=True)
    return user if pending.exists() else None
