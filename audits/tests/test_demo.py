"""The demo's audits (audits.demo): the case file tool's questions name the standards of the demo
library (standards.demo) that they test. The rest of the demo's audits are seeded with the whole
demo council (people/tests/test_seed_demo.py)."""

import pytest
from django.core.files.storage import FileSystemStorage

from audits.demo import name_standards_in_case_file_tool
from audits.models import AuditTool, Question
from standards.demo import seed_standards
from standards.models import Standard
from standards.tests.factories import today

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def documents_in_tmp(tmp_path, monkeypatch):
    """The demo library's uploaded file goes to a folder of the test's own, not var/media/."""
    storage = FileSystemStorage(location=tmp_path / "media", base_url=None)
    monkeypatch.setattr(Standard._meta.get_field("document"), "storage", storage)


def test_the_case_file_tool_names_the_standards_it_tests(cast, admin_user):
    assert name_standards_in_case_file_tool(admin_user) is None  # no library yet
    seed_standards(today(), log=lambda *_: None)
    named = name_standards_in_case_file_tool(admin_user)
    tool = AuditTool.objects.current("case_file")
    assert named == tool and tool.version == 2
    assert Question.objects.filter(domain__tool=tool, standard__isnull=False).count() >= 2
    assert name_standards_in_case_file_tool(admin_user) is None  # named already
