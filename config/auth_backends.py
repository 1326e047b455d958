"""Authentication backends."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from partnerships.models import NATIONAL_GROUP


class StaffModelBackend(ModelBackend):
    """Django's model permissions, consulted only for staff; the signed-in person loaded with
    whether they are a national reader.

    Model permissions are only ever granted for the admin, to staff. For everyone else this skips
    the two permission queries ModelBackend would run on every ``has_perm`` call the site's rules
    (``rules.permissions.ObjectPermissionBackend``) have already answered. Loading the national
    group membership with the person saves a query on every page that checks it (the header does).
    """

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_staff:
            return set()
        return super().get_all_permissions(user_obj, obj)

    def get_user(self, user_id):
        in_group = Group.objects.filter(name=NATIONAL_GROUP, user=OuterRef("pk"))
        user = (
            self._default_manager()
            .annotate(in_national_group=Exists(in_group))
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None

    def _default_manager(self):
        from django.contrib.auth import get_user_model

        return get_user_model()._default_manager
