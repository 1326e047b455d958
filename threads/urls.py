from django.urls import path

from threads import (
    converters,  # noqa: F401 (registers the <code:...> converter)
    views,
)

app_name = "threads"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<code:code>/", views.thread, name="thread"),
]
