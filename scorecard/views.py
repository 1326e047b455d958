"""Scorecard pages: read, add and change measures, enter and import figures, compare nationally."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from pages import spreadsheets
from pages.forms import add_service_errors
from scorecard import exports, imports, selectors, services
from scorecard.access import measure_of, partnership_for, require
from scorecard.forms import ActualForm, ChooseMeasureForm, ImportForm, MeasureForm
from scorecard.models import MeasureDefinition


@login_required
@require_GET
def scorecard(request, slug: str):
    partnership = partnership_for(request.user, slug, "scorecard.view_scorecard")
    context = selectors.scorecard_page(partnership, user=request.user)
    return render(request, "scorecard/scorecard.html", {"partnership": partnership, **context})


@login_required
@require_GET
def measure(request, slug: str, code: str):
    partnership = partnership_for(request.user, slug, "scorecard.view_scorecard")
    row = selectors.measure_detail(partnership, code, user=request.user)
    if row is None:
        raise Http404("No such measure.")
    return render(request, "scorecard/measure.html", {"partnership": partnership, "row": row})


def _definition_choices(partnership):
    adopted = partnership.measures.filter(adopted_from__isnull=False).values("adopted_from")
    return (
        MeasureDefinition.objects.exclude(pk__in=adopted)
        .select_related("perspective")
        .order_by("perspective__order", "order", "code")
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_add(request, slug: str):
    """Step one (no ``source``): choose a library definition or "own"; step two: the form."""
    partnership = partnership_for(request.user, slug, "scorecard.manage_measures")
    definitions = list(_definition_choices(partnership))
    source = request.GET.get("source")
    choose = ChooseMeasureForm(request.GET if source is not None else None, definitions=definitions)
    if source is None or not choose.is_valid():
        return render(
            request,
            "scorecard/measure_choose.html",
            {"partnership": partnership, "form": choose},
            status=400 if source is not None else 200,
        )
    source = choose.cleaned_data["source"]
    definition = next((d for d in definitions if d.code == source), None)
    data = request.POST if request.method == "POST" else None
    form = MeasureForm(data, partnership=partnership, definition=definition)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.measure_create(
                partnership=partnership, fields=form.cleaned_data, adopted_from=definition
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Added {created.code} {created.name} to the scorecard.")
            return redirect(created)
    return render(
        request,
        "scorecard/measure_form.html",
        {"partnership": partnership, "form": form, "definition": definition, "measure": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request, slug: str, code: str):
    partnership = partnership_for(request.user, slug, "scorecard.manage_measures")
    measure = measure_of(partnership, code)
    definition = measure.adopted_from
    if request.method == "POST":
        form = MeasureForm(request.POST, partnership=partnership, definition=definition)
        if form.is_valid():
            try:
                measure = services.measure_update(measure=measure, fields=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Saved {measure.code} {measure.name}.")
                return redirect(measure)
    else:
        form = MeasureForm(
            initial=MeasureForm.initial_for(measure), partnership=partnership, definition=definition
        )
    return render(
        request,
        "scorecard/measure_form.html",
        {"partnership": partnership, "form": form, "definition": definition, "measure": measure},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def actual_add(request, slug: str, code: str):
    partnership = partnership_for(request.user, slug, "scorecard.view_scorecard")
    measure = measure_of(partnership, code)
    require(request.user, "scorecard.enter_actual", measure)
    form = ActualForm(request.POST if request.method == "POST" else None, measure=measure)
    if request.method == "POST" and form.is_valid():
        try:
            actual, previous = services.actual_record(
                measure=measure,
                period=form.cleaned_data["period"],
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"].strip(),
                replace=form.cleaned_data["replace"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            text = f"Saved {measure.show(actual.value)} for {actual.period}"
            if previous is not None:
                text += f" (it was {measure.show(previous)})"
            messages.success(request, text + ".")
            return redirect(measure)
    return render(
        request,
        "scorecard/actual_form.html",
        {"partnership": partnership, "measure": measure, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def actuals_import(request, slug: str):
    partnership = partnership_for(request.user, slug, "scorecard.enter_actuals")
    form = ImportForm(request.POST or None, request.FILES or None)
    check = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(imports.MAX_BYTES + 1)
        read = imports.read_file(upload.name, data)
        check = services.actuals_check(partnership=partnership, read=read, user=request.user)
        if check.error:
            form.add_error("file", check.error)
        elif check.problems:
            form.add_error(
                "file",
                f"The file has {len(check.problems)} problem"
                f"{'s' if len(check.problems) != 1 else ''}: nothing was saved. "
                "Correct the rows listed below and upload it again.",
            )
        else:
            result = services.actuals_import(check=check, by=request.user)
            messages.success(
                request,
                f"Imported {result.created + result.replaced} figures: {result.created} new, "
                f"{result.replaced} replaced.",
            )
            return redirect("scorecard:scorecard", slug=partnership.slug)
    return render(
        request,
        "scorecard/import.html",
        {
            "partnership": partnership,
            "form": form,
            "problems": check.problems if check else [],
            "columns": imports.COLUMNS,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def actuals_export(request, slug: str, fmt: str):
    partnership = partnership_for(request.user, slug, "scorecard.view_scorecard")
    rows = exports.actual_rows(partnership)
    content = exports.to_csv(rows) if fmt == "csv" else exports.to_xlsx(rows)
    return spreadsheets.download(fmt, content, filename=f"{partnership.slug}-actuals")


@login_required
@require_GET
def national_measures(request):
    require(request.user, "partnerships.view_national_overview", None)
    code = request.GET.get("code") or None
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    context = selectors.national_comparison(code, page=page)
    error = None
    if code is not None and context["definition"] is None:
        error = "Choose a measure of the national library."
    return render(
        request,
        "scorecard/national.html",
        {**context, "code": code, "error": error, "base_url": reverse("scorecard:national")},
        status=400 if error else 200,
    )
