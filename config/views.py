from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request):
    """Liveness: answers without touching the database (the floor for performance ratios)."""
    return HttpResponse("ok", content_type="text/plain")
