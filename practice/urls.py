from django.urls import path

from practice import views

app_name = "practice"

urlpatterns = [
    path("", views.library, name="library"),
    path("in-progress/", views.in_progress, name="in_progress"),
    path("new/", views.example_new, name="example_new"),
    path("<int:pk>/", views.example_detail, name="example"),
    path("<int:pk>/edit/", views.example_edit, name="example_edit"),
    path("<int:pk>/submit/", views.example_submit, name="example_submit"),
    path("<int:pk>/review/", views.example_review, name="example_review"),
    path("<int:pk>/public/", views.example_public, name="example_public"),
    path("<int:pk>/adopt/", views.example_adopt, name="example_adopt"),
    path("files/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("files/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
]
