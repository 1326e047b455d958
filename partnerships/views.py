from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from pages.forms import add_service_errors
from partnerships import access, selectors, services
from partnerships.forms import MemberEditForm, MemberInviteForm, PaperDetailsForm
from partnerships.rules import forget_role

MANAGE = "partnerships.manage_partnership"


@login_required
def partnership_detail(request, slug: str):
    partnership = access.partnership_for(request.user, slug)
    context = {"partnership": partnership, **selectors.partnership_structure(partnership)}
    return render(request, "partnerships/partnership.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def members(request, slug: str):
    partnership = access.partnership_for(request.user, slug, MANAGE)
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
            add_service_errors(form, error)
        else:
            invited = services.is_pending(membership.user)
            messages.success(
                request,
                f"{'Invited' if invited else 'Added'} {membership.user.email} as "
                f"{membership.get_role_display().lower()}"
                + (
                    ": they will get an email with a link to choose a password." if invited else "."
                ),
            )
            return redirect("partnerships:members", slug=slug)
    context = {
        "partnership": partnership,
        "form": form,
        **selectors.partnership_structure(partnership),
    }
    return render(request, "partnerships/members.html", context, status=400 if form.errors else 200)


def _after_member_change(request, membership):
    """Back to the members page, unless the coordinator changed their own membership and may no
    longer manage (or see) the partnership."""
    slug = membership.partnership.slug
    if membership.user_id != request.user.pk:
        return redirect("partnerships:members", slug=slug)
    forget_role(request.user, membership.partnership_id)
    if request.user.has_perm("partnerships.manage_partnership", membership.partnership):
        return redirect("partnerships:members", slug=slug)
    if request.user.has_perm("partnerships.view_partnership", membership.partnership):
        return redirect("partnerships:partnership", slug=slug)
    return redirect("reports:home")


@login_required
@require_POST
def member_resend(request, slug: str, pk: int):
    partnership = access.partnership_for(request.user, slug, MANAGE)
    membership = access.member_of(partnership, pk)
    try:
        services.invitation_resend(membership=membership, invited_by=request.user, request=request)
    except ValidationError as problem:
        messages.error(request, problem.messages[0])
    else:
        messages.success(request, f"Sent a new invitation link to {membership.user.email}.")
    return redirect("partnerships:members", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, slug: str, pk: int):
    partnership = access.partnership_for(request.user, slug, MANAGE)
    membership = access.member_of(partnership, pk)
    form = MemberEditForm(
        request.POST or None,
        partnership=partnership,
        initial={"role": membership.role, "agency": membership.agency},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(membership=membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Updated {membership.user.get_username()}.")
            return _after_member_change(request, membership)
    context = {"partnership": partnership, "membership": membership, "form": form}
    return render(
        request, "partnerships/member_edit.html", context, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, slug: str, pk: int):
    partnership = access.partnership_for(request.user, slug, MANAGE)
    membership = access.member_of(partnership, pk)
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
            return _after_member_change(request, membership)
    context = {"partnership": partnership, "membership": membership, "error": error}
    return render(request, "partnerships/member_remove.html", context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def paper_details(request, slug: str):
    """Who the partnership's committee papers go to and come from (coordinator and admins)."""
    partnership = access.partnership_for(request.user, slug, MANAGE)
    form = PaperDetailsForm(request.POST or None, initial=selectors.paper_details(partnership))
    if request.method == "POST" and form.is_valid():
        services.paper_details_save(partnership=partnership, **form.cleaned_data)
        messages.success(request, "Saved the committee paper details.")
        return redirect("partnerships:partnership", slug=slug)
    context = {"partnership": partnership, "form": form}
    return render(
        request, "partnerships/paper_details.html", context, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request, uidb64: str, token: str):
    user = selectors.invitee_for_link(uidb64, token)
    if user is None:
        return render(request, "registration/invitation_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.invitation_accept(user=user, password=form.cleaned_data["new_password1"])
        login(request, user, backend="config.auth_backends.StaffModelBackend")
        messages.success(
            request,
            f"Your password is set and you are signed in. Next time, sign in with your username "
            f"({user.get_username()}) or email address.",
        )
        return redirect("reports:home")
    return render(request, "registration/invitation_accept.html", {"form": form, "invitee": user})
