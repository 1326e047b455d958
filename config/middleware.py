"""Middleware of the site's own."""

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
