from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.http import require_http_methods

from pagecache import stamps
from pagecache.fragments import cached_page
from partnerships import selectors, services
from partnerships.forms import MemberEditForm, MemberInviteForm
from partnerships.models import Membership
from partnerships.tokens import invitation_token

MANAGE = "partnerships.manage_partnership"


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def home(request):
    from partnerships.home import home_context

    return cached_page(
        request,
        stamps.of_memberships(request.user),
        "partnerships/home.html",
        lambda: home_context(request.user),
    )


@login_required
def partnership_detail(request, slug: str):
    partnership = selectors.partnership_for(request.user, slug)
    context = {"partnership": partnership, **selectors.partnership_structure(partnership)}
    return render(request, "partnerships/partnership.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def members(request, slug: str):
    partnership = selectors.partnership_for(request.user, slug, MANAGE)
    form = MemberInviteForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_add(
                partnership=partnership,
                invited_by=request.user,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            invited = hasattr(membership, "invitation")
            messages.success(
                request,
                f"{'Invited' if invited else 'Added'} {membership.user.email} as "
                f"{membership.get_role_display().lower()}"
                + (
                    ": they will get an email with a link to choose a password." if invited else "."
                ),
            )
            return redirect("members", slug=slug)
    context = {
        "partnership": partnership,
        "form": form,
        **selectors.partnership_structure(partnership),
    }
    return render(request, "partnerships/members.html", context, status=400 if form.errors else 200)


def _membership(partnership, pk: int) -> Membership:
    membership = partnership.memberships.select_related("user", "agency").filter(pk=pk).first()
    if membership is None:
        raise Http404("No such member.")
    return membership


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, slug: str, pk: int):
    partnership = selectors.partnership_for(request.user, slug, MANAGE)
    membership = _membership(partnership, pk)
    form = MemberEditForm(
        request.POST or None,
        partnership=partnership,
        initial={"role": membership.role, "agency": membership.agency},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(membership=membership, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Updated {membership.user.get_username()}.")
            return redirect("members", slug=slug)
    context = {"partnership": partnership, "membership": membership, "form": form}
    return render(
        request, "partnerships/member_edit.html", context, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, slug: str, pk: int):
    partnership = selectors.partnership_for(request.user, slug, MANAGE)
    membership = _membership(partnership, pk)
    error = None
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(
                request, f"Removed {membership.user.get_username()} from {partnership}."
            )
            return redirect("members", slug=slug)
    context = {"partnership": partnership, "membership": membership, "error": error}
    return render(request, "partnerships/member_remove.html", context, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
def invitation_accept(request, uidb64: str, token: str):
    User = get_user_model()
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    if user is None or not invitation_token.check_token(user, token):
        return render(request, "registration/invitation_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.invitation_accept(user=user, password=form.cleaned_data["new_password1"])
        messages.success(request, "Your password is set. Sign in with your username and password.")
        return redirect("login")
    return render(request, "registration/invitation_accept.html", {"form": form, "invitee": user})
