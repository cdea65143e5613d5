from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Duty, Responsibility


@admin.register(Responsibility)
class ResponsibilityAdmin(SimpleHistoryAdmin):
    list_display = ["ref", "role", "task", "frequency", "count", "applies_to", "strand", "active"]
    list_select_related = ["role"]
    list_filter = ["active", "strand", "frequency", "applies_to", "role"]
    search_fields = ["ref", "task", "purpose"]
    autocomplete_fields = ["role"]


@admin.register(Duty)
class DutyAdmin(SimpleHistoryAdmin):
    list_display = ["responsibility", "owner", "period_start", "due_on", "status"]
    list_filter = ["status", "responsibility__strand", "responsibility__role"]
    search_fields = ["owner__name", "responsibility__ref", "responsibility__task"]
    date_hierarchy = "due_on"
    list_select_related = ["responsibility", "owner"]
    raw_id_fields = ["owner", "subject_staff", "subject_team", "completed_by", "waived_by"]
    readonly_fields = ["record_type", "record_id", "created_at"]
