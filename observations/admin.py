from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Observation


@admin.register(Observation)
class ObservationAdmin(SimpleHistoryAdmin):
    list_display = ["practitioner", "setting", "observer", "observed_on", "feedback_given_on"]
    list_filter = ["setting"]
    search_fields = ["practitioner__name", "observer__name"]
    date_hierarchy = "observed_on"
    list_select_related = ["practitioner", "observer"]
    raw_id_fields = ["observer", "practitioner"]
    readonly_fields = ["created_at"]

    def has_add_permission(self, request):
        # Observations are recorded on the portal's own page, which completes the duties they count for.
        return False
