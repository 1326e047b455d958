from django.contrib import admin

from practice.models import Adoption, Attachment, Example, Transition


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    readonly_fields = ["from_state", "to_state", "by", "at", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Example)
class ExampleAdmin(admin.ModelAdmin):
    """For corrections only: the workflow runs in the site, where every move is recorded."""

    list_display = ["title", "partnership", "state", "is_public", "published_at"]
    list_filter = ["state", "is_public", "partnership"]
    search_fields = ["title", "summary"]
    readonly_fields = ["state", "is_public", "published_at", "created_by", "created_at"]
    filter_horizontal = ["recommendations", "indicators"]
    inlines = [TransitionInline]


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ["example", "partnership", "action", "by", "at"]
    readonly_fields = ["example", "partnership", "action", "by", "at"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "example", "size", "uploaded_at"]
    readonly_fields = ["example", "file", "name", "content_type", "size", "uploaded_by"]
