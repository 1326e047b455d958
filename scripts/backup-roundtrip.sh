#!/usr/bin/env bash
# CI check that backups restore: seed a fresh PostgreSQL database with the demo data and some
# evidence files, `make backup`, restore into a new empty database with `make restore`, and
# compare assessments, stored results and evidence files (content checksums) before and after.
# Needs DATABASE_URL (any database on the server; the role must be allowed to create databases),
# pg_dump/pg_restore/psql (Debian's postgresql-client) and the virtualenv (.venv, or $PYTHON).
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?Set DATABASE_URL to a PostgreSQL database on the server to use}"
PY="${PYTHON:-.venv/bin/python}"
server="${DATABASE_URL%/*}"
src_db="threads_backup_src_$$"
dst_db="threads_backup_dst_$$"
work="$(mktemp -d)"

cleanup() {
  psql -q "$DATABASE_URL" -c "DROP DATABASE IF EXISTS $src_db" -c "DROP DATABASE IF EXISTS $dst_db" \
    >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

psql -q "$DATABASE_URL" -c "CREATE DATABASE $src_db" -c "CREATE DATABASE $dst_db"

export DJANGO_DEBUG=1 # seed_demo runs only with debug on
src=(env DATABASE_URL="$server/$src_db" DJANGO_MEDIA_ROOT="$work/media-src")
dst=(env DATABASE_URL="$server/$dst_db" DJANGO_MEDIA_ROOT="$work/media-dst")

"${src[@]}" "$PY" manage.py migrate --no-input -v 0
"${src[@]}" "$PY" manage.py seed_demo >/dev/null
"${src[@]}" "$PY" manage.py shell -v 0 -c '
from django.core.files.base import ContentFile
from assessments.models import Assessment, Evidence
for n, assessment in enumerate(Assessment.objects.filter(state="approved").order_by("pk")[:3]):
    indicator = assessment.version.indicators.order_by("code").first()
    data = b"%PDF-1.4 minutes " + str(n).encode() * 1000
    Evidence.objects.create(
        assessment=assessment, indicator=indicator, file=ContentFile(data, name=f"m{n}.pdf"),
        name=f"Minutes {n}.pdf", content_type="application/pdf", size=len(data),
        uploaded_by=assessment.transitions.first().by,
    )
'
"${src[@]}" "$PY" scripts/backup_snapshot.py >"$work/before.json"

"${src[@]}" BACKUP_DIR="$work/backups" make --no-print-directory backup >"$work/backup.out"
file="$(tail -n 1 "$work/backup.out")"
"${dst[@]}" make --no-print-directory restore FILE="$file" >/dev/null
"${dst[@]}" "$PY" scripts/backup_snapshot.py >"$work/after.json"

"$PY" - "$work/before.json" "$work/after.json" <<'PYCHECK'
import json
import sys

before, after = (json.load(open(path)) for path in sys.argv[1:])
assert before["assessments"], "the seeded database has no assessments"
assert any(a[2] == "approved" and a[4] for a in before["assessments"]), "no stored results"
assert before["snapshots"] and len(before["evidence"]) == 3, "nothing to compare"
for key in ("assessments", "snapshots", "cycle_summaries", "gaps", "evidence"):
    assert before[key] == after[key], f"{key} differ after restore"
print(
    f"backup round trip: {len(after['assessments'])} assessments, {len(after['snapshots'])} "
    f"result snapshots, {len(after['evidence'])} evidence files restored identically"
)
PYCHECK
