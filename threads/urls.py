from django.urls import path

from threads import views

app_name = "threads"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<str:code>/", views.thread, name="thread"),
]
