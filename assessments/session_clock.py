"""The session clock that the timeout warning counts down from.

Saving a session restarts its lifetime, but a write on every form opened would cost every
reader a database and cache write. So opening a form restarts the clock only once the session has
run for more than :data:`RESTART_AFTER`, and the warning is told the time left since the last
restart. Any other save (a form posted, "Stay signed in") only makes the real session last longer
than the warning counts, so the warning is never late.
"""

import time

from django.conf import settings

RESTART_AFTER = 5 * 60
KEY = "session_clock"


def restart(session, now: float | None = None) -> None:
    session[KEY] = time.time() if now is None else now


def seconds_left(session, now: float | None = None) -> int:
    """Seconds until the session ends, restarting the clock first if it has run a while."""
    now = time.time() if now is None else now
    started = session.get(KEY)
    if not isinstance(started, int | float) or not 0 <= now - started <= RESTART_AFTER:
        restart(session, now)
        started = now
    return max(0, settings.SESSION_COOKIE_AGE - int(now - started))
