"""Who may do what: every permission of the site, defined once.

Partnership roles come from the membership row; ``national`` and admin are site-wide. Views call
``request.user.has_perm(name, obj)`` (or the guards in ``partnerships.selectors`` and
``assessments.access``); templates use
``{% has_perm %}`` so they only show actions a person may take.
"""

import rules

from partnerships.models import NATIONAL_GROUP, Membership

Role = Membership.Role


def _role_in(user, partnership) -> str | None:
    if not user.is_authenticated or partnership is None:
        return None
    cache = user.__dict__.setdefault("_partnership_roles", {})
    if partnership.pk not in cache:
        cache[partnership.pk] = (
            Membership.objects.filter(user=user, partnership=partnership)
            .values_list("role", flat=True)
            .first()
        )
    return cache[partnership.pk]


def remember_role(user, partnership_pk: int, role: str | None) -> None:
    """Record a role already read (with the partnership's row), so the rules need not ask."""
    roles = getattr(user, "_partnership_roles", None)
    if roles is None:
        roles = {}
        user._partnership_roles = roles  # through a lazy request.user to the person itself
    roles[partnership_pk] = role


def forget_role(user, partnership_pk: int) -> None:
    """After the person's own membership changed in this request: ask again next time."""
    roles = getattr(user, "_partnership_roles", None)
    if roles is not None:
        roles.pop(partnership_pk, None)


def has_role(*roles: str):
    @rules.predicate(name=f"has_role({','.join(roles)})")
    def predicate(user, partnership) -> bool:
        return _role_in(user, partnership) in roles

    return predicate


is_member = has_role(*Role.values)
is_coordinator = has_role(Role.COORDINATOR)
is_respondent = has_role(Role.RESPONDENT)
is_approver = has_role(Role.APPROVER)
is_admin = rules.is_superuser


@rules.predicate
def is_national(user) -> bool:
    """In the national group; read with the person when they sign in a request (see
    ``config.auth_backends``), else asked once and kept on the object."""
    if not user.is_authenticated:
        return False
    flag = getattr(user, "in_national_group", None)
    if flag is None:
        flag = user.groups.filter(name=NATIONAL_GROUP).exists()
        user.in_national_group = flag
    return flag


rules.add_perm("partnerships.view_partnership", is_member | is_national | is_admin)
rules.add_perm("partnerships.manage_partnership", is_coordinator | is_admin)
rules.add_perm("partnerships.view_national_overview", is_national | is_admin)
