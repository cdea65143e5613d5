from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Audits"

    def ready(self):
        post_migrate.connect(_load_default_tools, sender=self)
        _register_record_kinds()


def _load_default_tools(sender, **kwargs):
    # Every portal starts with the shipped tool for each audit type; later versions are the council's.
    from .tools import load_default_tools

    load_default_tools()


def _register_record_kinds():
    # A responsibility whose `record` names one of these is done when such an audit is submitted,
    # and My duties links to the page that starts one.
    from schedule.records import register

    from .models import CASE_HOLDER_RECORD, SCRUTINY_RECORD, AuditType

    for audit_type in AuditType:
        label = audit_type.label.lower()
        register(audit_type.record_kind, f"{'an' if label[0] in 'aeiou' else 'a'} {label}", "audits:new")
    register(CASE_HOLDER_RECORD, "an audit of one of this case-holder's cases", None)
    register(SCRUTINY_RECORD, "a scrutiny of an audit", "audits:scrutiny")
