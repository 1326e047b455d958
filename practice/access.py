"""Guards: fetch an example or an attachment only through what the person may see."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from practice.models import Attachment, Example


class SignInFirst(Exception):
    """A visitor who has not signed in asked for something a signed-in person might read."""


def example_for(user, pk: int, permission: str = "practice.view_example") -> Example:
    """The example ``pk`` if ``user`` may read it (a visitor who has not signed in is sent to
    sign in; anyone else gets 404) and do ``permission`` (403 otherwise)."""
    example = Example.objects.select_related("partnership").filter(pk=pk).first()
    if example is None or not user.has_perm("practice.view_example", example):
        if not user.is_authenticated:
            raise SignInFirst
        raise Http404("No such example.")
    if not user.has_perm(permission, example):
        raise PermissionDenied
    return example


def attachment_for(user, pk: int) -> Attachment:
    """A file of an example ``user`` may read."""
    attachment = Attachment.objects.select_related("example__partnership").filter(pk=pk).first()
    if attachment is None or not user.has_perm("practice.view_example", attachment.example):
        if not user.is_authenticated:
            raise SignInFirst
        raise Http404("No such file.")
    return attachment


def sign_in_first(view):
    """Turn :class:`SignInFirst` into the sign-in page, coming back here afterwards."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except SignInFirst:
            return redirect_to_login(request.get_full_path())

    return wrapped
