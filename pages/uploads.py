"""Where an uploaded file is stored: a random name with its (checked) extension, never the name
the person's computer gave it. That name, shortened, is kept in the row and given back on
download; on disk it could be too long, or unsafe, for the file system."""

import re
import uuid
from pathlib import PurePosixPath

from django.db import transaction


def stored_name(folder: str, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def save_with_file(row) -> None:
    """Save a row that carries an uploaded ``file``. If the row cannot be written, the file
    written for it is deleted again: nothing is left on disk without its row (FieldFile marks
    the file committed once it is stored)."""
    try:
        with transaction.atomic():
            row.save()
    except BaseException:
        if row.file.name and row.file._committed:
            row.file.storage.delete(row.file.name)
        raise
