"""The partnership's committee paper details: a form for its coordinator (and admins)."""

import pytest
from django.urls import reverse

from partnerships import selectors
from partnerships.models import Membership, PaperDetails
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db

FILLED = {
    "body": "East Ayrshire Community Safety Forum",
    "members_term": "Forum",
    "report_by": "Director of Community Services",
    "signatory_name": "Morag Example",
    "signatory_post": "Director of Community Services",
    "contact_name": "Mr Iain Invented",
    "contact_post": "Principal Officer",
    "telephone": "01563 000000",
    "reference_prefix": "MI/cs2",
}


@pytest.fixture
def east():
    return PartnershipFactory(name="East Ayrshire", slug="east-ayrshire")


def url(slug="east-ayrshire"):
    return reverse("partnerships:paper_details", args=[slug])


def test_defaults_until_filled_in(east):
    details = selectors.paper_details(east)
    assert details["body"] == "East Ayrshire Community Safety Forum"
    assert details["members_term"] == "Forum"


def test_the_coordinator_saves_the_details(client, east):
    coordinator = MembershipFactory(partnership=east, role=Membership.Role.COORDINATOR).user
    client.force_login(coordinator)
    page = client.get(url())
    assert page.status_code == 200
    assert 'value="East Ayrshire Community Safety Forum"' in page.content.decode()
    response = client.post(url(), FILLED)
    assert response.status_code == 302
    assert PaperDetails.objects.get(partnership=east).as_dict() == FILLED
    assert selectors.paper_details(east) == FILLED
    changed = client.post(url(), {**FILLED, "telephone": "01563 111111"})
    assert changed.status_code == 302
    assert PaperDetails.objects.get().telephone == "01563 111111"
    detail = client.get(reverse("partnerships:partnership", args=[east.slug])).content.decode()
    assert url() in detail


def test_a_bad_form_is_refused_and_kept(client, east):
    coordinator = MembershipFactory(partnership=east, role=Membership.Role.COORDINATOR).user
    client.force_login(coordinator)
    response = client.post(url(), {**FILLED, "body": "", "telephone": "x" * 41})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'value="Morag Example"' in html
    assert not PaperDetails.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("coordinator", 200), ("approver", 403), ("viewer", 403), ("respondent", 403)],
)
def test_only_the_coordinator_and_admins(client, east, role, status):
    member = MembershipFactory(partnership=east, role=role)
    client.force_login(member.user)
    assert client.get(url()).status_code == status
    assert client.post(url(), FILLED).status_code == (302 if status == 200 else status)
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(url()).status_code == 200
    other = PartnershipFactory(name="Fife", slug="fife")
    client.force_login(member.user)
    assert client.get(url(other.slug)).status_code == 404
