"""Codes in URLs: only letters, digits, dots and hyphens; anything else (a NUL) is a 404."""

import pytest

from tests.factories import AssessmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_nul_in_a_thread_code_is_a_404(client, catalogue):
    client.force_login(MembershipFactory().user)
    assert client.get("/catalogue/LR-4/").status_code == 200
    assert client.get("/catalogue/LR%00-4/").status_code == 404
    assert client.get("/catalogue/%00/").status_code == 404


def test_nul_in_a_section_or_history_code_is_a_404(client, catalogue):
    coordinator = MembershipFactory(role="coordinator")
    assessment = AssessmentFactory(partnership=coordinator.partnership, version=catalogue)
    client.force_login(coordinator.user)
    base = f"/p/{assessment.partnership.slug}/assessments/{assessment.pk}"
    assert client.get(f"{base}/sections/LR-4/").status_code == 200
    assert client.get(f"{base}/sections/LR-4%00/").status_code == 404
    assert client.get(f"{base}/history/LR-4.2/").status_code == 200
    assert client.get(f"{base}/history/LR-4.2%00/").status_code == 404
    assert client.post(f"{base}/sections/%00LR-4/", {}).status_code == 404
