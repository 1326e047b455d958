"""A NUL (%00) in any query parameter that reaches the database is answered, never a 500
(PostgreSQL refuses NUL in text; the suite runs there in CI)."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token

from partnerships.models import NATIONAL_GROUP
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/national/?cycle=%00",
    "/national/?sort=%00",
    "/national/scrutiny/?cycle=%00&show=%00",
    "/national/report/?cycle=%00",
    "/national/measures/?code=%00",
    "/practice/?q=%00&indicator=%00&recommendation=%00&partnership=%00&year=%00",
]
API = [
    "/api/results/?cycle=%00",
    "/api/results/?partnership=%00",
    "/api/measures/?code=%00&partnership=%00",
    "/api/partnerships/%00/",
]


@pytest.fixture
def national(db):
    user = UserFactory(username="national-reader")
    user.groups.add(Group.objects.get_or_create(name=NATIONAL_GROUP)[0])
    return user


@pytest.mark.parametrize("url", PAGES)
def test_pages(client, catalogue, national, url):
    client.force_login(national)
    assert client.get(url).status_code < 500


@pytest.mark.parametrize("url", API)
def test_api(client, catalogue, national, url):
    token, _ = Token.objects.get_or_create(user=national)
    response = client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code < 500
