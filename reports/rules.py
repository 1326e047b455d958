"""Who may make a committee paper. The object is ``(partnership, assessment)``.

A draft's paper shows every agency's own ratings, so its coordinator and approver (and admins),
who may read its report, may make one; an approved assessment's paper is made by the partnership's
coordinator (and admins), who take it to the meeting.
"""

import rules

from partnerships.rules import is_admin, is_approver, is_coordinator


@rules.predicate
def may_make_paper(user, target) -> bool:
    partnership, assessment = target
    if is_admin(user) or is_coordinator(user, partnership):
        return True
    return assessment.state != "approved" and is_approver(user, partnership)


rules.add_perm("reports.make_paper", may_make_paper)
