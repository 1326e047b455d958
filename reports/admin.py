from django.contrib import admin

from reports.models import ScrutinyReminder


@admin.register(ScrutinyReminder)
class ScrutinyReminderAdmin(admin.ModelAdmin):
    list_display = ["partnership", "cycle", "date", "sent_by", "recipients"]
    list_filter = ["cycle", "date"]
    list_select_related = ["partnership", "cycle", "sent_by"]
    readonly_fields = ["partnership", "cycle", "date", "sent_by", "sent_at", "recipients"]

    def has_add_permission(self, request):
        return False
