from django.urls import path

from assessments import views
from pages import converters  # noqa: F401 (registers the <code:...> converter)

app_name = "assessments"

urlpatterns = [
    path("p/<slug:slug>/assessments/", views.assessment_list, name="assessment_list"),
    path("p/<slug:slug>/assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path(
        "p/<slug:slug>/assessments/<int:pk>/sections/<code:code>/",
        views.section,
        name="assessment_section",
    ),
    path(
        "p/<slug:slug>/assessments/<int:pk>/history/<code:code>/",
        views.indicator_history,
        name="indicator_history",
    ),
    path("p/<slug:slug>/assessments/<int:pk>/submit/", views.submit, name="assessment_submit"),
    path("p/<slug:slug>/assessments/<int:pk>/decide/", views.decide, name="assessment_decide"),
    path("p/<slug:slug>/assessments/<int:pk>/reopen/", views.reopen, name="assessment_reopen"),
    path(
        "p/<slug:slug>/assessments/<int:pk>/moderation/",
        views.open_moderation,
        name="assessment_open_moderation",
    ),
    path(
        "p/<slug:slug>/assessments/<int:pk>/response/",
        views.response_complete,
        name="response_complete",
    ),
    path("session/keep-alive/", views.keep_alive, name="keep_alive"),
    path("p/<slug:slug>/evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("p/<slug:slug>/actions/", views.action_plan, name="action_plan"),
    path("p/<slug:slug>/actions/accept/", views.action_accept, name="action_accept"),
    path("p/<slug:slug>/actions/<int:pk>/", views.action_edit, name="action_edit"),
]
