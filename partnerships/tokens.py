"""One-time invitation links.

The token hashes the user's password, activity and last login: once the invited person sets a
password (and so becomes active) the link stops working, and it expires after
``PASSWORD_RESET_TIMEOUT`` like a password-reset link. It also hashes when the newest invitation
was sent, so "Send the link again" retires every earlier link: only the newest one works.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db.models import Max

from partnerships.models import Invitation


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "threads.partnerships.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp) -> str:
        newest = Invitation.objects.filter(membership__user=user).aggregate(newest=Max("sent_at"))[
            "newest"
        ]
        sent = newest.isoformat() if newest else ""
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}{sent}"


invitation_token = InvitationTokenGenerator()
