"""Pages of the audit tools: the current version of every tool of every type, and an editor for
administrators that always saves a new version (of a tool, or of a new tool of a type)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from core.versions import VersionedForm

from . import tools
from .forms import THEMED_TYPES
from .models import AuditTool, AuditType, offer_order


class ToolTextForm(VersionedForm, forms.Form):
    text = forms.CharField(
        label="Questions",
        help_text=tools.HINT,
        widget=forms.Textarea(attrs={"rows": 24, "class": "govuk-textarea", "spellcheck": "true"}),
        error_messages={"required": "Enter the tool's questions"},
    )

    def __init__(self, *args, audit_type: str, key: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        # A new tool (no key yet) takes its key from its title; auditors choose between the tools
        # of a type by their titles, so no two of them share one.
        self.audit_type, self.key = audit_type, key

    def clean_text(self):
        try:
            self.parsed = tools.parse(self.cleaned_data["text"])
        except tools.ToolTextError as error:
            raise forms.ValidationError(error.errors) from None
        title = self.parsed.title
        others = [tool for tool in AuditTool.objects.offered(self.audit_type) if tool.key != self.key]
        taken = self.key is None and AuditTool.objects.filter(theme=None, key=tools.key_for(title)).exists()
        if taken or any(tool.title.lower() == title.lower() for tool in others):
            raise forms.ValidationError(
                f"There is already a tool called {title!r}: give this one another title, or edit that one"
            )
        return self.cleaned_data["text"]


def tool_list(request):
    by_type = {}
    for tool in AuditTool.objects.newest().select_related("created_by").prefetch_related("domains__questions"):
        by_type.setdefault(tool.audit_type, []).append(tool)
    rows = [(AuditType(value), sorted(by_type.get(value, []), key=offer_order)) for value in AuditType.values]
    return render(request, "audits/tools.html", {"rows": rows})


def _edit(request, audit_type: str, current, key: str | None):
    """The editor: of `key`'s tool (`current` its newest version, or None for a type's own tool
    not written yet), or of a new tool of the type (key None)."""
    if not request.user.is_staff:
        raise PermissionDenied("Only administrators edit audit tools.")
    form = ToolTextForm(
        request.POST or None,
        audit_type=audit_type,
        key=key,
        initial={"text": tools.as_text(current) if current else ""},
        new=key is None,
    )
    if request.method == "POST" and form.is_valid():
        key = key or tools.key_for(form.parsed.title)
        tool = tools.save_version(audit_type, form.cleaned_data["text"], acting_user=request.user, key=key)
        messages.success(request, f"Saved {tool.title} as version {tool.version}. Audits already made keep theirs.")
        return redirect("audits:tools")
    return render(
        request,
        "audits/tool_edit.html",
        {"form": form, "audit_type": AuditType(audit_type), "current": current, "adding": key is None},
    )


def tool_edit(request, key):
    """Edit a tool: `key` names it (a type's own tool has the type as its key)."""
    current = AuditTool.objects.filter(theme=None, key=key).order_by("-version").first()
    if current is None and key not in AuditType.values:
        raise Http404("No such audit tool")
    return _edit(request, current.audit_type if current else key, current, key)


def tool_new(request, audit_type):
    """Write another tool of a type, beside those it has: auditors then choose between them."""
    if audit_type not in AuditType.values or audit_type in THEMED_TYPES:  # a theme brings its own questions
        raise Http404("No such audit type")
    return _edit(request, audit_type, None, None)
