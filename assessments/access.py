"""Guards: fetch an assessment only through what the person may see."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from assessments.models import Assessment, Cycle
from pagecache.stamps import SHARED
from partnerships.models import Membership, Partnership
from partnerships.selectors import PARTNERSHIP_EXTRAS, admit, partnership_for


def assessment_for(user, slug: str, pk: int):
    """(partnership, assessment) if ``user`` may read it; drafts only for the partnership's
    coordinator, respondents and approver (and admins); approved ones also for viewers and
    national readers. Anything else is a 404."""
    found = list(Assessment.objects.raw(ASSESSMENT_SQL, [user.pk, SHARED, slug, pk]))
    if not found:
        partnership_for(user, slug)  # 404 for a partnership they may not see, as on its pages
        raise Http404("No such assessment.")
    assessment = _with_cycle_and_partnership(found[0])
    partnership = admit(user, assessment.partnership)
    if assessment.state == Assessment.State.APPROVED:
        allowed = user.has_perm("assessments.view_approved", partnership)
    else:
        allowed = user.has_perm("assessments.view_drafts", partnership)
    if not allowed:
        raise Http404("No such assessment.")
    return partnership, assessment


PARTNERSHIP_FIELDS = [f.attname for f in Partnership._meta.concrete_fields]
CYCLE_FIELDS = [f.attname for f in Cycle._meta.concrete_fields]
# Every assessment page runs this first: the assessment, its cycle, its partnership with the
# person's role and the page-cache stamps, in one statement (written out: the ORM's version took
# three times as long to build as to run, and two statements cost a second round trip).
ASSESSMENT_SQL = f"""
SELECT a.*,
    {", ".join(f"c.{f} AS cycle_{f}" for f in CYCLE_FIELDS)},
    {", ".join(f"p.{f} AS partnership_{f}" for f in PARTNERSHIP_FIELDS)},
    {PARTNERSHIP_EXTRAS}
FROM assessments_assessment a
    JOIN assessments_cycle c ON c.id = a.cycle_id
    JOIN partnerships_partnership p ON p.id = a.partnership_id
WHERE p.slug = %s AND a.id = %s
"""


def _with_cycle_and_partnership(assessment: Assessment) -> Assessment:
    def columns(model, prefix: str, fields: list[str]):
        return model.from_db(None, fields, [getattr(assessment, f"{prefix}_{f}") for f in fields])

    assessment.cycle = columns(Cycle, "cycle", CYCLE_FIELDS)
    partnership = columns(Partnership, "partnership", PARTNERSHIP_FIELDS)
    for extra in ("your_role", "stamp", "shared_stamp"):
        setattr(partnership, extra, getattr(assessment, extra))
    assessment.partnership = partnership  # with its stamps (see pagecache)
    return assessment


def membership_of(user, partnership) -> Membership | None:
    return (
        Membership.objects.filter(user=user, partnership=partnership)
        .select_related("agency")
        .first()
        if user.is_authenticated
        else None
    )


def require(user, permission: str, partnership) -> None:
    if not user.has_perm(permission, partnership):
        raise PermissionDenied
