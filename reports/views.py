from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from assessments.access import assessment_for
from assessments.models import Assessment
from partnerships.access import partnership_for
from reports import exports, papers
from reports.committee import report_context
from reports.dashboard import dashboard_context
from reports.home import home_context
from reports.national import national_context
from reports.pdf import html_to_pdf


@login_required
@require_GET
def home(request):
    return render(request, "partnerships/home.html", home_context(request.user))


@login_required
@require_GET
def dashboard(request, slug: str):
    partnership = partnership_for(request.user, slug)
    return render(request, "reports/dashboard.html", dashboard_context(partnership, request.user))


@login_required
@require_GET
def national(request):
    if not request.user.has_perm("partnerships.view_national_overview"):
        raise PermissionDenied
    context = national_context(request.GET)
    return render(request, "reports/national.html", context, status=context.pop("status"))


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
    content = exports.render(fmt, exports.RATING_HEADER, exports.rating_rows(assessment), "Ratings")
    return exports.download(fmt, content, filename=_file_stem(assessment, "ratings"))


@login_required
@require_GET
def action_plan_export(request, slug: str, fmt: str):
    partnership = partnership_for(request.user, slug)
    content = exports.render(
        fmt, exports.ACTION_HEADER, exports.action_rows(partnership), "Action plan"
    )
    return exports.download(fmt, content, filename=slugify(f"{partnership.slug}-action-plan"))


@login_required
@require_GET
def report(request, slug: str, pk: int):
    assessment = _readable_assessment(request.user, slug, pk)
    return render(request, "reports/report.html", report_context(assessment))


@login_required
@require_GET
def report_pdf(request, slug: str, pk: int):
    """The committee paper as a PDF. WeasyPrint takes up to a second, so an approved paper's PDF
    is made once and kept (see ``reports.papers``); nothing in the query string makes work."""
    assessment = _readable_assessment(request.user, slug, pk)
    content = papers.paper_pdf(
        assessment,
        lambda: html_to_pdf(
            render_to_string("reports/report_pdf.html", report_context(assessment), request=request)
        ),
    )
    response = HttpResponse(content, content_type="application/pdf")
    filename = _file_stem(assessment, "report")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response
