"""API rate limits (DRF throttling, counted in the default cache): per token, and per address
for requests without one. Rates come from settings (``DJANGO_API_RATE``,
``DJANGO_API_ANON_RATE``)."""

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class ApiUserThrottle(UserRateThrottle):
    scope = "api_user"


class ApiAnonThrottle(AnonRateThrottle):
    scope = "api_anon"
