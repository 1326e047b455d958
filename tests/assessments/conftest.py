"""The team every assessment test works with: one partnership with a person in each role, two
partner agencies' respondents and a draft assessment on the current catalogue."""

import pytest
from django.urls import reverse

from assessments import services
from tests.factories import AssessmentFactory, MembershipFactory


@pytest.fixture
def team(catalogue, settings):
    """``coordinator``, ``approver``, ``viewer``: users; ``respondent`` and ``other``: the
    memberships of two respondents (each speaks for an agency of the partnership)."""
    settings.SITE_URL = "https://threads.example.gov.uk"
    coordinator = MembershipFactory(
        role="coordinator", user__first_name="Ailsa", user__last_name="Reid"
    )
    partnership = coordinator.partnership
    respondent = MembershipFactory(
        partnership=partnership, role="respondent", user__first_name="Iain", user__last_name="Bell"
    )
    other = MembershipFactory(partnership=partnership, role="respondent")
    approver = MembershipFactory(
        partnership=partnership, role="approver", user__first_name="Jean", user__last_name="Muir"
    )
    viewer = MembershipFactory(partnership=partnership, role="viewer")
    assessment = AssessmentFactory(partnership=partnership, version=catalogue)
    return {
        "partnership": partnership,
        "assessment": assessment,
        "coordinator": coordinator.user,
        "respondent": respondent,
        "other": other,
        "approver": approver.user,
        "viewer": viewer.user,
    }


def url(name, assessment, **extra):
    """An assessment page's address."""
    return reverse(name, kwargs={"slug": assessment.partnership.slug, "pk": assessment.pk, **extra})


def answer_all(assessment, user, level=2):
    """The coordinator agrees every indicator at ``level``."""
    services.agreed_ratings_save(
        assessment=assessment,
        answers=[
            services.Answer(indicator=i, level=level, note="Seen", seen_revision=0)
            for i in assessment.version.indicators.all()
        ],
        by=user,
    )


def approve(assessment, team):
    services.assessment_transition(
        assessment=assessment, to_state="submitted", by=team["coordinator"]
    )
    services.assessment_transition(assessment=assessment, to_state="approved", by=team["approver"])
