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


def test_sign_in_with_email_address_or_username(client):
    user = UserFactory(username="morven", email="Morven.Fraser@example.org")
    user.set_password("a-long-password-1")
    user.save()
    for name in ("morven", "morven.fraser@example.org"):
        response = client.post(
            "/accounts/login/", {"username": name, "password": "a-long-password-1"}
        )
        assert response.status_code == 302, name
        client.logout()


def test_an_email_address_shared_by_two_accounts_signs_neither_in(client):
    for username in ("a", "b"):
        user = UserFactory(username=username, email="shared@example.org")
        user.set_password("a-long-password-1")
        user.save()
    response = client.post(
        "/accounts/login/", {"username": "shared@example.org", "password": "a-long-password-1"}
    )
    assert response.status_code == 200
