"""The scorecard in the admin: the QA lead (or an administrator) sets up the measures here; values
come by import or by hand on the scorecard's pages, which keep their ratings' requests for a
reason in step, so the admin shows them without changing them.

Board reports are made on their own pages; the admin shows them, and an administrator alone may
delete one (with its versions and their files, through reports.board_actions)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import board_actions
from .models import BoardReport, Measure, MeasureValue, ScorecardReview


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "target", "higher_is_better", "amber_band", "owner", "frequency", "active"]
    list_filter = ["frequency", "active", "unit"]
    list_select_related = ["owner"]
    search_fields = ["name", "owner__name"]
    raw_id_fields = ["owner"]


@admin.register(MeasureValue)
class MeasureValueAdmin(SimpleHistoryAdmin):
    list_display = [
        "measure",
        "period_start",
        "team",
        "service",
        "value",
        "target",
        "source",
        "reason_due_on",
        "explained_at",
    ]
    list_filter = ["measure", "source"]
    list_select_related = ["measure", "team", "service"]
    search_fields = ["measure__name", "team__name", "service__name"]
    readonly_fields = [
        "measure",
        "period_start",
        "period_end",
        "team",
        "service",
        "value",
        "target",
        "source",
        "entered_by",
        "entered_at",
        "reason_due_on",
        "reason",
        "planned_action",
        "explained_by",
        "explained_at",
    ]

    def has_add_permission(self, request):
        return False  # values come by import or by hand on the scorecard's pages


@admin.register(ScorecardReview)
class ScorecardReviewAdmin(SimpleHistoryAdmin):
    list_display = ["reviewer", "week_start", "recorded_at"]
    list_select_related = ["reviewer"]
    readonly_fields = ["reviewer", "week_start", "note", "recorded_by", "recorded_at"]

    def has_add_permission(self, request):
        return False  # recorded on the scorecard, which completes the week's duty too


@admin.register(BoardReport)
class BoardReportAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "period_start", "service", "team", "author", "status", "finalised_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["service", "team", "author"]
    search_fields = ["author__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def delete_model(self, request, obj):
        board_actions.delete_report(obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        for report in queryset:
            board_actions.delete_report(report, acting_user=request.user)
