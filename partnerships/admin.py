from django.contrib import admin

from partnerships.models import Agency, Invitation, Membership, PaperDetails, Partnership, Tier


class AgencyInline(admin.TabularInline):
    model = Agency
    extra = 0


class TierInline(admin.StackedInline):
    model = Tier
    extra = 0
    filter_horizontal = ["agencies"]


class PaperDetailsInline(admin.StackedInline):
    model = PaperDetails
    extra = 0
    exclude = ["updated_at"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "agency"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "local_authority"]
    search_fields = ["name", "slug", "local_authority"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AgencyInline, TierInline, MembershipInline, PaperDetailsInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "partnership", "role", "agency"]
    list_filter = ["role", "partnership"]
    search_fields = ["user__username", "user__email", "partnership__name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "partnership", "agency"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["membership", "invited_by", "sent_at", "accepted_at"]
    list_select_related = ["membership__user", "membership__partnership", "invited_by"]
