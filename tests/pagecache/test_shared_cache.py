"""With DJANGO_CACHE_URL the sessions live in Redis (and the database); without it, in the
database alone. The live test runs against a real redis-server (CI installs it)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from tests.test_production import PRODUCTION_ENV, manage

SHOW = (
    "shell",
    "-c",
    "from django.conf import settings as s; "
    "print(s.SESSION_ENGINE, s.CACHES['default']['BACKEND'], s.CACHES['pages']['BACKEND'])",
)


def test_sessions_stay_in_the_database_without_a_shared_cache():
    result = manage(*SHOW, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    engine, default, pages = result.stdout.splitlines()[-1].split()
    assert engine == "django.contrib.sessions.backends.db"
    assert default.endswith("LocMemCache") and pages.endswith("LocMemCache")


def test_a_shared_cache_holds_the_sessions_and_pages_stay_local():
    env = {**PRODUCTION_ENV, "DJANGO_CACHE_URL": "redis://cache.internal:6379/0"}
    result = manage(*SHOW, env=env)
    assert result.returncode == 0, result.stderr
    engine, default, pages = result.stdout.splitlines()[-1].split()
    assert engine == "django.contrib.sessions.backends.cached_db"
    assert default.endswith("RedisCache") and pages.endswith("LocMemCache")


def test_a_cache_url_that_is_not_redis_is_refused():
    env = {**PRODUCTION_ENV, "DJANGO_CACHE_URL": "memcached://cache.internal:11211"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_CACHE_URL must be a redis://" in result.stderr


@pytest.fixture
def redis_url():
    from bench.redis import server

    with server() as url:
        if url is None:
            pytest.skip("redis-server is not installed (.ci/run installs it)")
        yield url


@pytest.mark.django_db
def test_sessions_in_redis_end_on_sign_out_for_every_app_server(settings, redis_url, demo):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
        },
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    try:
        client = Client()
        client.force_login(get_user_model().objects.get(username="officer"))
        session_key = client.cookies["sessionid"].value
        assert caches["default"].get(f"django.contrib.sessions.cached_db{session_key}")
        assert client.get(reverse("home")).status_code == 200
        # Another app server: same cookie, same shared cache.
        other = Client()
        other.cookies["sessionid"] = session_key
        assert other.get(reverse("home")).status_code == 200
        client.post(reverse("logout"))
        assert caches["default"].get(f"django.contrib.sessions.cached_db{session_key}") is None
        assert other.get(reverse("home")).status_code == 302  # back to sign-in
    finally:
        caches["default"].clear()
