"""The admin: users gain "Anonymise (has left)"; audit records are read-only."""

from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.shortcuts import redirect

User = get_user_model()


@admin.action(description="Anonymise the selected person (has left)")
def anonymise_person(modeladmin, request, queryset):
    if queryset.count() != 1:
        modeladmin.message_user(
            request, "Choose one person at a time to anonymise.", level=messages.WARNING
        )
        return None
    return redirect("people:anonymise", pk=queryset.get().pk)


class ThreadsUserAdmin(UserAdmin):
    actions = [*(UserAdmin.actions or []), anonymise_person]


class ReadOnlyLogEntryAdmin(AuditlogLogEntryAdmin):
    """Every audit record can be read and searched; none can be added, changed or deleted."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(User)
admin.site.register(User, ThreadsUserAdmin)
admin.site.unregister(LogEntry)
admin.site.register(LogEntry, ReadOnlyLogEntryAdmin)
