from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from assessments import history, selectors, services, session_clock
from assessments.access import action_for, assessment_for, evidence_for, membership_of, require
from assessments.forms import (
    ActionForm,
    CommentForm,
    DecisionForm,
    StartAssessmentForm,
    SuggestionForm,
)
from assessments.models import Assessment
from assessments.section import section_page
from pages.forms import add_service_errors
from partnerships.access import partnership_for

UPLOAD_UNREADABLE = (
    "The form could not be read, so nothing was saved: a chosen file's name is probably too "
    "long. Rename the file to something shorter, then fill in the section and save again."
)
EVIDENCE_NOT_STORED = (
    "The evidence file could not be stored, so nothing was saved. Try again, or save without "
    "the file and add it later."
)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_list(request, slug: str):
    partnership = partnership_for(request.user, slug)
    visible = Assessment.objects.filter(partnership=partnership).select_related("cycle")
    if not request.user.has_perm("assessments.view_drafts", partnership):
        visible = visible.filter(state=Assessment.State.APPROVED)
    can_start = request.user.has_perm("assessments.moderate", partnership)
    form = StartAssessmentForm(request.POST or None, partnership=partnership)
    if request.method == "POST":
        require(request.user, "assessments.moderate", partnership)
        if form.is_valid():
            try:
                assessment = services.assessment_start(
                    partnership=partnership, cycle=form.cleaned_data["cycle"], by=request.user
                )
            except ValidationError as error:
                form.add_error("cycle", error.messages)
            else:
                messages.success(request, f"Started the {assessment.cycle} assessment.")
                return redirect(assessment)
    context = {
        "partnership": partnership,
        "assessments": visible.order_by("-cycle__opens_on"),
        "form": form if can_start else None,
    }
    return render(request, "assessments/list.html", context, status=400 if form.errors else 200)


@login_required
def assessment_detail(request, slug: str, pk: int):
    partnership, assessment = assessment_for(request.user, slug, pk)
    context = selectors.overview_context(request.user, partnership, assessment)
    return render(request, "assessments/detail.html", context)


@require_http_methods(["GET", "POST"])
def section(request, slug: str, pk: int, code: str):
    if not request.user.is_authenticated:
        editable = Assessment.objects.filter(
            pk=pk,
            partnership__slug=slug,
            state__in=[Assessment.State.DRAFT, Assessment.State.RETURNED],
        )
        if request.method == "POST" and editable.exists():
            # The session ended while they typed: keep the typing against a one-time key, carried
            # through sign-in, and give it back on this page.
            key = services.form_keep(path=request.path, data=request.POST)
            if key:
                # Bound to this browser: only its session may take the typing back, so a key
                # sent to someone else cannot fill their form with another's text.
                request.session[KEPT_KEYS] = [*request.session.get(KEPT_KEYS, []), key][-5:]
                return redirect_to_login(f"{request.path}?{RESTORE}={key}")
        return redirect_to_login(request.get_full_path())
    partnership, assessment = assessment_for(request.user, slug, pk)
    page = section_page(request.user, partnership, assessment, code)
    timing = {
        "session_seconds": session_clock.seconds_left(request.session) if page.can_edit else None
    }
    if request.method == "GET":
        kept = request.GET.get(RESTORE)
        mine = kept in request.session.get(KEPT_KEYS, [])
        data = (
            services.form_take(key=kept, path=request.path)
            if kept and mine and page.may_answer
            else None
        )
        if data is not None:
            form = page.form(data)
            return render(
                request,
                "assessments/section.html",
                page.context(form, restored=True, **timing),
            )
        return render(request, "assessments/section.html", page.context(page.form(), **timing))
    if not page.may_answer:
        raise PermissionDenied
    try:
        form = page.form(request.POST or None, request.FILES or None)
    except MultiPartParserError:  # e.g. a file name or type past Django's 1 KB header limit
        form = page.form({})
        form.is_valid()
        form.add_error(None, UPLOAD_UNREADABLE)
        return render(request, "assessments/section.html", page.context(form), status=400)
    if not page.can_edit:
        # Submitted or approved while they typed: keep what they typed and say why.
        form.is_valid()
        form.add_error(None, services.not_editable_message(assessment))
        return render(request, "assessments/section.html", page.context(form), status=409)
    conflicts = []
    if form.is_valid():
        try:
            changed = services.section_save(
                assessment=assessment,
                membership=page.membership if page.is_respondent else None,
                answers=form.answers(),
                uploads=list(form.uploads()),
                by=request.user,
            )
        except services.StaleSave as stale:
            conflicts = stale.conflicts
            # Show their answers again, now against the other person's revision, so that saving
            # again after comparing goes through.
            form = page.form(_with_revisions(request.POST, conflicts))
        except ValidationError as error:
            add_service_errors(form, error)
        except OSError:  # the file store refused (full, unavailable): keep what they typed
            form.add_error(None, EVIDENCE_NOT_STORED)
        else:
            messages.success(request, f"Saved {page.thread.code}: {changed} answer(s) changed.")
            return redirect(_after_save(request, partnership, assessment, page))
    status = 409 if conflicts else 400 if form.errors else 200
    return render(
        request, "assessments/section.html", page.context(form, conflicts, **timing), status=status
    )


