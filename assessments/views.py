from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from assessments import history, selectors, services
from assessments.access import action_for, assessment_for, evidence_for, require
from assessments.forms import (
    ActionForm,
    CommentForm,
    DecisionForm,
    StartAssessmentForm,
)
from assessments.models import Action, Assessment
from assessments.section import section_page
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


@login_required
@require_http_methods(["GET", "POST"])
def section(request, slug: str, pk: int, code: str):
    partnership, assessment = assessment_for(request.user, slug, pk)
    page = section_page(request.user, partnership, assessment, code)
    if request.method == "GET":
        return render(request, "assessments/section.html", page.context(page.form()))
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
            form.add_error(None, error.messages)
        except OSError:  # the file store refused (full, unavailable): keep what they typed
            form.add_error(None, EVIDENCE_NOT_STORED)
        else:
            messages.success(request, f"Saved {page.thread.code}: {changed} answer(s) changed.")
            return redirect(assessment)
    status = 409 if conflicts else 400 if form.errors else 200
    return render(request, "assessments/section.html", page.context(form, conflicts), status=status)


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
            form.add_error(None, problem.messages)
        else:
            messages.success(request, "Decision recorded. The coordinator has been told.")
            return redirect(assessment)
    context = {"partnership": partnership, "assessment": assessment, "form": form}
    return render(request, "assessments/decide.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def reopen(request, slug: str, pk: int):
    partnership, assessment = assessment_for(request.user, slug, pk)
    require(request.user, "assessments.moderate", partnership)
    try:
        services.assessment_transition(
            assessment=assessment, to_state=Assessment.State.DRAFT, by=request.user
        )
    except ValidationError as problem:
        messages.error(request, problem.messages[0])
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


@login_required
@require_http_methods(["GET", "POST"])
def action_plan(request, slug: str):
    partnership = partnership_for(request.user, slug)
    can_manage = request.user.has_perm("assessments.manage_actions", partnership)
    latest = selectors.latest_assessment(partnership, user=request.user)
    version = latest.version if latest else None
    form = ActionForm(request.POST or None, partnership=partnership, version=version)
    if request.method == "POST":
        require(request.user, "assessments.manage_actions", partnership)
        if form.is_valid():
            try:
                services.action_create(
                    partnership=partnership, by=request.user, assessment=latest, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, "Action added to the plan.")
                return redirect("assessments:action_plan", slug=slug)
    context = {
        "partnership": partnership,
        "actions": partnership.actions.select_related("recommendation", "indicator", "owner"),
        "suggestions": selectors.suggested_actions(latest) if latest and can_manage else [],
        "latest": latest,
        "form": form if can_manage else None,
        "can_manage": can_manage,
    }
    return render(
        request, "assessments/action_plan.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def action_accept(request, slug: str):
    partnership = partnership_for(request.user, slug)
    require(request.user, "assessments.manage_actions", partnership)
    latest = selectors.latest_assessment(partnership, user=request.user)
    suggestion = next(
        (
            s
            for s in (selectors.suggested_actions(latest) if latest else [])
            if s["indicator"].code == request.POST.get("indicator")
        ),
        None,
    )
    if suggestion is None:
        messages.error(request, "That suggestion is no longer open.")
        return redirect("assessments:action_plan", slug=slug)
    services.action_create(
        partnership=partnership,
        by=request.user,
        assessment=latest,
        title=suggestion["title"],
        recommendation=suggestion["recommendation"],
        indicator=suggestion["indicator"],
        owner=None,
        due_on=None,
        status=Action.Status.PLANNED,
    )
    messages.success(request, f"Added the action for {suggestion['indicator'].code}.")
    return redirect("assessments:action_plan", slug=slug)


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
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Action updated.")
            return redirect("assessments:action_plan", slug=slug)
    context = {"partnership": partnership, "action": action, "form": form}
    return render(
        request, "assessments/action_edit.html", context, status=400 if form.errors else 200
    )
