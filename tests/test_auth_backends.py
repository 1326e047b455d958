import pytest
from django.contrib.auth.models import Permission

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_staff_keep_their_model_permissions():
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="change_thread"))
    assert staff.has_perm("threads.change_thread")


def test_non_staff_model_permission_checks_run_no_queries(django_assert_num_queries):
    user = UserFactory(is_staff=False)
    user.user_permissions.add(Permission.objects.get(codename="change_thread"))
    with django_assert_num_queries(0):
        assert not user.has_perm("threads.change_thread")
