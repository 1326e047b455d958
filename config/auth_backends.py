"""Authentication backends."""

from django.contrib.auth.backends import ModelBackend


class StaffModelBackend(ModelBackend):
    """Django's model permissions, consulted only for staff.

    Model permissions are only ever granted for the admin, to staff. For everyone else this skips
    the two permission queries ModelBackend would run on every ``has_perm`` call the site's rules
    (``rules.permissions.ObjectPermissionBackend``) have already answered.
    """

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_staff:
            return set()
        return super().get_all_permissions(user_obj, obj)
