"""Another partnership's assessment, evidence or action is never reached through your own
partnership's address, and the coordinator's POST actions refuse everyone else."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.access import assessment_for, membership_of
from assessments.models import Action, Assessment
from tests.factories import AssessmentFactory, EvidenceFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(catalogue):
    mine = MembershipFactory(role="coordinator")
    theirs = MembershipFactory(role="coordinator")
    their_assessment = AssessmentFactory(partnership=theirs.partnership, version=catalogue)
    return {
        "me": mine,
        "mine": AssessmentFactory(partnership=mine.partnership, version=catalogue),
        "their_assessment": their_assessment,
        "their_evidence": EvidenceFactory(assessment=their_assessment),
        "their_action": Action.objects.create(
            partnership=theirs.partnership, title="Theirs", status="planned"
        ),
    }


def test_their_ids_under_my_address_are_not_found(client, two, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(two["me"].user)
    slug = two["me"].partnership.slug
    for name, pk in [
        ("assessments:assessment", two["their_assessment"].pk),
        ("reports:assessment_report", two["their_assessment"].pk),
        ("assessments:evidence_download", two["their_evidence"].pk),
        ("assessments:action_edit", two["their_action"].pk),
    ]:
        assert client.get(reverse(name, args=[slug, pk])).status_code == 404, name
    response = client.post(
        reverse("assessments:action_edit", args=[slug, two["their_action"].pk]),
        {"title": "Taken over", "status": "done"},
    )
    assert response.status_code == 404
    two["their_action"].refresh_from_db()
    assert (two["their_action"].title, two["their_action"].status) == ("Theirs", "planned")


@pytest.mark.parametrize(
    ("role", "refused"), [("respondent", 403), ("approver", 403), ("viewer", 404)]
)  # viewers do not see drafts at all
def test_only_the_coordinator_opens_moderation_or_accepts_suggestions(client, two, role, refused):
    member = MembershipFactory(partnership=two["me"].partnership, role=role)
    client.force_login(member.user)
    slug = two["me"].partnership.slug
    url = reverse("assessments:assessment_open_moderation", args=[slug, two["mine"].pk])
    assert client.post(url).status_code == refused
    assert Assessment.objects.get(pk=two["mine"].pk).moderation_opened_at is None
    response = client.post(
        reverse("assessments:action_accept", args=[slug]), {"indicator": "LR-1.1"}
    )
    assert response.status_code == 403
    assert not Action.objects.filter(partnership=two["me"].partnership).exists()


def test_the_coordinator_opens_moderation(client, two):
    client.force_login(two["me"].user)
    url = reverse(
        "assessments:assessment_open_moderation", args=[two["me"].partnership.slug, two["mine"].pk]
    )
    before = timezone.now()
    assert client.post(url).status_code == 302
    assert Assessment.objects.get(pk=two["mine"].pk).moderation_opened_at >= before


def test_the_guard_brings_the_persons_own_membership_with_its_agency(
    team, django_assert_num_queries
):
    respondent, assessment = team["respondent"], team["assessment"]
    slug = assessment.partnership.slug
    partnership, _ = assessment_for(respondent.user, slug, assessment.pk)
    with django_assert_num_queries(0):
        mine = membership_of(respondent.user, partnership)
        assert (mine.pk, mine.role, mine.agency.name) == (
            respondent.pk,
            "respondent",
            respondent.agency.name,
        )
    # Someone else asking about the same partnership object gets their own answer.
    assert membership_of(team["coordinator"], partnership).role == "coordinator"
    assert membership_of(UserFactory(), partnership) is None
    # An admin without a membership of it is guarded too, and has none.
    admin = UserFactory(is_superuser=True, is_staff=True)
    partnership, _ = assessment_for(admin, slug, assessment.pk)
    with django_assert_num_queries(0):
        assert membership_of(admin, partnership) is None
