import json

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from people import selectors, services


@login_required
@require_GET
def my_data(request):
    """Everything the site holds about the signed-in person, as a JSON download."""
    data = selectors.person_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    filename = f"threads-data-{request.user.get_username()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def anonymise(request, pk: int):
    """Confirm, then anonymise a person who has left (admins only)."""
    if not request.user.has_perm("people.anonymise"):
        raise PermissionDenied
    person = get_object_or_404(get_user_model(), pk=pk)
    error = None
    if request.method == "POST":
        try:
            anonymous_id = services.person_anonymise(user=person, by=request.user)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(
                request, f"Anonymised the account: it is now {anonymous_id} and cannot sign in."
            )
            return redirect("admin:auth_user_changelist")
    context = {
        "person": person,
        "memberships": person.memberships.select_related("partnership", "agency"),
        "error": error,
    }
    return render(request, "people/anonymise.html", context, status=400 if error else 200)
