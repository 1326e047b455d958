from django.contrib import admin

from assessments.models import Action, Assessment, Cycle, Transition


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["name", "opens_on", "closes_on", "deadline", "partner_deadline"]
    search_fields = ["name"]


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    readonly_fields = ["from_state", "to_state", "by", "at", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["partnership", "cycle", "state", "stage_code", "version"]
    list_filter = ["state", "cycle", "partnership"]
    readonly_fields = ["state", "result", "stage_code", "stage_order", "approved_at", "version"]
    inlines = [TransitionInline]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "status", "due_on"]
    list_filter = ["status", "partnership"]
