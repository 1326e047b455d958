"""Reads of partnerships, always starting from what the person may see."""

from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.http import Http404

from pagecache.stamps import SHARED, outer_partnership_name, token_subquery
from partnerships.models import Membership, Partnership, Tier


def stamp_annotations() -> dict:
    """The partnership's own stamp and the shared one, read with its row (see pagecache)."""
    return {
        "stamp": token_subquery(outer_partnership_name()),
        "shared_stamp": token_subquery(Value(SHARED)),
    }


def partnerships_visible_to(user) -> QuerySet[Partnership]:
    if not user.is_authenticated:
        return Partnership.objects.none()
    if user.is_superuser or user.has_perm("partnerships.view_national_overview"):
        return Partnership.objects.all()
    return Partnership.objects.filter(memberships__user=user)


def partnership_for(user, slug: str, permission: str = "partnerships.view_partnership"):
    """The partnership ``slug`` if ``user`` may see it, else 404 (never a hint it exists).

    Raises ``PermissionDenied`` when the person may see the partnership but not do ``permission``.
    """
    from django.core.exceptions import PermissionDenied

    partnership = (
        partnerships_visible_to(user)
        .filter(slug=slug)
        .annotate(
            your_role=Subquery(
                Membership.objects.filter(user=user.pk, partnership=OuterRef("pk")).values("role")[
                    :1
                ]
            ),
            **stamp_annotations(),
        )
        .first()
    )
    if partnership is not None:
        # The rules read the person's role from here instead of asking again.
        user.__dict__.setdefault("_partnership_roles", {})[partnership.pk] = partnership.your_role
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
