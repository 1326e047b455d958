"""The example workflow: draft → submitted → endorsed (or returned) → published → archived."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from practice import services
from practice.models import Example, Transition
from tests.factories import ExampleFactory, MembershipFactory, UserFactory

State = Example.State


def _write(home, coordinator, catalogue, **extra):
    return services.example_create(
        partnership=home,
        by=coordinator,
        title="Joint audit",
        summary="s",
        problem="p",
        what_was_done="w",
        by_whom="b",
        indicators=[catalogue.indicators.get(code="LR-4.1")],
        **extra,
    )


def test_the_whole_way_with_every_move_recorded(home, coordinator, editor, catalogue):
    example = _write(home, coordinator, catalogue)
    assert example.state == State.DRAFT
    services.example_transition(example=example, to_state=State.SUBMITTED, by=coordinator)
    services.example_transition(
        example=example, to_state=State.RETURNED, by=editor, comment="Add the costs."
    )
    services.example_update(example=example, by=coordinator, cost="£4,500")
    services.example_transition(example=example, to_state=State.SUBMITTED, by=coordinator)
    services.example_transition(example=example, to_state=State.ENDORSED, by=editor)
    example = services.example_transition(example=example, to_state=State.PUBLISHED, by=editor)
    assert example.published_at is not None
    services.example_set_public(example=example, public=True, by=editor)
    example = services.example_transition(example=example, to_state=State.ARCHIVED, by=editor)
    assert example.is_public is False, "an archived example leaves the public library"
    moves = list(
        Transition.objects.filter(example=example).values_list(
            "from_state", "to_state", "by__username", "comment"
        )
    )
    assert moves == [
        ("draft", "draft", coordinator.username, "Written"),
        ("draft", "submitted", coordinator.username, ""),
        ("submitted", "returned", editor.username, "Add the costs."),
        ("returned", "submitted", coordinator.username, ""),
        ("submitted", "endorsed", editor.username, ""),
        ("endorsed", "published", editor.username, ""),
        ("published", "published", editor.username, "Made public"),
        ("published", "archived", editor.username, ""),
    ]


def test_returning_needs_a_comment(home, editor):
    example = ExampleFactory(partnership=home, state=State.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        services.example_transition(example=example, to_state=State.RETURNED, by=editor)
    assert services.COMMENT_REQUIRED in error.value.messages
    example.refresh_from_db()
    assert example.state == State.SUBMITTED and not example.transitions.exists()


@pytest.mark.parametrize(
    ("state", "to_state", "who"),
    [
        ("draft", "submitted", "editor"),  # only the partnership's coordinator submits
        ("submitted", "endorsed", "coordinator"),  # a coordinator cannot endorse their own
        ("submitted", "published", "editor"),  # endorsement first
        ("draft", "endorsed", "editor"),
        ("published", "submitted", "coordinator"),
        ("archived", "published", "editor"),
    ],
)
def test_moves_refused(home, coordinator, editor, state, to_state, who):
    example = ExampleFactory(partnership=home, state=state)
    by = {"editor": editor, "coordinator": coordinator}[who]
    with pytest.raises(ValidationError):
        services.example_transition(example=example, to_state=to_state, by=by)
    example.refresh_from_db()
    assert example.state == state


def test_another_partnerships_coordinator_cannot_submit_or_write(home, catalogue):
    stranger = MembershipFactory(role="coordinator").user
    example = ExampleFactory(partnership=home)
    with pytest.raises(ValidationError):
        services.example_transition(example=example, to_state=State.SUBMITTED, by=stranger)
    with pytest.raises(PermissionDenied):
        _write(home, stranger, catalogue)
    viewer = MembershipFactory(partnership=home, role="viewer").user
    with pytest.raises(PermissionDenied):
        _write(home, viewer, catalogue)


def test_a_submitted_example_can_no_longer_be_edited(home, coordinator):
    example = ExampleFactory(partnership=home, state=State.SUBMITTED, title="Before")
    with pytest.raises(ValidationError):
        services.example_update(example=example, by=coordinator, title="After")
    example.refresh_from_db()
    assert example.title == "Before"


def test_only_a_published_example_is_made_public(home, editor, coordinator):
    example = ExampleFactory(partnership=home, state=State.ENDORSED)
    with pytest.raises(ValidationError):
        services.example_set_public(example=example, public=True, by=editor)
    published = ExampleFactory(partnership=home, state=State.PUBLISHED)
    with pytest.raises(PermissionDenied):
        services.example_set_public(example=published, public=True, by=coordinator)


def test_the_database_refuses_public_unpublished(home):
    with pytest.raises(IntegrityError):
        ExampleFactory(partnership=home, state=State.DRAFT, is_public=True)


def test_a_practice_editor_has_no_partnership_rights(editor, home):
    assert not editor.has_perm("partnerships.view_partnership", home)
    assert not UserFactory().has_perm("practice.review_example", ExampleFactory(partnership=home))


def test_editors_hear_of_submissions_and_coordinators_of_decisions(
    home, coordinator, editor, django_capture_on_commit_callbacks, mailoutbox
):
    example = ExampleFactory(partnership=home, title="Joint audit")
    with django_capture_on_commit_callbacks(execute=True):
        services.example_transition(example=example, to_state=State.SUBMITTED, by=coordinator)
    assert [m.to for m in mailoutbox] == [[editor.email]]
    assert "“Joint audit”" in mailoutbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.example_transition(
            example=example, to_state=State.RETURNED, by=editor, comment="Add the costs."
        )
    assert mailoutbox[1].to == [coordinator.email]
    assert "Add the costs." in mailoutbox[1].body
