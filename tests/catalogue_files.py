"""Facts of the bundled catalogue files that tests compare pages with (no database needed)."""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "threads" / "data"
#: The newest bundled version, current after migrate.
CURRENT = json.loads((DATA / "threads_of_success_1.1.json").read_text(encoding="utf-8"))
CURRENT_INDICATOR_COUNT = len(CURRENT["indicators"])
