"""Records kept for the password-reset throttle: no address is stored, only a keyed digest."""

from django.db import models
from django.utils import timezone


class PasswordResetRequest(models.Model):
    """One password-reset email asked for: a digest of the address and of the client, when.

    Rows are kept a day at most (``people.services.password_reset_allowed`` prunes them). They
    live in the database, not a per-process cache, so the limit holds across app servers."""

    email_digest = models.CharField(max_length=64, db_index=True)
    client_digest = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"password reset at {self.at:%Y-%m-%d %H:%M}"
