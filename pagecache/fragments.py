"""Cached rendering of a page's main content.

A fragment is cached under a key made of the view, its arguments, the person (their pages differ
by role) and the stamps of the data it shows, and kept for ``PAGECACHE_SECONDS`` at most. The
person's right to see the page is always checked before the cache is consulted; the site's header,
messages and CSRF tokens are rendered fresh on every request.
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

# Rendered in place of the CSRF token, which differs per request, and swapped for it on the way out.
CSRF_HOLE = "pagecache-csrf-token-0f3c9a"


def person_key(user) -> tuple:
    """What about the person can change a page: who they are and their site-wide roles."""
    return (user.pk, user.is_staff, user.is_superuser, getattr(user, "in_national_group", None))


def fragment_key(name: str, *parts) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"pagecache:{name}:{digest}"


def cached_fragment(
    request, name: str, parts: tuple, template: str, context: Callable[[], dict]
) -> SafeString:
    """``template`` rendered with ``context()``, from the cache when ``parts`` are unchanged.

    ``parts`` must hold every stamp of the data the fragment shows; today's date is added because
    pages say what is overdue.
    """
    key = fragment_key(name, person_key(request.user), timezone.localdate().isoformat(), *parts)
    html = cache.get(key)
    if html is None:
        html = render_to_string(template, {**context(), "csrf_token": CSRF_HOLE}, request=request)
        cache.set(key, html, settings.PAGECACHE_SECONDS)
    if CSRF_HOLE in html:
        html = html.replace(CSRF_HOLE, get_token(request))
    return mark_safe(html)  # noqa: S308 - rendered by our own templates with autoescaping


def cached_bytes(user, name: str, parts: tuple, build: Callable[[], bytes]) -> bytes:
    """A download's content, from the cache when ``parts`` are unchanged."""
    key = fragment_key(name, person_key(user), timezone.localdate().isoformat(), *parts)
    content = cache.get(key)
    if content is None:
        content = build()
        cache.set(key, content, settings.PAGECACHE_SECONDS)
    return content
