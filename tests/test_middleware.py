"""Requests too large to accept are refused from their Content-Length, before the body is read."""

import io

import pytest
from django.test import RequestFactory

from config.middleware import RequestSizeLimitMiddleware
from tests.factories import AssessmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


class Untouchable(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_an_oversized_upload_is_refused_before_its_body_is_read(client, catalogue, settings):
    coordinator = MembershipFactory(role="coordinator")
    assessment = AssessmentFactory(partnership=coordinator.partnership, version=catalogue)
    client.force_login(coordinator.user)
    url = f"/p/{assessment.partnership.slug}/assessments/{assessment.pk}/sections/LR-1/"
    response = client.generic(
        "POST",
        url,
        b"",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(150 * 1024 * 1024),
        **{"wsgi.input": Untouchable()},
    )
    assert response.status_code == 413
    body = response.content.decode()
    assert "too large" in body and "10 MB" in body
    assert "Content-Security-Policy" in response.headers  # still through every middleware


def test_the_middleware_passes_a_normal_request():
    seen = []
    middleware = RequestSizeLimitMiddleware(lambda request: seen.append(request) or "ok")
    request = RequestFactory().post("/", {"a": "b"})
    assert middleware.process_view(request, None, (), {}) is None
    assert middleware(request) == "ok"


def test_a_bad_content_length_is_left_to_django():
    middleware = RequestSizeLimitMiddleware(lambda request: "ok")
    request = RequestFactory().post("/", {"a": "b"})
    request.META["CONTENT_LENGTH"] = "not a number"
    assert middleware.process_view(request, None, (), {}) is None


def test_a_section_with_four_full_size_files_is_not_refused():
    middleware = RequestSizeLimitMiddleware(lambda request: "ok")
    request = RequestFactory().post("/", {"a": "b"})
    request.META["CONTENT_LENGTH"] = str(4 * 10 * 1024 * 1024 + 200_000)
    assert middleware.process_view(request, None, (), {}) is None
