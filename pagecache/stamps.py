"""Stamps: which data changed, recorded at commit time, read by cache keys.

Names: ``SHARED`` (the catalogue and the cycles, shown on every page), ``PARTNERSHIPS`` (the list
of partnerships, their names and slugs), ``RESULTS`` (any assessment's state or stored result)
and ``partnership_stamp(pk)`` (everything belonging to one partnership: agencies, members,
assessments, ratings, evidence, results and actions).

A reader must read the stamps before the data they guard. The writer replaces a stamp after its
transaction commits, so a reader can at worst cache fresh data under the old stamp, which is
replaced a moment later; it can never cache old data under the new one.
"""

import logging
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection, transaction

from pagecache.models import Stamp

logger = logging.getLogger(__name__)

SHARED = "shared"
PARTNERSHIPS = "partnerships"
RESULTS = "results"


def partnership_stamp(pk: int) -> str:
    return f"partnership:{pk}"


def changed(*names: str, assessments=()) -> None:
    """Replace the named stamps, and those of the partnerships of ``assessments`` (ids), once the
    current transaction commits (at once outside one).

    However many rows a transaction saves, its stamps are written once, after the commit, with the
    assessments' partnerships found in one query, so no stamp row stays locked while a transaction
    runs. A rolled-back transaction drops the callback and with it the names. (The test settings
    write at once: test cases never commit.)
    """
    if not connection.in_atomic_block or not settings.PAGECACHE_STAMP_AT_COMMIT:
        replace(names, assessments)
        return
    queued = getattr(connection, "_pagecache_pending", None)
    if queued is not None:
        pending, flush = queued
        if any(callback is flush for _, callback, _ in connection.run_on_commit):
            pending["names"].update(names)
            pending["assessments"].update(assessments)
            return
    pending = {"names": set(names), "assessments": set(assessments)}

    def flush() -> None:
        connection._pagecache_pending = None
        try:
            replace(pending["names"], pending["assessments"])
        except DatabaseError:
            # The data is committed but its pages would look unchanged: forget this process's
            # pages at least, and say so (the others keep theirs until PAGECACHE_SECONDS).
            logger.exception("pagecache: stamps %s not replaced", sorted(pending["names"]))
            caches["pages"].clear()

    connection._pagecache_pending = (pending, flush)
    transaction.on_commit(flush)


def replace(names, assessments=()) -> None:
    names = set(names)
    if assessments:
        from assessments.models import Assessment

        partnerships = Assessment.objects.filter(pk__in=assessments).values_list(
            "partnership_id", flat=True
        )
        names.update(partnership_stamp(pk) for pk in set(partnerships))
    if not names:
        return
    Stamp.objects.bulk_create(
        [Stamp(name=name, token=secrets.token_hex(8)) for name in sorted(names)],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["token"],
    )


def replace_everything() -> None:
    """After a bulk load that sent no signals (``bulk_create``): every stamp changes."""
    from partnerships.models import Partnership

    ids = Partnership.objects.values_list("pk", flat=True)
    replace([SHARED, PARTNERSHIPS, RESULTS, *(partnership_stamp(pk) for pk in ids)])


def tokens(*names: str) -> tuple[str, ...]:
    """The current tokens of ``names`` in one query ("-" for a stamp never replaced)."""
    with connection.cursor() as cursor:
        places = ", ".join(["%s"] * len(names))
        cursor.execute(f"SELECT name, token FROM pagecache_stamp WHERE name IN ({places})", names)
        found = dict(cursor.fetchall())
    return tuple(found.get(name, "-") for name in names)


def of_memberships(user) -> tuple:
    """(partnership id, its stamp) for each of the person's partnerships, and the shared stamp."""
    with connection.cursor() as cursor:
        cursor.execute(MEMBER_STAMPS_SQL, [SHARED, user.pk])
        return tuple(cursor.fetchall())


MEMBER_STAMPS_SQL = """
SELECT m.partnership_id, m.role,
    (SELECT s.token FROM pagecache_stamp s WHERE s.name = 'partnership:' || m.partnership_id),
    (SELECT s.token FROM pagecache_stamp s WHERE s.name = %s)
FROM partnerships_membership m
WHERE m.user_id = %s
ORDER BY m.partnership_id
"""


def of_partnership(partnership) -> tuple:
    """The stamps read with a partnership by ``partnerships.selectors.partnership_for``."""
    return (partnership.pk, partnership.stamp, partnership.shared_stamp)
