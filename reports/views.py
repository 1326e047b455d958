from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from assessments.access import assessment_for
from assessments.models import Assessment
from pagecache import stamps
from pagecache.fragments import cached_bytes, cached_page
from partnerships.selectors import partnership_for
from reports import exports
from reports.committee import report_context
from reports.dashboard import dashboard_context
from reports.national import national_context
from reports.pdf import html_to_pdf


@login_required
@require_GET
def dashboard(request, slug: str):
    partnership = partnership_for(request.user, slug)
    return cached_page(
        request,
        stamps.of_partnership(partnership),
        "reports/dashboard.html",
        lambda: dashboard_context(partnership, request.user),
    )


@login_required
@require_GET
def national(request):
    if not request.user.has_perm("partnerships.view_national_overview"):
        raise PermissionDenied
    return cached_page(
        request,
        stamps.tokens(stamps.SHARED, stamps.PARTNERSHIPS, stamps.RESULTS),
        "reports/national.html",
        lambda: national_context(request.GET),
    )


def _file_stem(assessment, what: str) -> str:
    cycle = assessment.cycle.name.replace("/", "-")
    return slugify(f"{assessment.partnership.slug}-{cycle}-{what}")


def _readable_assessment(user, slug: str, pk: int):
    """The assessment for a report or export. A draft shows every agency's own ratings, which
    respondents may not see before moderation: only its coordinator and approver (and admins)."""
    partnership, assessment = assessment_for(user, slug, pk)
    if assessment.state != Assessment.State.APPROVED and not user.has_perm(
        "assessments.view_every_agency", partnership
    ):
        raise Http404("No such assessment.")
    return assessment


@login_required
@require_GET
def ratings_export(request, slug: str, pk: int, fmt: str):
    assessment = _readable_assessment(request.user, slug, pk)
    content = cached_bytes(
        request,
        stamps.of_partnership(assessment.partnership),
        lambda: exports.render(
            fmt, exports.RATING_HEADER, exports.rating_rows(assessment), "Ratings"
        ),
    )
    return exports.download(fmt, content, filename=_file_stem(assessment, "ratings"))


@login_required
@require_GET
def action_plan_export(request, slug: str, fmt: str):
    partnership = partnership_for(request.user, slug)
    content = cached_bytes(
        request,
        stamps.of_partnership(partnership),
        lambda: exports.render(
            fmt, exports.ACTION_HEADER, exports.action_rows(partnership), "Action plan"
        ),
    )
    return exports.download(fmt, content, filename=slugify(f"{partnership.slug}-action-plan"))


@login_required
@require_GET
def report(request, slug: str, pk: int):
    assessment = _readable_assessment(request.user, slug, pk)
    return cached_page(
        request,
        stamps.of_partnership(assessment.partnership),
        "reports/report.html",
        lambda: report_context(assessment),
    )


@login_required
@require_GET
def report_pdf(request, slug: str, pk: int):
    assessment = _readable_assessment(request.user, slug, pk)
    content = cached_bytes(  # WeasyPrint takes up to a second: make it once per change
        request,
        stamps.of_partnership(assessment.partnership),
        lambda: html_to_pdf(
            render_to_string("reports/report_pdf.html", report_context(assessment), request=request)
        ),
    )
    response = HttpResponse(content, content_type="application/pdf")
    filename = _file_stem(assessment, "report")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response
