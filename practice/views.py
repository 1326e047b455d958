"""Pages of the practice library. ``/practice/`` and public examples need no sign-in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pages.forms import add_service_errors
from practice import selectors, services
from practice.access import attachment_for, example_for, sign_in_first
from practice.forms import AdoptForm, ExampleForm, ReviewForm, SearchForm, coordinated_partnerships
from practice.models import Example

PAGE_SIZE = 20
State = Example.State
#: what a practice editor may decide from each state
DECISIONS = {
    State.SUBMITTED: [State.ENDORSED, State.RETURNED],
    State.ENDORSED: [State.PUBLISHED, State.RETURNED],
    State.PUBLISHED: [State.ARCHIVED],
}


@require_GET
def library(request):
    """Search and filter the published examples (public ones only without signing in)."""
    choices = selectors.filter_choices(request.user)
    form = SearchForm(request.GET or None, choices=choices)
    filters = form.filters()
    results = selectors.results_page(request.user, filters, request.GET.get("page"), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "filters": filters,
        "page": results.page,
        "rows": selectors.result_rows(results.examples, filters),
        "query": query.urlencode(),
        "full_text": selectors.uses_full_text(),
        "more": results.more,
        "bound": selectors.RESULTS_BOUND,
        "can_write": choices["can_write"],
    }
    return render(request, "practice/library.html", context)


@login_required
@require_GET
def in_progress(request):
    """Examples on their way to the library that this person writes or reviews."""
    examples = selectors.in_progress(request.user)
    return render(request, "practice/in_progress.html", {"examples": examples})


@login_required
@require_http_methods(["GET", "POST"])
def example_new(request):
    partnerships = coordinated_partnerships(request.user)
    if not partnerships.exists():
        raise PermissionDenied
    form = ExampleForm(request.POST or None, request.FILES or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("attachment", None)
        try:
            example = services.example_create(
                by=request.user, uploads=[upload] if upload else [], **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Saved as a draft. Submit it when it is ready.")
            return redirect(example)
    return render(request, "practice/edit.html", {"form": form}, status=400 if form.errors else 200)


@sign_in_first
@require_GET
def example_detail(request, pk: int):
    example = example_for(request.user, pk)
    user = request.user
    adoptable = selectors.adoptable(user, example)
    decisions = (
        DECISIONS.get(example.state, [])
        if user.has_perm("practice.review_example", example)
        else []
    )
    context = {
        "example": example,
        "recommendations": example.recommendations.order_by("kind", "order"),
        "indicators": example.indicators.select_related("thread").order_by("code"),
        "attachments": example.attachments.all(),
        "history": example.transitions.select_related("by")
        if user.has_perm("practice.see_history", example)
        else None,
        "can_edit": user.has_perm("practice.edit_example", example),
        "can_review": user.has_perm("practice.review_example", example),
        "review_form": ReviewForm(choices=decisions) if decisions else None,
        "adopt_form": AdoptForm(adoptable=adoptable) if adoptable else None,
        "adoptions": selectors.adoptions_of(example, user),
    }
    return render(request, "practice/example.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def example_edit(request, pk: int):
    example = example_for(request.user, pk, "practice.edit_example")
    form = ExampleForm(
        request.POST or None, request.FILES or None, instance=example, partnerships=None
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("attachment", None)
        try:
            services.example_update(
                example=example, by=request.user, uploads=[upload] if upload else [], **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect(example)
    context = {"form": form, "example": example, "attachments": example.attachments.all()}
    return render(request, "practice/edit.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def example_submit(request, pk: int):
    example = example_for(request.user, pk, "practice.submit_example")
    try:
        services.example_transition(example=example, to_state=State.SUBMITTED, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Submitted: a practice editor will read it.")
    return redirect(example)


@login_required
@require_http_methods(["GET", "POST"])
def example_review(request, pk: int):
    example = example_for(request.user, pk, "practice.review_example")
    decisions = DECISIONS.get(example.state, [])
    form = ReviewForm(request.POST or None, choices=decisions)
    if request.method == "POST" and form.is_valid():
        to_state = form.cleaned_data["decision"]
        try:
            services.example_transition(
                example=example,
                to_state=to_state,
                by=request.user,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The example is now {State(to_state).label.lower()}.")
            return redirect(example)
    context = {"example": example, "form": form}
    return render(request, "practice/review.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def example_public(request, pk: int):
    example = example_for(request.user, pk, "practice.review_example")
    public = request.POST.get("public") == "1"
    try:
        services.example_set_public(example=example, public=public, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            "Anyone can now read this example without signing in."
            if public
            else "Only people who sign in can read this example now.",
        )
    return redirect(example)


@login_required
@require_POST
def example_adopt(request, pk: int):
    example = example_for(request.user, pk)
    adoptable = selectors.adoptable(request.user, example)
    if not adoptable and not coordinated_partnerships(request.user).exists():
        raise PermissionDenied
    form = AdoptForm(request.POST, adoptable=adoptable)
    if not form.is_valid():
        messages.error(request, "Choose a partnership and indicator this example can help with.")
        return redirect(example)
    partnership, indicator = form.chosen()
    try:
        adoption = services.example_adopt(
            example=example, partnership=partnership, indicator_code=indicator.code, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(example)
    messages.success(
        request, f"Added to the action plan for {indicator.code}: “{adoption.action.title}”."
    )
    return redirect(reverse("assessments:action_plan", kwargs={"slug": partnership.slug}))


@sign_in_first
@require_GET
def attachment_download(request, pk: int):
    attachment = attachment_for(request.user, pk)
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name
    )
    response["Content-Type"] = "application/octet-stream"
    return response


@login_required
@require_POST
def attachment_remove(request, pk: int):
    attachment = attachment_for(request.user, pk)
    example = attachment.example
    if not request.user.has_perm("practice.edit_example", example):
        raise PermissionDenied
    services.attachment_remove(attachment=attachment, by=request.user)
    messages.success(request, f"Removed {attachment.name}.")
    return redirect("practice:example_edit", pk=example.pk)
