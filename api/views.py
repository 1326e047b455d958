"""The read-only API: partnerships, cycles and approved results, for the national bodies'
analysts. Token authentication only (tokens are issued and revoked in the admin); every list is
paged and costs a fixed number of queries whatever the number of partnerships."""

from django.db.models import F
from django.shortcuts import render
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.pagination import PageNumberPagination

from api.access import (
    approved_count,
    sees_everything,
    visible_measures,
    visible_partnerships,
    visible_results,
)
from api.serializers import (
    CycleSerializer,
    MeasureSerializer,
    PartnershipSerializer,
    ResultSerializer,
)
from assessments.models import Cycle
from pages.text import clean_text
from reports.national import CountedPaginator


def _param(request, name: str) -> str:
    """A filter from the query string, without control characters (PostgreSQL refuses a NUL in
    text, which would otherwise be a 500)."""
    return clean_text(request.query_params.get(name, ""))


@extend_schema_view(
    get=extend_schema(
        summary="Partnerships",
        description="Every partnership for a national token; a member's token lists only the "
        "partnerships the person belongs to.",
    )
)
class PartnershipList(generics.ListAPIView):
    serializer_class = PartnershipSerializer

    def get_queryset(self):
        return visible_partnerships(self.request.user)


@extend_schema_view(get=extend_schema(summary="One partnership"))
class PartnershipDetail(generics.RetrieveAPIView):
    serializer_class = PartnershipSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return visible_partnerships(self.request.user)


@extend_schema_view(get=extend_schema(summary="Assessment cycles", description="Newest first."))
class CycleList(generics.ListAPIView):
    serializer_class = CycleSerializer
    queryset = Cycle.objects.order_by("-opens_on")


class KnownCountPagination(PageNumberPagination):
    """The usual page-number paging (same response: count, next, previous, results), told the
    count when the view knows it without counting rows (``view.known_count``)."""

    def paginate_queryset(self, queryset, request, view=None):
        self.known_count = getattr(view, "known_count", None)
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, object_list, per_page):
        if self.known_count is None:
            return PageNumberPagination.django_paginator_class(object_list, per_page)
        return CountedPaginator(object_list, per_page, count=self.known_count)


@extend_schema_view(
    get=extend_schema(
        summary="Approved results",
        description="Approved results only (never drafts), newest cycle first: stage, key local "
        "issue and local recommendation scores, and the gaps to the next stage, exactly as "
        "scored at approval.",
        parameters=[
            OpenApiParameter("cycle", str, description='A cycle\'s name, e.g. "2004/05".'),
            OpenApiParameter("partnership", str, description="A partnership's slug."),
        ],
    )
)
class ResultList(generics.ListAPIView):
    serializer_class = ResultSerializer
    pagination_class = KnownCountPagination
    in_index_order = False  # one cycle's results: read in order from its (cycle, name) index

    def paginate_queryset(self, queryset):
        """A page is cut from the ordered keys alone, then its fifty results are read with their
        stored output (one more query), so the database decodes the output of the results it
        returns only, not of every row it sorts (all cycles at once) or skips (a later page).
        The first page of one cycle needs no such step: its index gives the rows in order and
        the reading stops at fifty."""
        first_page = self.request.query_params.get(self.paginator.page_query_param, "1") == "1"
        if self.in_index_order and first_page:
            return super().paginate_queryset(queryset)
        keys = super().paginate_queryset(queryset.values_list("assessment_id", flat=True))
        if keys is None:
            return None
        rows = {row["assessment_id"]: row for row in queryset.filter(assessment_id__in=keys)}
        return [rows[key] for key in keys]

    def get_queryset(self):
        """A cycle's results in name order read the snapshot's (cycle, name) index, fifty rows at
        a time; for a national reader the count comes from the cycles' summaries, so a page costs
        the same whatever the number of partnerships."""
        results = visible_results(self.request.user)
        everything = sees_everything(self.request.user)
        if name := _param(self.request, "cycle"):
            # The cycle with how many approved results it has (its summary's), in one query.
            cycle = (
                Cycle.objects.filter(name=name)
                .annotate(approved=F("summary__assessed"))
                .only("pk")
                .first()
            )
            if cycle is None:
                return results.none()
            results = results.filter(cycle=cycle).order_by("partnership_name")
            count = cycle.approved or 0
            self.in_index_order = True
        else:
            results = results.order_by("-cycle__opens_on", "partnership_name")
            count = approved_count() if everything else None
        if partnership := _param(self.request, "partnership"):
            results = results.filter(partnership__slug=partnership)
        elif everything:
            self.known_count = count
        return results


@extend_schema_view(get=extend_schema(summary="One approved result (by assessment id)"))
class ResultDetail(generics.RetrieveAPIView):
    serializer_class = ResultSerializer

    def get_queryset(self):
        return visible_results(self.request.user)


@extend_schema_view(
    get=extend_schema(
        summary="Adopted scorecard measures",
        description="Scorecard measures adopted from the national library (the same code in "
        "every partnership, so they compare), each with its baseline, target, latest figure "
        "and computed status; a member's token sees only their partnership's.",
        parameters=[
            OpenApiParameter("code", str, description='A library code, e.g. "FEAR-OF-CRIME".'),
            OpenApiParameter("partnership", str, description="A partnership's slug."),
        ],
    )
)
class MeasureList(generics.ListAPIView):
    serializer_class = MeasureSerializer

    def get_queryset(self):
        measures = visible_measures(self.request.user)
        if code := _param(self.request, "code"):
            measures = measures.filter(code=code)
        if partnership := _param(self.request, "partnership"):
            measures = measures.filter(partnership__slug=partnership)
        return measures.order_by("code", "partnership__name")


def _schema_operations(schema: dict) -> list[dict]:
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            operations.append(
                {
                    "path": path,
                    "method": method.upper(),
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": operation.get("parameters", []),
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return operations


@require_GET
def docs(request):
    """A readable page of the OpenAPI schema, drawn on the server (no script, no CDN)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    context = {
        "info": schema.get("info", {}),
        "operations": _schema_operations(schema),
        "components": sorted(schema.get("components", {}).get("schemas", {}).items()),
    }
    return render(request, "api/docs.html", context)
