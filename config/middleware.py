"""Middleware of the site's own."""

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


class PrivatePagesMiddleware:
    """Pages for a signed-in person are never stored by a browser or a proxy.

    Council staff share computers: after signing out, the back button or a proxy must not show a
    partnership's ratings again. Responses that set their own caching (static files) are left.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if "Cache-Control" not in response and user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than ``MAX_REQUEST_BYTES`` from its Content-Length, before a
    byte of it is read (a 150 MB upload would otherwise be received whole, then refused).

    It acts in ``process_view``, ahead of the CSRF check (the first to read ``request.POST``), so
    the 413 page still passes back through every middleware (security headers, CSP, no-store).
    A body sent without a Content-Length is left to Django's own limits.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MAX_REQUEST_BYTES
        if length > limit:
            context = {"limit_mb": limit // (1024 * 1024), "file_mb": 10}
            return render(request, "413.html", context, status=413)
        return None
