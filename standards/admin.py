from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Review, Standard


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    fields = ["reviewed_on", "previous_version", "version", "next_review_on", "reviewed_by", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False  # reviews are recorded on the standard's page, which keeps the standard in step


@admin.register(Standard)
class StandardAdmin(SimpleHistoryAdmin):
    list_display = ["title", "code", "kind", "owner", "version", "next_review_on", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["title", "code", "owner__name"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner"]
    prepopulated_fields = {"code": ["title"]}
    readonly_fields = ["created_at"]
    inlines = [ReviewInline]
