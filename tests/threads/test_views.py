"""The read-only catalogue pages."""

import pytest
from django.urls import reverse
from django.utils.html import escape


def test_catalogue_needs_sign_in(client, catalogue):
    response = client.get(reverse("threads:catalogue"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_catalogue_overview_lists_issues_recommendations_and_indicators(
    client, django_user_model, catalogue
):
    client.force_login(django_user_model.objects.create_user("reader"))
    response = client.get(reverse("threads:catalogue"))
    text = response.content.decode()
    assert response.status_code == 200
    for code in ["KLI-1", "KLI-5", "LR-1", "LR-8", "LR-4.1", "KNI-3", "NR-6"]:
        assert code in text
    lr4 = catalogue.threads.get(code="LR-4")
    assert lr4.title in text
    for code in ["LR-1", "LR-8", "NR-6"]:  # local and national recommendations link their pages
        assert f'href="{reverse("threads:thread", args=[code])}"' in text


def test_catalogue_overview_query_count_is_fixed(
    client, django_user_model, catalogue, django_assert_max_num_queries
):
    client.force_login(django_user_model.objects.create_user("reader"))
    with django_assert_max_num_queries(8):  # a first view; a repeat view: tests/pagecache
        client.get(reverse("threads:catalogue"))


def test_thread_page_shows_every_level_descriptor(client, django_user_model, catalogue):
    client.force_login(django_user_model.objects.create_user("reader"))
    response = client.get(reverse("threads:thread", args=["LR-4"]))
    text = response.content.decode()
    for indicator in catalogue.indicators.filter(thread__code="LR-4"):
        assert indicator.code in text
        for descriptor in indicator.descriptors.all():
            assert escape(descriptor.descriptor) in text


@pytest.mark.parametrize("code", ["LR-99", "lr-1", "../admin"])
def test_unknown_thread_is_404(client, django_user_model, catalogue, code):
    client.force_login(django_user_model.objects.create_user("reader"))
    assert client.get(f"/catalogue/{code}/").status_code == 404


def test_healthz_answers_ok_without_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
