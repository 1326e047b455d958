from django.contrib import admin
from django.urls import include, path

from config.views import healthz
from people.views import ThrottledPasswordResetView

admin.site.site_header = "Threads administration"
admin.site.site_title = "Threads admin"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Before Django's own, which it replaces: the same form, throttled.
    path(
        "accounts/password_reset/",
        ThrottledPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("pages.urls")),
    path("", include("people.urls")),
    path("catalogue/", include("threads.urls")),
    path("api/", include("api.urls")),
    path("practice/", include("practice.urls")),
    path("", include("reports.urls")),
    path("", include("scorecard.urls")),
    path("", include("assessments.urls")),
    path("", include("partnerships.urls")),
]
