"""The scorecard in the admin: the QA lead (or an administrator) sets up the measures here; values
come by import or by hand on the scorecard's pages, which keep their ratings' requests for a
reason in step, so the admin shows them without changing them."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Measure, MeasureValue, ScorecardReview


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
