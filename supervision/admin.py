from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import PDR, AgendaItem, SupervisionSession


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["audit", "observation", "action", "discussed", "note"]
    raw_id_fields = ["audit", "observation", "action"]


@admin.register(SupervisionSession)
class SupervisionSessionAdmin(SimpleHistoryAdmin):
    list_display = ["held_on", "supervisee", "supervisor", "kind", "outcome"]
    list_filter = ["kind", "outcome"]
    list_select_related = ["supervisee", "supervisor"]
    search_fields = ["supervisee__name", "supervisor__name"]
    raw_id_fields = ["supervisor", "supervisee"]
    date_hierarchy = "held_on"
    inlines = [AgendaItemInline]


@admin.register(PDR)
class PDRAdmin(SimpleHistoryAdmin):
    list_display = ["held_on", "appraisee", "appraiser"]
    list_select_related = ["appraisee", "appraiser"]
    search_fields = ["appraisee__name", "appraiser__name"]
    raw_id_fields = ["appraiser", "appraisee"]
    date_hierarchy = "held_on"
