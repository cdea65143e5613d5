from django.apps import AppConfig
from django.db.models.signals import post_migrate

from cases.pages import CASE_PAGE
from core import sections
from standards.pages import STANDARD_PAGE


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Audits"

    def ready(self):
        # The models and what reads them are imported once the apps are ready, not with this module.
        from schedule import records, waiting

        from . import case_audits, standard_questions
        from .models import CASE_HOLDER_RECORD, SCRUTINY_RECORD, AuditType
        from .waiting import audits_to_acknowledge, audits_to_moderate, contributions_to_make

        post_migrate.connect(_load_default_tools, sender=self)
        # A responsibility whose `record` names one of these is done when such an audit is
        # submitted, and My duties links to the page that starts one.
        # A case file audit's duty page offers the month's sample, drawn as its row of the table asks.
        for audit_type in AuditType:
            label = audit_type.label.lower()
            guide = ("the month's sample of cases", "cases:sample") if audit_type == AuditType.CASE_FILE else None
            records.register(audit_type.record_kind, f"{'an' if label[0] in 'aeiou' else 'a'} {label}", "audits:new",
                             guide=guide)
        records.register(CASE_HOLDER_RECORD, "an audit of one of this case-holder's cases", None)
        records.register(SCRUTINY_RECORD, "a scrutiny of an audit", "audits:scrutiny")
        sections.register(CASE_PAGE, "audits", case_audits.SECTION)
        # What an audit waits on someone for is first on their My duties ("Waiting for you").
        waiting.register("audits:acknowledge", audits_to_acknowledge)
        waiting.register("audits:moderate", audits_to_moderate)
        waiting.register("audits:contribute", contributions_to_make)
        sections.register(STANDARD_PAGE, "questions", standard_questions.SECTION)


def _load_default_tools(sender, **kwargs):
    # Every portal starts with the shipped tool for each audit type; later versions are the council's.
    from .tools import load_default_tools

    load_default_tools()
