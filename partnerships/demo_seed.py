"""Build the demo data (``manage.py seed_demo``): safe to run again, it never duplicates."""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from partnerships.demo_data import (
    EAST_AYRSHIRE_ACCOUNTS,
    HEALTH_BOARD_BEFORE_2001,
    PARTNERSHIPS,
    PASSWORD,
    RESPONDENT_KINDS,
    STANDARD_AGENCIES,
)
from partnerships.models import NATIONAL_GROUP, Agency, Membership, Partnership, Tier

User = get_user_model()


def _user(username: str, *, password_hash: str, first: str = "", last: str = "", **extra) -> User:
    user, _ = User.objects.get_or_create(username=username)
    user.first_name, user.last_name = first or user.first_name, last or user.last_name
    user.email = user.email or f"{username}@example.org"
    user.is_active = True
    for key, value in extra.items():
        setattr(user, key, value)
    user.password = password_hash
    user.save()
    return user


def _partnership(spec: dict) -> Partnership:
    partnership, _ = Partnership.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            "name": spec["name"],
            "local_authority": spec["area"],
            "description": spec["description"],
        },
    )
    for template, kind in [*STANDARD_AGENCIES, (HEALTH_BOARD_BEFORE_2001, "health")]:
        Agency.objects.get_or_create(
            partnership=partnership, name=template.format(**spec), defaults={"kind": kind}
        )
    return partnership


def _tiers(partnership: Partnership) -> None:
    """The three tiers as they stand at the end of the demo history (2004/05): every tier meets.

    East Ayrshire's strategic group was only agreed in 2000/01 (report 5.3) and its task groups
    were still to come; the assessments record that move from agreed to in place (LR-1.1 and
    LR-1.2 rise from 1), and the tiers show where it ended.
    """
    agencies = [a for a in partnership.agencies.all() if not a.name.endswith(" Health Board")]
    specs = [
        (
            Tier.Kind.STRATEGIC_GROUP,
            "Strategic group",
            "Sets strategic aims, targets and resources; finalises the community safety strategy.",
            "",
        ),
        (
            Tier.Kind.FORUM,
            "Community Safety Forum",
            "Brings partners together to share information and oversee delivery of the strategy.",
            "",
        ),
        (
            Tier.Kind.TASK_GROUP,
            "Safer homes task group",
            "Delivers the home safety priority.",
            "Home safety and accident prevention",
        ),
        (
            Tier.Kind.TASK_GROUP,
            "Youth disorder task group",
            "Delivers the youth disorder priority.",
            "Youth disorder and antisocial behaviour",
        ),
    ]
    for kind, name, remit, priority in specs:
        tier, _ = Tier.objects.update_or_create(
            partnership=partnership,
            name=name,
            defaults={
                "kind": kind,
                "remit": remit,
                "priority": priority,
                "status": Tier.Status.MEETING,
            },
        )
        tier.agencies.set(agencies if kind != Tier.Kind.TASK_GROUP else agencies[:3])


def _member(user, partnership, role, agency=None) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        user=user, partnership=partnership, defaults={"role": role, "agency": agency}
    )
    return membership


@transaction.atomic
def seed_partnerships() -> list[tuple[str, str]]:
    """Create or refresh the demo; return (username, description) of the accounts to print."""
    # One hash for every demo account (they share the demo password): hashing is the slow part.
    user = functools.partial(_user, password_hash=make_password(PASSWORD))
    user("admin", first="Catalogue", last="Admin", is_staff=True, is_superuser=True)
    national = user("national", first="Scottish", last="Executive")
    national.groups.add(Group.objects.get_or_create(name=NATIONAL_GROUP)[0])
    for spec in PARTNERSHIPS:
        partnership = _partnership(spec)
        east_ayrshire = spec["slug"] == "east-ayrshire"
        _tiers(partnership)
        agencies = {
            a.kind: a
            for a in partnership.agencies.exclude(name=HEALTH_BOARD_BEFORE_2001.format(**spec))
        }
        if east_ayrshire:
            for username, first, last, role, kind in EAST_AYRSHIRE_ACCOUNTS:
                _member(
                    user(username, first=first, last=last), partnership, role, agencies.get(kind)
                )
        else:
            _member(
                user(f"{spec['slug']}-officer"),
                partnership,
                Membership.Role.COORDINATOR,
                agencies["council"],
            )
        for kind in RESPONDENT_KINDS:
            if east_ayrshire and kind == "police":
                continue
            username = f"{spec['slug']}-{kind}"
            _member(user(username), partnership, Membership.Role.RESPONDENT, agencies[kind])
        if not east_ayrshire:
            _member(
                user(f"{spec['slug']}-chair"),
                partnership,
                Membership.Role.APPROVER,
                agencies["council"],
            )
    return [
        ("admin", "admin: edits the catalogue and manages partnerships in /admin/"),
        ("national", "national reader: every partnership's approved results"),
        ("officer", "East Ayrshire coordinator (community safety officer)"),
        ("police", "East Ayrshire respondent for Strathclyde Police"),
        ("chair", "East Ayrshire approver (chair of the strategic group)"),
        ("forum", "East Ayrshire viewer (forum member)"),
    ]
