"""The backup and restore scripts refuse what they cannot do, with a message and exit 2.

The full round trip (seed PostgreSQL, make backup, make restore into an empty database, compare)
is ``scripts/backup-roundtrip.sh``, run by ``.ci/run`` after ``make test`` (``make
backup-roundtrip``); it needs PostgreSQL and pg_dump, so it is not part of the SQLite suite.
"""

import subprocess
import tarfile

from django.conf import settings

SCRIPTS = settings.BASE_DIR / "scripts"


def run(script, *args, **env):
    return subprocess.run(
        ["bash", str(SCRIPTS / script), *args],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", **env},
        check=False,
    )


def test_backup_needs_a_postgresql_database(tmp_path):
    result = run("backup.sh", str(tmp_path / "b.tar"), DATABASE_URL="sqlite:///db.sqlite3")
    assert result.returncode == 2
    assert "must be a postgres:// URL" in result.stderr
    assert not (tmp_path / "b.tar").exists()


def test_restore_refuses_a_missing_file_and_a_file_that_is_not_a_backup(tmp_path):
    url = "postgres://nobody@localhost:1/none"
    missing = run("restore.sh", str(tmp_path / "nope.tar"), DATABASE_URL=url)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    other = tmp_path / "other.tar"
    (tmp_path / "x.txt").write_text("x")
    with tarfile.open(other, "w") as archive:
        archive.add(tmp_path / "x.txt", arcname="x.txt")
    media = tmp_path / "media"
    media.mkdir()
    (media / "keep.pdf").write_text("kept")
    result = run("restore.sh", str(other), DATABASE_URL=url, DJANGO_MEDIA_ROOT=str(media))
    assert result.returncode == 2 and "is not a Threads backup" in result.stderr
    assert (media / "keep.pdf").read_text() == "kept"  # nothing touched


def test_the_round_trip_is_wired_into_ci():
    ci = (settings.BASE_DIR / ".ci" / "run").read_text()
    assert ci.index("make test") < ci.index("make backup-roundtrip")
    assert "set -euo pipefail" in ci
    makefile = (settings.BASE_DIR / "Makefile").read_text()
    assert "scripts/backup-roundtrip.sh" in makefile and "scripts/restore.sh" in makefile
