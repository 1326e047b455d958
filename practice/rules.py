"""Who may do what in the library of credible practice.

``practice editor`` is a national role (the ``practice editors`` group), not a membership. The
object of the example permissions is the :class:`practice.models.Example`; of
``practice.write_for`` the partnership an example is written for.
"""

import rules

from partnerships.rules import is_admin, is_coordinator
from practice.models import PRACTICE_EDITOR_GROUP, Example


@rules.predicate
def is_practice_editor(user) -> bool:
    """In the practice editors group (asked once per person object)."""
    if not user.is_authenticated:
        return False
    flag = getattr(user, "in_practice_editors", None)
    if flag is None:
        flag = user.groups.filter(name=PRACTICE_EDITOR_GROUP).exists()
        user.in_practice_editors = flag
    return flag


@rules.predicate
def coordinates_its_partnership(user, example) -> bool:
    return is_coordinator(user, example.partnership)


@rules.predicate
def is_editable(user, example) -> bool:
    return example.is_editable


@rules.predicate
def is_published(user, example) -> bool:
    return example.state == Example.State.PUBLISHED


@rules.predicate
def is_public(user, example) -> bool:
    return example.state == Example.State.PUBLISHED and example.is_public


@rules.predicate
def is_signed_in(user) -> bool:
    return user.is_authenticated


@rules.predicate
def is_not_draft(user, example) -> bool:
    return example.state != Example.State.DRAFT


# Read: public ones by anyone; published ones by everyone signed in; the rest by the writing
# partnership's coordinators, the practice editors (once submitted) and admins.
rules.add_perm(
    "practice.view_example",
    is_public
    | is_signed_in & is_published
    | coordinates_its_partnership
    | is_practice_editor & is_not_draft
    | is_admin,
)
rules.add_perm("practice.write_for", is_coordinator)
rules.add_perm("practice.edit_example", coordinates_its_partnership & is_editable)
rules.add_perm("practice.submit_example", coordinates_its_partnership & is_editable)
rules.add_perm("practice.review_example", is_practice_editor | is_admin)
rules.add_perm("practice.see_history", coordinates_its_partnership | is_practice_editor | is_admin)
