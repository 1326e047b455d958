"""An approved committee paper's PDF, made once and kept with the result's snapshot.

Everything in an approved paper is fixed at approval except the actions made from the assessment
afterwards; the kept file is reused while a digest of those actions is unchanged.
"""

import hashlib
from collections.abc import Callable

from django.core.files.base import ContentFile

from assessments.models import Assessment, ResultSnapshot


def actions_digest(assessment: Assessment) -> str:
    rows = assessment.actions.order_by("pk").values_list(
        "pk", "title", "status", "owner_id", "due_on", "indicator_id", "recommendation_id"
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def paper_pdf(assessment: Assessment, make: Callable[[], bytes]) -> bytes:
    """The paper's PDF: ``make()`` for a draft; for an approved paper the kept file while its
    actions are unchanged, else ``make()`` once more and keep that."""
    snapshot = ResultSnapshot.objects.filter(assessment=assessment).only("pdf", "pdf_key").first()
    if snapshot is None:
        return make()
    key = actions_digest(assessment)
    if snapshot.pdf and snapshot.pdf_key == key and snapshot.pdf.storage.exists(snapshot.pdf.name):
        with snapshot.pdf.open("rb") as kept:
            return kept.read()
    content = make()
    old = snapshot.pdf.name if snapshot.pdf else None
    snapshot.pdf.save(f"{assessment.pk}-{key[:12]}.pdf", ContentFile(content), save=False)
    snapshot.pdf_key = key
    snapshot.save(update_fields=["pdf", "pdf_key"])
    if old and old != snapshot.pdf.name:
        snapshot.pdf.storage.delete(old)
    return content
