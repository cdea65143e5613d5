"""Pages of the audit tools: every type's current questionnaire, and an editor for
administrators that always saves a new version."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from . import tools
from .models import AuditTool, AuditType


class ToolTextForm(forms.Form):
    text = forms.CharField(
        label="Questions",
        help_text="First line 'title: ...'. A line starting '## ' begins a domain; each question is "
        "'grade: ...', 'yes_no: ...' or 'text: ...'.",
        widget=forms.Textarea(attrs={"rows": 24, "class": "govuk-textarea", "spellcheck": "true"}),
        error_messages={"required": "Enter the tool's questions"},
    )

    def clean_text(self):
        try:
            self.parsed = tools.parse(self.cleaned_data["text"])
        except tools.ToolTextError as error:
            raise forms.ValidationError(error.errors) from None
        return self.cleaned_data["text"]


def tool_list(request):
    newest = {}
    tools_of_types = AuditTool.objects.filter(theme=None).order_by("audit_type", "-version")
    for tool_id, audit_type in tools_of_types.values_list("id", "audit_type"):
        newest.setdefault(audit_type, tool_id)
    current = {
        tool.audit_type: tool
        for tool in AuditTool.objects.filter(id__in=newest.values()).prefetch_related("domains__questions")
    }
    rows = [(AuditType(value), current.get(value)) for value in AuditType.values]
    return render(request, "audits/tools.html", {"rows": rows})


def tool_edit(request, audit_type):
    if audit_type not in AuditType.values:
        raise Http404("No such audit type")
    if not request.user.is_staff:
        raise PermissionDenied("Only administrators edit audit tools.")
    current = AuditTool.objects.current(audit_type)
    form = ToolTextForm(request.POST or None, initial={"text": tools.as_text(current) if current else ""})
    if request.method == "POST" and form.is_valid():
        tool = tools.save_version(audit_type, form.cleaned_data["text"], acting_user=request.user)
        messages.success(request, f"Saved {tool.title} as version {tool.version}. Audits already made keep theirs.")
        return redirect("audits:tools")
    return render(
        request, "audits/tool_edit.html", {"form": form, "audit_type": AuditType(audit_type), "current": current}
    )
