"""The public-sector pages every UK public service publishes: the accessibility statement, the
privacy notice and the cookies page. Readable without signing in, linked from every footer.

This app is a bottom layer: it imports nothing of Threads' own, so every other app may link to it.
"""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET


def _context() -> dict:
    return {
        "contact_email": settings.THREADS_CONTACT_EMAIL,
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
    }


@require_GET
def accessibility(request):
    return render(request, "pages/accessibility.html", _context())


@require_GET
def privacy(request):
    return render(request, "pages/privacy.html", _context())


@require_GET
def cookies(request):
    return render(request, "pages/cookies.html", _context())
