#!/usr/bin/env bash
# Restore a Threads backup made by scripts/backup.sh: REPLACES the database's tables with the
# backup's (pg_restore --clean, in one transaction) and DJANGO_MEDIA_ROOT's files with its files.
# Usage: scripts/restore.sh FILE   (make restore FILE=...). The database may be new and empty.
set -euo pipefail
cd "$(dirname "$0")/.."

file="${1:?usage: scripts/restore.sh FILE}"
: "${DATABASE_URL:?Set DATABASE_URL to the PostgreSQL database to restore into}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *)
    echo "restore: DATABASE_URL must be a postgres:// URL" >&2
    exit 2
    ;;
esac
[ -f "$file" ] || {
  echo "restore: no such file: $file" >&2
  exit 2
}
media="${DJANGO_MEDIA_ROOT:-$PWD/media}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xf "$file"
for part in database.dump media.tar; do
  [ -f "$work/$part" ] || {
    echo "restore: $file is not a Threads backup (no $part)" >&2
    exit 2
  }
done

pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
  --dbname="$DATABASE_URL" "$work/database.dump"

mkdir -p "$media"
find "$media" -mindepth 1 -delete
tar -C "$media" -xf "$work/media.tar"
echo "restored $file"
