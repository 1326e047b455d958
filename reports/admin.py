from django.contrib import admin

from reports.models import CommitteePaper, ScrutinyReminder


@admin.register(CommitteePaper)
class CommitteePaperAdmin(admin.ModelAdmin):
    """Made papers are fixed: the admin lists them and may delete one, nothing more."""

    list_display = ["assessment", "meeting", "meeting_date", "public_meeting", "made_by", "made_at"]
    list_filter = ["public_meeting"]
    list_select_related = ["assessment__partnership", "assessment__cycle", "made_by"]
    search_fields = ["meeting", "assessment__partnership__name", "reference"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ScrutinyReminder)
class ScrutinyReminderAdmin(admin.ModelAdmin):
    list_display = ["partnership", "cycle", "date", "sent_by", "recipients"]
    list_filter = ["cycle", "date"]
    list_select_related = ["partnership", "cycle", "sent_by"]
    readonly_fields = ["partnership", "cycle", "date", "sent_by", "sent_at", "recipients"]

    def has_add_permission(self, request):
        return False
