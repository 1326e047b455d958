"""Authentication backends."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from partnerships.models import NATIONAL_GROUP

# Written out because every signed-in request runs it (the ORM took longer to build it than the
# database took to answer).
USER_SQL = """
SELECT u.*, EXISTS(
    SELECT 1 FROM auth_user_groups ug JOIN auth_group g ON g.id = ug.group_id
    WHERE ug.user_id = u.id AND g.name = %s
) AS in_national_group
FROM auth_user u
WHERE u.id = %s
"""


class StaffModelBackend(ModelBackend):
    """Django's model permissions, consulted only for staff; the signed-in person loaded with
    whether they are a national reader.

    Model permissions are only ever granted for the admin, to staff. For everyone else this skips
    the two permission queries ModelBackend would run on every ``has_perm`` call the site's rules
    (``rules.permissions.ObjectPermissionBackend``) have already answered. Loading the national
    group membership with the person saves a query on every page that checks it (the header does).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        """Sign in with the username, or with the email address when it names exactly one person
        (an address shared by two accounts signs neither in: the username is needed then)."""
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None or not username or "@" not in username:
            return user
        model = get_user_model()
        matches = list(model._default_manager.filter(email__iexact=username.strip())[:2])
        if len(matches) != 1:
            return None
        found = matches[0]
        if found.check_password(password) and self.user_can_authenticate(found):
            return found
        return None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_staff:
            return set()
        return super().get_all_permissions(user_obj, obj)

    def get_user(self, user_id):
        model = get_user_model()
        found = list(model._default_manager.raw(USER_SQL, [NATIONAL_GROUP, user_id]))
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None
