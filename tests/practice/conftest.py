import pytest
from django.contrib.auth.models import Group

from practice.models import PRACTICE_EDITOR_GROUP
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory


@pytest.fixture
def editor(db):
    user = UserFactory(username="the-editor")
    user.groups.add(Group.objects.get_or_create(name=PRACTICE_EDITOR_GROUP)[0])
    return user


@pytest.fixture
def home(db):
    return PartnershipFactory(name="Home Partnership", slug="home")


@pytest.fixture
def coordinator(home):
    return MembershipFactory(partnership=home, role="coordinator").user


@pytest.fixture
def viewer(home):
    return MembershipFactory(partnership=home, role="viewer").user
