"""The address a request came from, for the sign-in throttle (django-axes).

Behind a load balancer or proxy every request arrives from the proxy's own address, so throttling
by address would lock everyone out together. With ``DJANGO_PROXY_COUNT`` set to the number of
proxies in front of the app, each of which appends the address it received the request from to
``X-Forwarded-For``, the client is that many entries from the right; the entries to their left
could have been written by the client and are never trusted.
"""

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    return forwarded[-count] if len(forwarded) >= count else remote
