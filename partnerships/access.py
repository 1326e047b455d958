"""Guards: fetch a partnership or one of its members only through what the person may see.

Every partnership page calls :func:`partnership_for` first. Another partnership's pages answer
404, never a hint that they exist; a member lacking the permission asked for gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404

from partnerships.models import Membership, Partnership
from partnerships.rules import remember_role


def with_role_of(user, partnerships=None):
    """``partnerships`` annotated with ``your_role``: the person's role in each (or None)."""
    queryset = Partnership.objects.all() if partnerships is None else partnerships
    role = Membership.objects.filter(partnership=OuterRef("pk"), user_id=user.pk).values("role")
    return queryset.annotate(your_role=Subquery(role[:1]))


def admit(user, partnership, permission: str = "partnerships.view_partnership"):
    """``partnership`` (annotated by :func:`with_role_of`) if ``user`` may see it and do
    ``permission``: 404 if they may not see it, 403 if they may see it but not do that."""
    if partnership is not None:
        # The rules read the person's role from here instead of asking again.
        remember_role(user, partnership.pk, partnership.your_role)
    if partnership is None or not user.has_perm("partnerships.view_partnership", partnership):
        raise Http404("No such partnership.")
    if not user.has_perm(permission, partnership):
        raise PermissionDenied
    return partnership


def partnership_for(user, slug: str, permission: str = "partnerships.view_partnership"):
    """The partnership ``slug`` if ``user`` may see it (404 otherwise) and do ``permission``
    (403 otherwise); one query."""
    return admit(user, with_role_of(user).filter(slug=slug).first(), permission)


def member_of(partnership: Partnership, pk: int) -> Membership:
    """A membership of ``partnership`` (404 for any other partnership's)."""
    membership = partnership.memberships.select_related("user", "agency").filter(pk=pk).first()
    if membership is None:
        raise Http404("No such member.")
    return membership


def require(user, permission: str, partnership) -> None:
    """403 unless ``user`` may do ``permission`` in ``partnership``."""
    if not user.has_perm(permission, partnership):
        raise PermissionDenied
