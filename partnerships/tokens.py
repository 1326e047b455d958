"""One-time invitation links.

The token hashes the user's password, activity and last login: once the invited person sets a
password (and so becomes active) the link stops working, and it expires after
``PASSWORD_RESET_TIMEOUT`` like a password-reset link.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "threads.partnerships.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp) -> str:
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


invitation_token = InvitationTokenGenerator()
