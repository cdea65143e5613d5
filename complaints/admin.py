from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Complaint, Stage


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ["number", "requested_on", "due_on", "extended", "extension_reason", "responded_on", "outcome"]
    readonly_fields = fields  # changed through the complaint's pages, which keep the due dates in step
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "received_on", "case_reference", "team", "handler", "current_stage", "status"]
    list_select_related = ["team", "handler"]
    list_filter = ["status", "current_stage", "category", "team"]
    search_fields = ["reference", "case_reference"]
    readonly_fields = ["reference", "current_stage", "due_on", "status", "outcome", "closed_on"]
    inlines = [StageInline]
