from django.urls import path

from pages import converters  # noqa: F401 (registers <code:...> and <fmt:...>)
from scorecard import views

app_name = "scorecard"

urlpatterns = [
    path("p/<slug:slug>/scorecard/", views.scorecard, name="scorecard"),
    path("p/<slug:slug>/scorecard/measures/new/", views.measure_add, name="measure_add"),
    path("p/<slug:slug>/scorecard/measures/<code:code>/", views.measure, name="measure"),
    path(
        "p/<slug:slug>/scorecard/measures/<code:code>/edit/",
        views.measure_edit,
        name="measure_edit",
    ),
    path(
        "p/<slug:slug>/scorecard/measures/<code:code>/figures/new/",
        views.actual_add,
        name="actual_add",
    ),
    path("p/<slug:slug>/scorecard/import/", views.actuals_import, name="actuals_import"),
    path(
        "p/<slug:slug>/scorecard/actuals.<fmt:fmt>",
        views.actuals_export,
        name="actuals_export",
    ),
    path("national/measures/", views.national_measures, name="national"),
]
