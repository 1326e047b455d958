"""Benchmark settings: production settings (debug off, manifest static files, PBKDF2) served over
plain HTTP on loopback, against the benchmark database."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abc")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from config.settings.base import *  # noqa: E402,F403
from config.settings.base import BASE_DIR  # noqa: E402

DEBUG = False
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STATIC_ROOT = BASE_DIR / "bench" / ".static"
MEDIA_ROOT = BASE_DIR / "bench" / ".media"
AXES_ENABLED = False  # the load test signs in many users from one address
LOGGING = {"version": 1, "disable_existing_loggers": False}
