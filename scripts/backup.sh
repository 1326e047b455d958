#!/usr/bin/env bash
# Back up Threads: the PostgreSQL database (pg_dump, custom format) and the uploaded evidence files
# (a tar of DJANGO_MEDIA_ROOT), together in one file. Usage: scripts/backup.sh [FILE]
# (default: $BACKUP_DIR/threads-<UTC time>.tar, BACKUP_DIR defaulting to ./backups).
# Prints the file written. Restore with scripts/restore.sh FILE (make restore FILE=...).
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?Set DATABASE_URL to the PostgreSQL database to back up}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *)
    echo "backup: DATABASE_URL must be a postgres:// URL (with SQLite, copy db.sqlite3 and media/)" >&2
    exit 2
    ;;
esac
media="${DJANGO_MEDIA_ROOT:-$PWD/media}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
file="${1:-${BACKUP_DIR:-$PWD/backups}/threads-$stamp.tar}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

pg_dump --format=custom --no-owner --no-privileges --file="$work/database.dump" "$DATABASE_URL"
mkdir -p "$media"
tar -C "$media" -cf "$work/media.tar" .
printf 'Threads backup\ncreated %s\ndatabase.dump: pg_dump --format=custom\nmedia.tar: DJANGO_MEDIA_ROOT\n' \
  "$stamp" >"$work/MANIFEST"

mkdir -p "$(dirname "$file")"
tar -C "$work" -cf "$file.partial" MANIFEST database.dump media.tar
mv "$file.partial" "$file" # a backup file is either whole or absent
echo "$file"
