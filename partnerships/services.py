"""Changes to who belongs to a partnership."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from partnerships.models import Agency, Invitation, Membership, PaperDetails, Partnership
from partnerships.tokens import invitation_token

User = get_user_model()

LAST_COORDINATOR = (
    "A partnership needs a coordinator: make someone else coordinator before changing this one."
)
ALREADY_MEMBER = "{email} is already a member of {partnership}."
ADDED_MEANWHILE = "{email} was added by someone else just now: check the members list."
AGENCY_ELSEWHERE = "Choose an agency of this partnership."
RESPONDENT_NEEDS_AGENCY = "A respondent speaks for one of the partner agencies: choose one."
ALREADY_ACCEPTED = "{user} has already chosen a password and can sign in."


def _check_agency(*, partnership: Partnership, role: str, agency: Agency | None) -> None:
    if agency is not None and agency.partnership_id != partnership.pk:
        raise ValidationError({"agency": AGENCY_ELSEWHERE})
    if role == Membership.Role.RESPONDENT and agency is None:
        raise ValidationError({"agency": RESPONDENT_NEEDS_AGENCY})


def _lock_coordinators(partnership_id: int) -> None:
    """Lock the partnership's coordinator rows, so two changes at once cannot each count the
    other as the remaining coordinator (call inside a transaction)."""
    list(
        Membership.objects.select_for_update()
        .filter(partnership_id=partnership_id, role=Membership.Role.COORDINATOR)
        .values_list("pk", flat=True)
    )


def _is_last_coordinator(membership: Membership) -> bool:
    return (
        membership.role == Membership.Role.COORDINATOR
        and not Membership.objects.filter(
            partnership=membership.partnership, role=Membership.Role.COORDINATOR
        )
        .exclude(pk=membership.pk)
        .exists()
    )


def invitation_link(*, user, request=None) -> str:
    path = reverse(
        "partnerships:invitation_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_token.make_token(user),
        },
    )
    return request.build_absolute_uri(path) if request is not None else f"{settings.SITE_URL}{path}"


@transaction.atomic
def membership_add(
    *,
    partnership: Partnership,
    email: str,
    role: str,
    agency: Agency | None,
    first_name: str = "",
    last_name: str = "",
    invited_by=None,
    request=None,
) -> Membership:
    """Add the person with ``email``; someone new gets an inactive account and a one-time link."""
    _check_agency(partnership=partnership, role=role, agency=agency)
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and Membership.objects.filter(user=user, partnership=partnership).exists():
        raise ValidationError(
            {"email": ALREADY_MEMBER.format(email=email, partnership=partnership)}
        )
    try:
        with transaction.atomic():
            if user is None:
                user = User(
                    username=_free_username(email),
                    email=email,
                    first_name=first_name,
                    last_name=last_name,
                    is_active=False,
                )
                user.set_unusable_password()
                user.save()
            membership = Membership.objects.create(
                user=user, partnership=partnership, role=role, agency=agency
            )
    except IntegrityError:  # the same person added by another request a moment ago
        raise ValidationError({"email": ADDED_MEANWHILE.format(email=email)}) from None
    if is_pending(user):  # new, or invited before and never signed in: (re)send a link
        Invitation.objects.create(membership=membership, invited_by=invited_by)
        _send_invitation(membership, invited_by=invited_by, request=request)
    return membership


def is_pending(user) -> bool:
    """Invited but has never chosen a password."""
    return not user.is_active and not user.has_usable_password()


@transaction.atomic
def invitation_resend(*, membership: Membership, invited_by=None, request=None) -> Invitation:
    """A fresh one-time link for someone who has not yet accepted (the old link may have expired
    or the email gone astray)."""
    if not is_pending(membership.user):
        raise ValidationError(ALREADY_ACCEPTED.format(user=membership.user.get_username()))
    invitation, _ = Invitation.objects.update_or_create(
        membership=membership,
        defaults={"invited_by": invited_by, "sent_at": timezone.now(), "accepted_at": None},
    )
    _send_invitation(membership, invited_by=invited_by, request=request)
    return invitation


def _send_invitation(membership: Membership, *, invited_by, request) -> None:
    """Email the link once the transaction commits. A mail server that is down must not undo the
    membership: the failure is logged and the coordinator can send the link again."""
    user, partnership = membership.user, membership.partnership
    link = invitation_link(user=user, request=request)
    inviter = (invited_by.get_full_name() or invited_by.get_username()) if invited_by else None
    message = (
        f"{inviter or 'The coordinator'} has added you to {partnership} on Threads "
        f"as {membership.get_role_display().lower()}.\n\n"
        f"Choose a password to start (this link works once, for "
        f"{settings.PASSWORD_RESET_TIMEOUT // 86400} days):\n{link}\n\n"
        f"Your username is {user.username}."
    )
    transaction.on_commit(
        lambda: send_mail(
            subject=f"You are invited to {partnership} on Threads",
            message=message,
            from_email=None,
            recipient_list=[user.email],
        ),
        robust=True,
    )


def _free_username(email: str) -> str:
    base = email.split("@")[0][:140] or "user"
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


@transaction.atomic
def membership_update(*, membership: Membership, role: str, agency: Agency | None) -> Membership:
    _lock_coordinators(membership.partnership_id)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _check_agency(partnership=membership.partnership, role=role, agency=agency)
    if role != Membership.Role.COORDINATOR and _is_last_coordinator(membership):
        raise ValidationError({"role": LAST_COORDINATOR})
    membership.role, membership.agency = role, agency
    membership.save(update_fields=["role", "agency"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    _lock_coordinators(membership.partnership_id)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if _is_last_coordinator(membership):
        raise ValidationError(LAST_COORDINATOR)
    membership.delete()


@transaction.atomic
def invitation_accept(*, user, password: str) -> None:
    """Set the invited person's password and activate the account (the link then stops working)."""
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    Invitation.objects.filter(membership__user=user, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )


@transaction.atomic
def paper_details_save(*, partnership: Partnership, **fields: str) -> PaperDetails:
    """Store the partnership's committee paper details (papers already made keep their copy)."""
    values = {name: fields[name] for name in PaperDetails.FIELDS}
    details, _ = PaperDetails.objects.update_or_create(
        partnership=partnership, defaults={**values, "updated_at": timezone.now()}
    )
    return details