RESTORE = "restore"
#: The keys of typing this browser kept (in its session, which survives signing in).
KEPT_KEYS = "kept_forms"


def _after_save(request, partnership, assessment, page) -> str:
    """ "Save and return to the task list", or "Save and continue" to the next section that still
    needs work; after the last one, the coordinator goes on to submit."""
    if request.POST.get("then") == "return":
        return assessment.get_absolute_url()
    fresh = section_page(request.user, partnership, assessment, page.thread.code)
    following = fresh.after_save()
    if following is not None:
        return reverse(
            "assessments:assessment_section",
            kwargs={"slug": partnership.slug, "pk": assessment.pk, "code": following.code},
        )
    if not page.is_respondent:
        return reverse(
            "assessments:assessment_submit", kwargs={"slug": partnership.slug, "pk": assessment.pk}
        )
    return assessment.get_absolute_url()


@require_POST
def keep_alive(request):
    """ "Stay signed in" in the timeout warning: the session clock restarts. 204, no page."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    session_clock.restart(request.session)
    return HttpResponse(status=204)


@login_required
@require_POST
def response_complete(request, slug: str, pk: int):
    partnership, assessment = assessment_for(request.user, slug, pk)
    require(request.user, "assessments.answer", partnership)
    membership = membership_of(request.user, partnership)
    try:
        if request.POST.get("undo"):
            services.response_undo(assessment=assessment, membership=membership, by=request.user)
        else:
            services.response_complete(
                assessment=assessment, membership=membership, by=request.user
            )
    except ValidationError as problem:
        messages.error(request, problem.messages[0])
    else:
        if request.POST.get("undo"):
            messages.success(
                request, f"{membership.agency}'s response is no longer marked complete."
            )
        else:
            messages.success(
                request,
                f"{membership.agency}'s response is marked complete. "
                "The coordinator has been told.",
            )
    return redirect(assessment)


def _with_revisions(data, conflicts):
    data = data.copy()
    for conflict in conflicts:
        data[f"revision-{conflict.indicator.code}"] = str(conflict.theirs.revision)
    return data


@login_required
def indicator_history(request, slug: str, pk: int, code: str):
    """Every recorded change to one indicator's ratings, reasons and evidence in an assessment."""
    partnership, assessment = assessment_for(request.user, slug, pk)
    require(request.user, "assessments.view_history", partnership)
    indicator = assessment.version.indicators.select_related("thread").filter(code=code).first()
    if indicator is None:
        raise Http404("No such indicator.")
    context = {
        "partnership": partnership,
        "assessment": assessment,
        "indicator": indicator,
        "entries": history.indicator_history(assessment, indicator),
    }
    return render(request, "assessments/history.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def submit(request, slug: str, pk: int):
    partnership, assessment = assessment_for(request.user, slug, pk)
    require(request.user, "assessments.moderate", partnership)
    form = CommentForm(request.POST if request.method == "POST" else None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_transition(
                assessment=assessment,
                to_state=Assessment.State.SUBMITTED,
                by=request.user,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(request, "Submitted for approval. The approver has been told.")
            return redirect(assessment)
    context = {
        "partnership": partnership,
        "assessment": assessment,
        "form": form,
        "error": error,
        "unanswered": selectors.unanswered_indicators(assessment),
    }
    return render(request, "assessments/submit.html", context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, slug: str, pk: int):
    partnership, assessment = assessment_for(request.user, slug, pk)
    require(request.user, "assessments.approve", partnership)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_transition(
                assessment=assessment,
                to_state=form.cleaned_data["decision"],
                by=request.user,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as problem:
            add_service_errors(form, problem)
        else:
            messages.success(request, "Decision recorded. The coordinator has been told.")
            return redirect(assessment)
    context = {
        "partnership": partnership,
        "assessment": assessment,
        "form": form,
        **selectors.result_context(assessment),
        "disagreements": selectors.unresolved_disagreements(assessment),
    }
    return render(request, "assessments/decide.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request, slug: str, pk: int):
    """A returned assessment back to draft, after the coordinator confirms."""
    partnership, assessment = assessment_for(request.user, slug, pk)
    require(request.user, "assessments.moderate", partnership)
    if request.method == "GET":
        context = {"partnership": partnership, "assessment": assessment}
        return render(request, "assessments/reopen.html", context)
    try:
        services.assessment_transition(
            assessment=assessment, to_state=Assessment.State.DRAFT, by=request.user
        )
    except ValidationError as problem:
        messages.error(request, problem.messages[0])
    else:
        messages.success(request, "The assessment is a draft again: make the changes, then submit.")
    return redirect(assessment)


@login_required
@require_POST
def open_moderation(request, slug: str, pk: int):
    partnership, assessment = assessment_for(request.user, slug, pk)
    require(request.user, "assessments.moderate", partnership)
    try:
        services.moderation_open(assessment=assessment, by=request.user)
    except ValidationError as problem:
        messages.error(request, problem.messages[0])
    else:
        messages.success(request, "Moderation is open: you can now see every agency's ratings.")
    return redirect(assessment)


@login_required
def evidence_download(request, slug: str, pk: int):
    evidence = evidence_for(request.user, slug, pk)
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)
    response["Content-Type"] = "application/octet-stream"
    return response


def _plan_basis(partnership, user):
    """(the approved assessment whose gaps are suggested, the catalogue version for new actions):
    the suggestions come from the same assessment as the dashboard's gaps, the latest approved."""
    approved = selectors.latest_approved(partnership)
    latest = approved or selectors.latest_assessment(partnership, user=user)
    return approved, latest.version if latest else None


def _plan_page(request, partnership, *, form, accept=None, status=200):
    can_manage = request.user.has_perm("assessments.manage_actions", partnership)
    approved, _ = _plan_basis(partnership, request.user)
    suggestions = selectors.suggested_actions(approved) if approved and can_manage else []
    for suggestion in suggestions:
        code = suggestion["indicator"].code
        bound = accept is not None and accept[0] == code
        suggestion["form"] = (
            accept[1] if bound else SuggestionForm(partnership=partnership, prefix=code)
        )
    context = {
        "partnership": partnership,
        "actions": partnership.actions.select_related("recommendation", "indicator", "owner"),
        "suggestions": suggestions,
        "approved": approved,
        "form": form if can_manage else None,
        "can_manage": can_manage,
    }
    return render(request, "assessments/action_plan.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def action_plan(request, slug: str):
    partnership = partnership_for(request.user, slug)
    approved, version = _plan_basis(partnership, request.user)
    form = ActionForm(request.POST or None, partnership=partnership, version=version)
    if request.method == "POST":
        require(request.user, "assessments.manage_actions", partnership)
        if form.is_valid():
            try:
                services.action_create(
                    partnership=partnership,
                    by=request.user,
                    assessment=approved,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Action added to the plan.")
                return redirect("assessments:action_plan", slug=slug)
    return _plan_page(request, partnership, form=form, status=400 if form.errors else 200)


@login_required
@require_POST
def action_accept(request, slug: str):
    """Accept a suggested action with its owner and due date, in one step; one action however
    often it is clicked."""
    partnership = partnership_for(request.user, slug)
    require(request.user, "assessments.manage_actions", partnership)
    approved, version = _plan_basis(partnership, request.user)
    code = request.POST.get("indicator", "")
    suggestion = next(
        (
            s
            for s in (selectors.suggested_actions(approved) if approved else [])
            if s["indicator"].code == code
        ),
        None,
    )
    if suggestion is None:
        messages.error(request, f"The suggested action for {code} is already in the plan.")
        return redirect("assessments:action_plan", slug=slug)
    accept = SuggestionForm(request.POST, partnership=partnership, prefix=code)
    if accept.is_valid():
        try:
            services.action_accept_suggestion(
                partnership=partnership,
                assessment=approved,
                suggestion=suggestion,
                by=request.user,
                **accept.cleaned_data,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"Added the action for {code}.")
        return redirect("assessments:action_plan", slug=slug)
    form = ActionForm(partnership=partnership, version=version)
    return _plan_page(request, partnership, form=form, accept=(code, accept), status=400)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, slug: str, pk: int):
    partnership = partnership_for(request.user, slug)
    require(request.user, "assessments.manage_actions", partnership)
    action = action_for(partnership, pk)
    version = action.assessment.version if action.assessment else None
    form = ActionForm(
        request.POST or None, instance=action, partnership=partnership, version=version
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=action, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Action updated.")
            return redirect("assessments:action_plan", slug=slug)
    context = {"partnership": partnership, "action": action, "form": form}
    return render(
        request, "assessments/action_edit.html", context, status=400 if form.errors else 200
    )
