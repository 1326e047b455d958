from django.db import models


class Stamp(models.Model):
    """A random token that changes whenever the data it names changes.

    Rendered fragments are cached under keys made of the stamps they depend on, so a change makes
    the old entries unreachable at once on every app server. Tokens are random rather than counters
    so that a database restored from a backup never meets fragments cached from a later state.
    """

    name = models.CharField(max_length=64, primary_key=True)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"
