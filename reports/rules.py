"""Permissions of the reports app: making a committee paper (object ``(partnership,
assessment)``) and the national scrutiny year."""

import rules

from partnerships.rules import is_admin, is_approver, is_coordinator, is_national


@rules.predicate
def may_make_paper(user, target) -> bool:
    partnership, assessment = target
    if is_admin(user) or is_coordinator(user, partnership):
        return True
    return assessment.state != "approved" and is_approver(user, partnership)


rules.add_perm("reports.make_paper", may_make_paper)


rules.add_perm("reports.view_scrutiny", is_national | is_admin)
rules.add_perm("reports.send_scrutiny_reminder", is_national | is_admin)
