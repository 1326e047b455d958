"""Cached rendering of whole pages and downloads.

A page is cached under a key made of its URL, the person (pages differ by role) and the stamps of
the data it shows, and kept for ``PAGECACHE_SECONDS`` at most. The view checks the person's right
to see the page before it asks; the two things that differ per request, the CSRF token and the
one-off messages, are left as holes in the cached HTML and filled on the way out.
"""

import hashlib
import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone

# Random per process (the pages are cached per process too), so no text someone types can match.
CSRF_HOLE = f"pagecache-csrf-{secrets.token_hex(16)}"
MESSAGES_HOLE = f"<!--pagecache-messages-{secrets.token_hex(16)}-->"


def person_key(user) -> tuple:
    """What about the person can change a page: who they are and their site-wide roles."""
    return (
        user.pk,
        user.get_username(),  # shown in the header
        user.is_staff,
        user.is_superuser,
        getattr(user, "in_national_group", None),
    )


def cache_key(name: str, user, parts: tuple) -> str:
    # Today's date is part of every key: pages say what is overdue.
    material = (person_key(user), timezone.localdate().isoformat(), *parts)
    return f"pagecache:{name}:{hashlib.sha256(repr(material).encode()).hexdigest()}"


def cached_page(
    request, parts: tuple, template: str, context: Callable[[], dict], status: int = 200
) -> HttpResponse:
    """``template`` rendered with ``context()``, from the cache when the URL, the person and
    ``parts`` (every stamp of the data the page shows) are unchanged.

    ``context`` may set ``"status"`` to answer with another status (a form refused, say); the
    status is cached with the page.
    """
    key = cache_key("page", request.user, (request.get_full_path(), *parts))
    cached = caches["pages"].get(key)
    if cached is None:
        values = context()
        status = values.pop("status", status)
        values.update(csrf_token=CSRF_HOLE, pagecache_messages_hole=MESSAGES_HOLE)
        cached = (status, render_to_string(template, values, request=request))
        caches["pages"].set(key, cached, settings.PAGECACHE_SECONDS)
    status, html = cached
    return HttpResponse(_fill_holes(request, html), status=status)


def _fill_holes(request, html: str) -> str:
    if CSRF_HOLE in html:
        html = html.replace(CSRF_HOLE, get_token(request))
    if not list(get_messages(request)):  # the common case: nothing to say, nothing to render
        return html.replace(MESSAGES_HOLE, "")
    messages = render_to_string("includes/messages.html", request=request)
    return html.replace(MESSAGES_HOLE, messages.strip())


def cached_bytes(request, parts: tuple, build: Callable[[], bytes]) -> bytes:
    """A download's content, from the cache when the URL, the person and ``parts`` are unchanged."""
    key = cache_key("download", request.user, (request.get_full_path(), *parts))
    content = caches["pages"].get(key)
    if content is None:
        content = build()
        caches["pages"].set(key, content, settings.PAGECACHE_SECONDS)
    return content
