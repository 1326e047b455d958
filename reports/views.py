from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.access import assessment_for
from assessments.models import Assessment, Cycle
from pages import spreadsheets
from partnerships import selectors as partnership_selectors
from partnerships.access import partnership_for, require
from reports import exports, papers, services
from reports.committee import committee_paper_context, report_context
from reports.dashboard import dashboard_context
from reports.forms import CommitteePaperForm, CycleChoiceForm, chosen_cycle
from reports.home import home_context
from reports.models import CommitteePaper
from reports.national import default_cycle, national_context
from reports.national_paper import national_paper, result_rows
from reports.pdf import html_to_pdf
from reports.scrutiny import SHOW, scrutiny_year
from reports.services import ReminderRefused, scrutiny_reminders_send


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
    content = spreadsheets.render(
        fmt, exports.RATING_HEADER, exports.rating_rows(assessment), "Ratings"
    )
    return spreadsheets.download(fmt, content, filename=_file_stem(assessment, "ratings"))


@login_required
@require_GET
def action_plan_export(request, slug: str, fmt: str):
    partnership = partnership_for(request.user, slug)
    content = spreadsheets.render(
        fmt, exports.ACTION_HEADER, exports.action_rows(partnership), "Action plan"
    )
    return spreadsheets.download(fmt, content, filename=slugify(f"{partnership.slug}-action-plan"))


def _papers_listed(user, assessment):
    """The papers made from ``assessment`` that ``user`` may read (see :func:`_paper_for`), as
    the rows the page lists."""
    papers = assessment.committee_papers.order_by("-made_at", "-pk")
    if not user.has_perm("assessments.view_every_agency", assessment.partnership):
        papers = papers.filter(content__state=Assessment.State.APPROVED)
    return papers.values("pk", "meeting", "meeting_date", "public_meeting")


def _report_page(request, assessment, form=None, status=200):
    details = partnership_selectors.paper_details(assessment.partnership)
    may_make = request.user.has_perm("reports.make_paper", (assessment.partnership, assessment))
    context = {
        **report_context(assessment, details),
        "may_make": may_make,
        "form": form
        or (CommitteePaperForm(initial={"meeting": details["body"]}) if may_make else None),
        "papers": _papers_listed(request.user, assessment),
    }
    return render(request, "reports/report.html", context, status=status)


@login_required
@require_GET
def report(request, slug: str, pk: int):
    """The committee paper as it would be made now, with the form that makes one."""
    return _report_page(request, _readable_assessment(request.user, slug, pk))


@login_required
@require_GET
def report_pdf(request, slug: str, pk: int):
    """The report page as a PDF. WeasyPrint takes up to a second, so an approved assessment's is
    made once and kept (see ``reports.papers``); nothing in the query string makes work."""
    assessment = _readable_assessment(request.user, slug, pk)
    details = partnership_selectors.paper_details(assessment.partnership)
    content = papers.paper_pdf(
        assessment,
        details,
        lambda: html_to_pdf(
            render_to_string(
                "reports/report_pdf.html", report_context(assessment, details), request=request
            )
        ),
    )
    return _pdf_response(content, _file_stem(assessment, "report"))


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


def _national_only(user, perm: str = "reports.view_scrutiny") -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


def _newest_cycle():
    return Cycle.objects.order_by("-opens_on").first()


@login_required
@require_GET
def scrutiny(request):
    """The scrutiny year: every partnership's state for a cycle (the newest by default)."""
    _national_only(request.user)
    cycle, form, status = chosen_cycle(request.GET, default=_newest_cycle)
    show = request.GET.get("show", "all")
    show = show if show in SHOW else "all"
    context = {"form": form, "cycle": cycle, "show": show, "show_label": SHOW[show]}
    if cycle is not None:
        context |= scrutiny_year(cycle, show=context["show"], page=request.GET.get("page", 1))
    return render(request, "reports/scrutiny.html", context, status=status)


