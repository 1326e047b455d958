from django.urls import path

from partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("p/<slug:slug>/", views.partnership_detail, name="partnership"),
    path("p/<slug:slug>/members/", views.members, name="members"),
    path("p/<slug:slug>/paper-details/", views.paper_details, name="paper_details"),
    path("p/<slug:slug>/members/<int:pk>/", views.member_edit, name="member_edit"),
    path("p/<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("p/<slug:slug>/members/<int:pk>/resend/", views.member_resend, name="member_resend"),
    path(
        "accounts/invitation/<uidb64>/<token>/",
        views.invitation_accept,
        name="invitation_accept",
    ),
]
