"""A person's own reminder settings: when they are on leave."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from core.fields import DateInputField
from core.versions import VersionedForm
from people.models import StaffMember


class LeaveForm(VersionedForm, forms.ModelForm):
    on_leave_from = DateInputField(label="First day of leave", help_text="For example, 21 12 2026", required=False)
    on_leave_until = DateInputField(label="Last day of leave", help_text="For example, 2 1 2027", required=False)

    class Meta:
        model = StaffMember
        fields = ["on_leave_from", "on_leave_until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("on_leave_from"), Field("on_leave_until"), Button.primary("leave", "Save"))

    def clean(self):
        data = super().clean()
        first, last = data.get("on_leave_from"), data.get("on_leave_until")
        if last and not first and "on_leave_from" not in self.errors:
            self.add_error("on_leave_from", "Enter the first day of leave")
        if first and last and last < first:
            self.add_error("on_leave_until", "The last day of leave must be on or after the first")
        return data
