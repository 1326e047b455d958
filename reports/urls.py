from django.urls import path

from pages import converters  # noqa: F401 (registers <fmt:...>)
from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("national/", views.national, name="national_overview"),
    path("national/scrutiny/", views.scrutiny, name="scrutiny"),
    path("national/scrutiny/remind/", views.scrutiny_remind, name="scrutiny_remind"),
    path("national/report/", views.national_report, name="national_report"),
    path("national/report.pdf", views.national_report_pdf, name="national_report_pdf"),
    path(
        "national/results.<fmt:fmt>", views.national_results_export, name="national_results_export"
    ),
    path("p/<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path(
        "p/<slug:slug>/assessments/<int:pk>/ratings.<fmt:fmt>",
        views.ratings_export,
        name="ratings_export",
    ),
    path("p/<slug:slug>/assessments/<int:pk>/report/", views.report, name="assessment_report"),
    path(
        "p/<slug:slug>/assessments/<int:pk>/report.pdf",
        views.report_pdf,
        name="assessment_report_pdf",
    ),
    path(
        "p/<slug:slug>/assessments/<int:pk>/papers/new/",
        views.paper_make,
        name="paper_make",
    ),
    path(
        "p/<slug:slug>/assessments/<int:pk>/papers/<int:paper>/",
        views.paper,
        name="paper",
    ),
    path(
        "p/<slug:slug>/assessments/<int:pk>/papers/<int:paper>.pdf",
        views.paper_pdf,
        name="paper_pdf",
    ),
    path("p/<slug:slug>/actions/export.<fmt:fmt>", views.action_plan_export, name="action_export"),
]
