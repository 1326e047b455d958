"""Committee paper PDFs, made once and kept.

* A made paper (:class:`reports.models.CommitteePaper`) stores everything it shows, so its PDF is
  made on the first download and kept for good: nothing in the request (a query string, another
  reader) can make more work.
* The report page's own PDF (a preview of the paper as it would be made now) for an approved
  assessment is kept with the result's snapshot while a digest of what can still change it (the
  actions made from the assessment and the partnership's paper details) is unchanged.
"""

import hashlib
from collections.abc import Callable

from django.core.files.base import ContentFile

from assessments.models import Assessment, ResultSnapshot
from reports.models import CommitteePaper


def preview_key(assessment: Assessment, details: dict) -> str:
    rows = assessment.actions.order_by("pk").values_list(
        "pk", "title", "status", "owner_id", "due_on", "indicator_id", "recommendation_id"
    )
    return hashlib.sha256(repr((list(rows), sorted(details.items()))).encode()).hexdigest()


def paper_pdf(assessment: Assessment, details: dict, make: Callable[[], bytes]) -> bytes:
    """The report page's PDF: ``make()`` for a draft; for an approved assessment the kept file
    while its actions and the paper details are unchanged, else ``make()`` once more and keep it."""
    snapshot = ResultSnapshot.objects.filter(assessment=assessment).only("pdf", "pdf_key").first()
    if snapshot is None:
        return make()
    key = preview_key(assessment, details)
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


def committee_paper_pdf(paper: CommitteePaper, make: Callable[[], bytes]) -> bytes:
    """A made paper's PDF: the kept file, or ``make()`` once and keep it."""
    if paper.pdf and paper.pdf.storage.exists(paper.pdf.name):
        with paper.pdf.open("rb") as kept:
            return kept.read()
    content = make()
    paper.pdf.save(f"{paper.assessment_id}-{paper.pk}.pdf", ContentFile(content), save=False)
    CommitteePaper.objects.filter(pk=paper.pk).update(pdf=paper.pdf.name)
    return content
