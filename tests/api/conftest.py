import pytest
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from partnerships.models import NATIONAL_GROUP
from tests.factories import (
    AssessmentFactory,
    CycleFactory,
    MembershipFactory,
    PartnershipFactory,
    UserFactory,
)
from tests.reports.conftest import approve, rate  # noqa: F401  (helpers, not fixtures)

ROLES = ["coordinator", "respondent", "approver", "viewer"]


@pytest.fixture
def api_world(db, catalogue):
    """Two partnerships with an approved 2004/05 result each, and a 2005/06 draft at home."""
    home = PartnershipFactory(name="Home Partnership Alpha", slug="home-alpha")
    other = PartnershipFactory(name="Other Partnership Omega", slug="other-omega")
    people = {role: MembershipFactory(partnership=home, role=role).user for role in ROLES}
    people["other_coordinator"] = MembershipFactory(partnership=other, role="coordinator").user
    national = UserFactory(username="national-reader")
    national.groups.add(Group.objects.get_or_create(name=NATIONAL_GROUP)[0])
    people["national"] = national
    people["admin"] = UserFactory(username="site-admin", is_staff=True, is_superuser=True)
    people["nobody"] = UserFactory(username="no-role")
    cycle = CycleFactory(name="2004/05")
    results = {}
    for partnership, level in ((home, 2), (other, 3)):
        assessment = AssessmentFactory(partnership=partnership, cycle=cycle, version=catalogue)
        rate(assessment, lambda _i, level=level: level, by=people["coordinator"])
        results[partnership.slug] = approve(assessment)
    draft = AssessmentFactory(
        partnership=home, cycle=CycleFactory(name="2005/06"), version=catalogue
    )
    rate(draft, lambda _i: 4, by=people["coordinator"])
    return {"home": home, "other": other, "people": people, "results": results, "draft": draft}


@pytest.fixture
def token_client():
    def make(user):
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make
