"""The catalogue in the admin: versions, threads with their indicators, indicators with their
level descriptors, stages with their requirements.

A locked version (published or in use) shows its structural fields read-only, offers no add or
delete, and says why, with a button to copy it as a new draft version.
"""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from threads import services
from threads.models import (
    CatalogueVersion,
    Indicator,
    Level,
    LevelDescriptor,
    Stage,
    StageRequirement,
    Thread,
)
from threads.signals import STRUCTURAL_FIELDS

LOCKED_MESSAGE = (
    "{version} is published or used by assessments. You can correct wording here, but not "
    "structure (adding or removing rows, codes, levels, parents, stage rules). To change "
    "structure, copy it as a new draft version."
)


def _structural(model) -> list[str]:
    return [f.removesuffix("_id") for f in STRUCTURAL_FIELDS[model.__name__][0]]


def _with_structure_read_only(model, fields: list[str]) -> list[str]:
    """``fields`` plus the model's structural fields and relations, for a locked version."""
    structure = [*_structural(model), *(f.name for f in model._meta.many_to_many)]
    return fields + [f for f in structure if f not in fields]


class LockedVersionMixin:
    """Makes structure read-only for rows of a locked version."""

    version_path = "version"

    def version_of(self, obj):
        for attr in self.version_path.split("."):
            obj = getattr(obj, attr)
        return obj

    def is_locked(self, obj) -> bool:
        return obj is not None and self.version_of(obj).structure_locked

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("version")
        return _with_structure_read_only(self.model, fields) if self.is_locked(obj) else fields

    def has_delete_permission(self, request, obj=None):
        return not self.is_locked(obj) and super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if self.is_locked(obj):
            messages.warning(request, LOCKED_MESSAGE.format(version=self.version_of(obj)))
        return super().change_view(request, object_id, form_url, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "version":
            kwargs["queryset"] = CatalogueVersion.objects.filter(
                status=CatalogueVersion.Status.DRAFT
            )
            kwargs["help_text"] = "Only draft versions can take new rows."
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class LockedInlineMixin:
    """An inline under a parent of a locked version: wording only, no adding or removing."""

    def _locked(self, obj) -> bool:
        if obj is None:
            return False
        version = obj if isinstance(obj, CatalogueVersion) else obj.version
        return version.structure_locked

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return _with_structure_read_only(self.model, fields) if self._locked(obj) else fields


class LevelInline(LockedInlineMixin, admin.TabularInline):
    model = Level
    extra = 0
    fields = ["level", "label", "description"]


@admin.register(CatalogueVersion)
class CatalogueVersionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "version", "status", "is_current", "in_use", "published_at"]
    list_filter = ["status", "is_current"]
    search_fields = ["name", "version"]
    readonly_fields = ["status", "is_current", "published_at", "created_at"]
    inlines = [LevelInline]
    actions = ["copy_as_draft", "publish"]
    change_form_template = "admin/threads/catalogueversion/change_form.html"

    @admin.display(boolean=True, description="In use")
    def in_use(self, obj) -> bool:
        return obj.is_in_use

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.structure_locked:
            fields += ["name", "version"]
        return fields

    def has_delete_permission(self, request, obj=None):
        return not (obj and obj.structure_locked) and super().has_delete_permission(request, obj)

    def get_urls(self):
        urls = super().get_urls()
        return [
            path(
                "<int:pk>/copy/",
                self.admin_site.admin_view(self.copy_view),
                name="threads_catalogueversion_copy",
            ),
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="threads_catalogueversion_publish",
            ),
            *urls,
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and obj.structure_locked:
            messages.warning(request, LOCKED_MESSAGE.format(version=obj))
        return super().change_view(request, object_id, form_url, extra_context)

    def _copy(self, request, version) -> CatalogueVersion:
        copy = services.catalogue_version_copy(
            version=version, label=services.next_version_label(version)
        )
        messages.success(request, f"Copied {version} as the new draft {copy}.")
        return copy

    def copy_view(self, request, pk):
        if request.method != "POST" or not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:threads_catalogueversion_change", args=[pk]))
        copy = self._copy(request, get_object_or_404(CatalogueVersion, pk=pk))
        return HttpResponseRedirect(
            reverse("admin:threads_catalogueversion_change", args=[copy.pk])
        )

    def publish_view(self, request, pk):
        version = get_object_or_404(CatalogueVersion, pk=pk)
        allowed = request.method == "POST" and self.has_change_permission(request, version)
        if allowed and self._publish(request, version):
            messages.success(request, f"Published {version}: new assessments will use it.")
        return HttpResponseRedirect(reverse("admin:threads_catalogueversion_change", args=[pk]))

    @admin.action(description="Copy as a new draft version")
    def copy_as_draft(self, request, queryset):
        for version in queryset:
            self._copy(request, version)

    @admin.action(description="Publish (make current)")
    def publish(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one version to publish.", messages.ERROR)
            return
        version = queryset.get()
        if self._publish(request, version):
            self.message_user(request, f"Published {version}.", messages.SUCCESS)

    def _publish(self, request, version) -> bool:
        """Publish, or say each reason it cannot be published (one message per problem)."""
        try:
            services.catalogue_version_publish(version=version)
        except services.CatalogueIncomplete as refused:
            self.message_user(
                request,
                f"{version} was not published: fix {len(refused.problems)} "
                f"problem{'s' if len(refused.problems) != 1 else ''} first.",
                messages.ERROR,
            )
            for problem in refused.problems:
                self.message_user(request, problem[:1].upper() + problem[1:] + ".", messages.ERROR)
            return False
        return True


class IndicatorInline(LockedInlineMixin, admin.StackedInline):
    model = Indicator
    fk_name = "thread"
    extra = 0
    fields = ["code", "order", "statement", "guidance", "evidence_examples"]
    show_change_link = True


@admin.register(Thread)
class ThreadAdmin(LockedVersionMixin, admin.ModelAdmin):
    list_display = ["code", "title", "kind", "parent", "version"]
    list_filter = ["kind", "version"]
    search_fields = ["code", "title", "summary"]
    list_select_related = ["parent", "version"]
    filter_horizontal = ["supports"]
    inlines = [IndicatorInline]
    fields = [
        "version",
        "code",
        "kind",
        "title",
        "summary",
        "order",
        "parent",
        "supports",
        "support_reasons",
    ]

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if hasattr(inline_form.instance, "version_id") and not inline_form.instance.version_id:
                inline_form.instance.version = form.instance.version
        super().save_formset(request, form, formset, change)


class LevelDescriptorInline(LockedInlineMixin, admin.TabularInline):
    model = LevelDescriptor
    extra = 0
    fields = ["level", "descriptor"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "level":
            object_id = request.resolver_match.kwargs.get("object_id")
            indicator = Indicator.objects.filter(pk=object_id).first() if object_id else None
            if indicator is not None:
                kwargs["queryset"] = Level.objects.filter(version=indicator.version)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Indicator)
class IndicatorAdmin(LockedVersionMixin, admin.ModelAdmin):
    list_display = ["code", "statement", "thread", "version"]
    list_filter = ["version", "thread__kind", "thread"]
    search_fields = ["code", "statement", "guidance", "evidence_examples"]
    list_select_related = ["thread", "version"]
    filter_horizontal = ["recommendations"]
    inlines = [LevelDescriptorInline]
    fields = [
        "version",
        "thread",
        "code",
        "order",
        "statement",
        "guidance",
        "evidence_examples",
        "recommendations",
    ]


class StageRequirementInline(LockedInlineMixin, admin.TabularInline):
    model = StageRequirement
    extra = 0
    fields = ["target", "minimum", "order", "reason"]


@admin.register(Stage)
class StageAdmin(LockedVersionMixin, admin.ModelAdmin):
    list_display = ["code", "name", "order", "version"]
    list_filter = ["version"]
    search_fields = ["code", "name", "description"]
    inlines = [StageRequirementInline]
    fields = ["version", "code", "order", "name", "description"]
