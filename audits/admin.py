from django.contrib import admin
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .models import AgencyContribution, Answer, Audit, AuditTheme, AuditTool, Scrutiny
from .tools import as_text


class ReadOnlyMixin:
    """A version of a tool is never changed once made (audits keep the questions they used)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditTool)
class AuditToolAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "audit_type", "key", "version", "created_at", "created_by"]
    list_filter = ["audit_type"]
    list_select_related = ["created_by"]
    fields = ["audit_type", "key", "version", "title", "created_at", "created_by", "questions"]
    readonly_fields = fields

    class Media:
        css = {"all": ["css/admin.css"]}  # styles from a file: the Content-Security-Policy allows no inline style

    @admin.display(description="Domains and questions")
    def questions(self, tool):
        return format_html('<pre class="app-pre-wrap">{}</pre>', as_text(tool))


class AnswerInline(ReadOnlyMixin, admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["question", "grade", "yes_no", "text", "date", "number", "choice", "comment"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("audit", "question")


@admin.register(Audit)
class AuditAdmin(SimpleHistoryAdmin):
    list_display = ["case_reference", "audit_type", "auditor", "case_holder", "team", "audited_on", "overall_grade",
                    "status"]
    list_filter = ["status", "audit_type", "overall_grade", "safeguarding_concern", "team"]
    search_fields = ["case_reference", "auditor__name", "case_holder__name"]
    date_hierarchy = "audited_on"
    list_select_related = ["auditor", "case_holder", "team"]
    raw_id_fields = ["tool", "theme", "case_holder", "team", "auditor", "moderator"]
    readonly_fields = ["submitted_at", "shared_at", "acknowledged_at", "moderated_at", "created_at"]
    inlines = [AnswerInline]


@admin.register(AuditTheme)
class AuditThemeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "audit_type", "set_by", "active"]
    list_filter = ["audit_type", "active"]
    search_fields = ["title"]


@admin.register(Scrutiny)
class ScrutinyAdmin(SimpleHistoryAdmin):
    list_display = ["audit", "scrutineer", "scrutinised_on"]
    raw_id_fields = ["audit", "scrutineer"]


@admin.register(AgencyContribution)
class AgencyContributionAdmin(SimpleHistoryAdmin):
    list_display = ["audit", "agency", "contributor", "grade", "submitted_at"]
    list_filter = ["agency"]
    raw_id_fields = ["audit", "contributor"]
