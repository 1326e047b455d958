"""The scorecard in the admin: perspectives and the national library of measure definitions
(admins), and partnerships' measures with their figures (for corrections)."""

from django.contrib import admin

from scorecard.models import Actual, Measure, MeasureDefinition, Perspective


@admin.register(Perspective)
class PerspectiveAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    list_editable = ["order"]


@admin.register(MeasureDefinition)
class MeasureDefinitionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "perspective", "unit", "direction"]
    list_filter = ["perspective", "unit", "direction"]
    search_fields = ["code", "name", "definition"]

    def get_readonly_fields(self, request, obj=None):
        # Adopted codes are what the national comparison lines partnerships up on.
        if obj is not None and obj.adoptions.exists():
            return ["code", "unit", "direction"]
        return []


class ActualInline(admin.TabularInline):
    model = Actual
    extra = 0
    fields = ["year", "quarter", "value", "note", "entered_by", "entered_at"]
    raw_id_fields = ["entered_by"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "partnership", "perspective", "adopted_from"]
    list_filter = ["perspective", "partnership"]
    search_fields = ["code", "name", "partnership__name"]
    raw_id_fields = ["partnership", "owner", "adopted_from"]
    inlines = [ActualInline]
