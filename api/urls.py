from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from api import views

app_name = "api"

urlpatterns = [
    # The schema and its page are readable without signing in (DESIGN.md contract).
    path(
        "schema/",
        SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[AllowAny]),
        name="schema",
    ),
    path("docs/", views.docs, name="docs"),
    path("partnerships/", views.PartnershipList.as_view(), name="partnership_list"),
    path("partnerships/<slug:slug>/", views.PartnershipDetail.as_view(), name="partnership"),
    path("cycles/", views.CycleList.as_view(), name="cycle_list"),
    path("results/", views.ResultList.as_view(), name="result_list"),
    path("results/<int:pk>/", views.ResultDetail.as_view(), name="result"),
    path("measures/", views.MeasureList.as_view(), name="measure_list"),
]
