from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, ActionPlan, LearningTheme


@admin.register(LearningTheme)
class LearningThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["description", "owner", "due_on", "level", "status"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "theme", "source_type", "source_id", "created_by", "created_at"]
    list_filter = ["theme", "source_type"]
    search_fields = ["title"]
    list_select_related = ["theme", "source_type", "created_by"]
    raw_id_fields = ["created_by"]
    readonly_fields = ["created_at"]
    inlines = [ActionInline]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "owner", "raised_by", "due_on", "level", "status"]
    list_filter = ["status", "level", "themes"]
    search_fields = ["description", "owner__name", "raised_by__name"]
    date_hierarchy = "due_on"
    list_select_related = ["owner", "raised_by"]
    raw_id_fields = ["plan", "owner", "raised_by"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_at"]
