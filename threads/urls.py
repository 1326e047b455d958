from django.urls import path

from pages import converters  # noqa: F401 (registers the <code:...> converter)
from threads import views

app_name = "threads"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<code:code>/", views.thread, name="thread"),
]
