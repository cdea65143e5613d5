from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Case


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "case_holder", "team", "opened_on", "closed_on", "transferred_on", "last_listed_on"]
    list_select_related = ["case_holder", "team"]
    list_filter = ["team__service", "team"]
    search_fields = ["reference", "case_holder__name", "case_holder__staff_number"]
    autocomplete_fields = ["case_holder", "team"]
    date_hierarchy = "opened_on"
