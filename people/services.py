"""Anonymising a person who has left: their name and email go, their work stays.

Ratings stay with the agency they were given for, evidence and decisions stay with the
assessment, and the audit trail keeps pointing at the same (now anonymous) account, so "who
changed this" still tells apart the changes of different people without naming anyone.
"""

import hashlib
import hmac
import uuid
from datetime import timedelta

from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from partnerships.services import membership_remove
from people.models import PasswordResetRequest

User = get_user_model()

ANONYMOUS_PREFIX = "former-"
NOT_YOURSELF = "You cannot anonymise your own account."
ALREADY_ANONYMOUS = "{username} is already anonymised."


def is_anonymised(user) -> bool:
    return user.get_username().startswith(ANONYMOUS_PREFIX) and not user.email


@transaction.atomic
def person_anonymise(*, user, by) -> str:
    """Replace ``user``'s name and email with an anonymous id, sign them out for good and take
    them out of every partnership; return the anonymous id. Refused (nothing changed) when they
    are a partnership's only coordinator."""
    if user.pk == by.pk:
        raise ValidationError(NOT_YOURSELF)
    user = User.objects.select_for_update().get(pk=user.pk)
    if is_anonymised(user):
        raise ValidationError(ALREADY_ANONYMOUS.format(username=user.get_username()))
    old_username = user.get_username()
    anonymous_id = f"{ANONYMOUS_PREFIX}{uuid.uuid4().hex[:12]}"
    user.username = anonymous_id
    user.first_name, user.last_name, user.email = "Former", "member", ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    for membership in list(user.memberships.select_related("partnership")):
        membership_remove(membership=membership)  # refuses to leave a partnership uncoordinated
    # The audit trail keeps the account (now anonymous), never the name or address.
    LogEntry.objects.filter(actor=user).update(actor_email=None)
    for entry in LogEntry.objects.filter(object_repr__contains=old_username):
        entry.object_repr = entry.object_repr.replace(old_username, anonymous_id)
        entry.save(update_fields=["object_repr"])
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=old_username).delete()
    return anonymous_id


# ------------------------------------------------------------------------- password reset throttle

TOO_MANY_RESETS = (
    "Too many password reset requests have come from your connection. Wait an hour, then try "
    "again, or ask your partnership's coordinator for help."
)
RESET_WINDOW = timedelta(hours=1)


def _digest(kind: str, value: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256
    ).hexdigest()


@transaction.atomic
def password_reset_allowed(*, email: str, client: str | None) -> tuple[bool, bool]:
    """Record a password-reset request; return (email may be sent, client within its limit).

    At most ``PASSWORD_RESET_LIMIT_PER_EMAIL`` emails per address and
    ``PASSWORD_RESET_LIMIT_PER_CLIENT`` requests per client in an hour. Only digests are kept."""
    now = timezone.now()
    PasswordResetRequest.objects.filter(at__lt=now - timedelta(days=1)).delete()
    email_digest = _digest("email", email.strip().lower())
    client_digest = _digest("client", client or "unknown")
    recent = PasswordResetRequest.objects.filter(at__gte=now - RESET_WINDOW)
    client_ok = (
        recent.filter(client_digest=client_digest).count()
        < settings.PASSWORD_RESET_LIMIT_PER_CLIENT
    )
    email_ok = (
        recent.filter(email_digest=email_digest).count() < settings.PASSWORD_RESET_LIMIT_PER_EMAIL
    )
    if client_ok:
        PasswordResetRequest.objects.create(
            email_digest=email_digest, client_digest=client_digest, at=now
        )
    return email_ok and client_ok, client_ok
