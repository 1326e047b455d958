"""Where an uploaded file is stored: a random name with its (checked) extension, never the name
the person's computer gave it. That name, shortened, is kept in the row and given back on
download; on disk it could be too long, or unsafe, for the file system."""

import re
import uuid
from pathlib import PurePosixPath


def stored_name(folder: str, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""
    return f"{folder}/{uuid.uuid4().hex}{suffix}"