@login_required
@require_POST
def scrutiny_remind(request):
    """Send a reminder to the coordinators of every late partnership (once a day each)."""
    _national_only(request.user, "reports.send_scrutiny_reminder")
    form = CycleChoiceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a cycle from the list.")
        return redirect("reports:scrutiny")
    cycle = form.cleaned_data["cycle"]
    try:
        sent = scrutiny_reminders_send(cycle=cycle, by=request.user)
    except ReminderRefused as refusal:
        messages.error(request, str(refusal))
    else:
        if sent:
            names = ", ".join(r.partnership.name for r in sent[:10])
            more = f" and {len(sent) - 10} more" if len(sent) > 10 else ""
            messages.success(
                request,
                f"Reminder sent to the coordinators of {len(sent)} late "
                f"partnership{'s' if len(sent) != 1 else ''}: {names}{more}.",
            )
        else:
            messages.info(request, "Every late partnership has already been reminded today.")
    return redirect(f"{reverse('reports:scrutiny')}?{urlencode({'cycle': cycle.name})}")


def _paper(request):
    _national_only(request.user, "partnerships.view_national_overview")
    return chosen_cycle(request.GET, default=default_cycle)


@login_required
@require_GET
def national_report(request):
    cycle, form, status = _paper(request)
    context = {"form": form, "cycle": cycle}
    if cycle is not None:
        context |= national_paper(cycle)
    return render(request, "reports/national_report.html", context, status=status)


@login_required
@require_GET
def national_report_pdf(request):
    cycle, _form, status = _paper(request)
    if cycle is None or status != 200:
        raise Http404("No such cycle.")
    html = render_to_string(
        "reports/national_report_pdf.html", national_paper(cycle), request=request
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    stem = slugify(f"scotland-{cycle.name.replace('/', '-')}-national-report")
    response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def paper_make(request, slug: str, pk: int):
    """Make a committee paper for one meeting (the form is also on the report page)."""
    assessment = _readable_assessment(request.user, slug, pk)
    require(request.user, "reports.make_paper", (assessment.partnership, assessment))
    if request.method == "GET":
        return _report_page(request, assessment)
    form = CommitteePaperForm(request.POST)
    if not form.is_valid():
        return _report_page(request, assessment, form=form, status=400)
    paper = services.committee_paper_make(
        assessment=assessment, made_by=request.user, **form.cleaned_data
    )
    return redirect(paper)


def _paper_for(user, slug: str, pk: int, paper: int) -> CommitteePaper:
    """A made paper, readable by whoever may read its assessment's report."""
    assessment = _readable_assessment(user, slug, pk)
    found = get_object_or_404(CommitteePaper, pk=paper, assessment=assessment)
    # A paper made from a draft shows the draft's figures and every agency's own ratings: it
    # stays with those who may read a draft's report, even once the assessment is approved.
    if found.content.get("state") != Assessment.State.APPROVED and not user.has_perm(
        "assessments.view_every_agency", assessment.partnership
    ):
        raise Http404("No such paper.")
    found.assessment = assessment  # already loaded with its partnership and cycle
    return found


@login_required
@require_GET
def national_results_export(request, fmt: str):
    cycle, _form, status = _paper(request)
    if cycle is None or status != 200:
        raise Http404("No such cycle.")
    header, rows = result_rows(cycle)
    content = spreadsheets.render(fmt, header, rows, f"Results {cycle.name}".replace("/", "-"))
    stem = slugify(f"scotland-{cycle.name.replace('/', '-')}-results")
    return spreadsheets.download(fmt, content, filename=stem)


@login_required
@require_GET
def paper(request, slug: str, pk: int, paper: int):
    found = _paper_for(request.user, slug, pk, paper)
    return render(request, "reports/report_paper.html", committee_paper_context(found))


@login_required
@require_GET
def paper_pdf(request, slug: str, pk: int, paper: int):
    """A made paper's PDF: made on the first download and kept; it never changes."""
    found = _paper_for(request.user, slug, pk, paper)
    content = papers.committee_paper_pdf(
        found,
        lambda: html_to_pdf(
            render_to_string(
                "reports/report_pdf.html", committee_paper_context(found), request=request
            )
        ),
    )
    return _pdf_response(content, _file_stem(found.assessment, f"paper-{found.meeting_date}"))
