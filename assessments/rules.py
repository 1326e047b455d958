"""Who may do what with assessments, evidence and the action plan.

The object is the partnership the assessment belongs to, except for ``download_evidence``, whose
object is ``(partnership, assessment, evidence)``. Roles come from ``partnerships.rules``.
"""

import rules

from partnerships.rules import (
    Role,
    has_role,
    is_admin,
    is_approver,
    is_coordinator,
    is_member,
    is_national,
    is_respondent,
)

rules.add_perm("assessments.view_drafts", is_member & ~has_role(Role.VIEWER) | is_admin)
rules.add_perm("assessments.view_approved", is_member | is_national | is_admin)
rules.add_perm("assessments.answer", is_respondent)
rules.add_perm("assessments.moderate", is_coordinator)
# A draft's report and exports show every agency's own ratings, which respondents may not see
# before moderation.
rules.add_perm("assessments.view_every_agency", is_coordinator | is_approver | is_admin)
rules.add_perm("assessments.approve", is_approver)
rules.add_perm("assessments.manage_actions", is_coordinator)
# Who changed which rating, reason or evidence file, and when (the audit trail of an indicator).
rules.add_perm("assessments.view_history", is_coordinator | is_approver | is_admin)


@rules.predicate
def may_download_evidence(user, target) -> bool:
    """Anyone who may read the assessment, except that until approval a respondent only gets
    their own agency's files (they may not see other agencies' answers)."""
    partnership, assessment, evidence = target
    if assessment.state == "approved" or not is_respondent(user, partnership):
        return True
    agency_id = (
        partnership.memberships.filter(user=user).values_list("agency_id", flat=True).first()
    )
    return evidence.agency_id == agency_id


rules.add_perm("assessments.download_evidence", may_download_evidence)
