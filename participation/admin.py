from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Feedback, Meeting, Survey, SurveyResult


class FeedbackInline(admin.TabularInline):
    model = Feedback
    extra = 0
    autocomplete_fields = ["owner"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "held_on", "team", "recorded_by"]
    list_select_related = ["team", "recorded_by"]
    list_filter = ["kind"]
    date_hierarchy = "held_on"
    autocomplete_fields = ["attendees", "recorded_by"]
    inlines = [FeedbackInline]


class SurveyResultInline(admin.TabularInline):
    model = SurveyResult
    extra = 0
    readonly_fields = ["position", "question", "answer", "count"]
    can_delete = False


@admin.register(Survey)
class SurveyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "year", "imported_by", "imported_at"]
    list_select_related = ["imported_by"]
    list_filter = ["kind", "year"]
    readonly_fields = ["imported_by", "imported_at"]
    inlines = [SurveyResultInline]


@admin.register(Feedback)
class FeedbackAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "from_whom", "owner", "respond_by", "status"]
    list_select_related = ["meeting", "owner"]
    list_filter = ["status", "from_whom"]
    autocomplete_fields = ["owner"]
