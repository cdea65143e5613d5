"""The case list raises duties of the audit on closure or transfer (R60) by the record kind that
audit completes: cases names it without importing audits, so the two are checked here."""

from audits.models import AuditType
from cases.duties import CLOSURE_TRANSFER_RECORD


def test_the_case_list_raises_the_duties_an_audit_on_closure_or_transfer_completes():
    assert CLOSURE_TRANSFER_RECORD == AuditType.CLOSURE_TRANSFER.record_kind
