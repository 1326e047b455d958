"""Print what a backup must keep, as JSON: the assessments, their stored results, the result
rows, and every evidence file with a checksum of its content (read from DJANGO_MEDIA_ROOT).

Used by scripts/backup-roundtrip.sh to compare a database with its restored copy. Run from the
repository with DATABASE_URL and DJANGO_MEDIA_ROOT set.
"""

import hashlib
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django  # noqa: E402

django.setup()

from assessments.models import (  # noqa: E402
    Assessment,
    CycleSummary,
    Evidence,
    ResultGap,
    ResultSnapshot,
)


def snapshot() -> dict:
    evidence = []
    for item in Evidence.objects.select_related("assessment__partnership").order_by("pk"):
        with item.file.open("rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
        evidence.append([item.assessment.partnership.slug, item.name, item.size, digest])
    return {
        "assessments": [
            [a.partnership.slug, a.cycle.name, a.state, a.stage_code, a.result]
            for a in Assessment.objects.select_related("partnership", "cycle").order_by("pk")
        ],
        "snapshots": list(
            ResultSnapshot.objects.order_by("pk").values_list(
                "assessment_id", "stage_code", "key_issue_scores", "data"
            )
        ),
        "cycle_summaries": list(
            CycleSummary.objects.order_by("pk").values_list("cycle_id", "assessed", "stage_counts")
        ),
        "gaps": ResultGap.objects.count(),
        "evidence": evidence,
    }


if __name__ == "__main__":
    json.dump(snapshot(), sys.stdout, indent=1, sort_keys=True, default=str)
    sys.stdout.write("\n")
