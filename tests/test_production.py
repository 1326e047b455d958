"""Production settings: Django's deploy checks are clean and secrets come from the environment."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.base",
    "DJANGO_SECRET_KEY": "x7!fQ2-production-like-secret-key-for-the-deploy-check-9Lp#vW4z",
    "DJANGO_ALLOWED_HOSTS": "threads.example.gov.uk",
}


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_values(monkeypatch):
    """The values behind the deploy check, read from a fresh import of the base settings."""
    import importlib

    for key, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("DJANGO_DEBUG", raising=False)
    import config.settings.base as base

    settings = importlib.reload(base)
    try:
        assert settings.DEBUG is False
        assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
        assert settings.SECURE_SSL_REDIRECT and settings.SECURE_HSTS_SECONDS >= 31_536_000
        assert settings.SECURE_REDIRECT_EXEMPT == [r"^healthz$"]
        assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
        assert "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"]
        directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
        assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
    finally:
        importlib.reload(base)


@pytest.mark.django_db
def test_pages_send_a_csp_without_unsafe_inline(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_templates_have_no_inline_script_or_style():
    """CSP would block them: scripts are files or JSON data; styles live in the stylesheet."""
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        if path.name == "report_pdf.html":  # rendered to PDF on the server, never served
            continue
        for match in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text):
            offenders.append(f"{path.name}: {match.group(0)}")
        if re.search(r"\sstyle=\"", text) or "<style" in text:
            offenders.append(f"{path.name}: inline style")
    assert offenders == []


@pytest.mark.django_db
def test_signed_in_pages_are_never_stored_by_browsers_or_proxies(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader"))
    for url in ("/", "/catalogue/", "/"):  # the second "/" comes from the page cache
        response = client.get(url)
        assert response.status_code == 200
        for directive in ("no-store", "private", "no-cache"):
            assert directive in response["Cache-Control"], (url, response["Cache-Control"])
