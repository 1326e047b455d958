import json

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetView
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from config.client_ip import client_ip
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


class ThrottledPasswordResetView(PasswordResetView):
    """Django's password reset, throttled per address and per client (``services.
    password_reset_allowed``). Past the address's limit the page says the same as always (it
    never tells whether an account exists) but no email goes; past the client's, the form
    comes back with the address typed and says to wait (429)."""

    def form_valid(self, form):
        send, client_ok = services.password_reset_allowed(
            email=form.cleaned_data["email"], client=client_ip(self.request)
        )
        if not client_ok:
            form.add_error(None, services.TOO_MANY_RESETS)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if not send:
            return redirect(self.get_success_url())
        return super().form_valid(form)
