from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agency, Role, RoleAssignment, Service, StaffMember, Team


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0


@admin.register(Service)
class ServiceAdmin(SimpleHistoryAdmin):
    search_fields = ["name"]
    inlines = [TeamInline]


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "service"]
    list_select_related = ["service"]
    list_filter = ["service"]
    search_fields = ["name"]


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "oversees_scope"]
    list_editable = ["oversees_scope"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["role", "service", "team"]


@admin.register(StaffMember)
class StaffMemberAdmin(SimpleHistoryAdmin):
    list_display = ["name", "staff_number", "job_title", "team", "agency", "line_manager", "is_case_holder",
                    "is_practitioner", "is_newly_qualified", "left_on"]
    list_select_related = ["team", "agency", "line_manager"]
    list_filter = ["team__service", "team", "agency", "is_case_holder", "is_practitioner", "is_newly_qualified"]
    search_fields = ["name", "staff_number", "email", "job_title"]
    autocomplete_fields = ["user", "team", "agency", "line_manager"]
    inlines = [RoleAssignmentInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["staff", "role", "service", "team", "starts_on", "ends_on"]
    list_select_related = ["staff", "role", "service", "team"]
    list_filter = ["role", "service"]
    search_fields = ["staff__name", "role__name"]
    autocomplete_fields = ["staff", "role", "service", "team"]
