"""The demo library: plausible documents, two due within the month and one overdue. (The case
file tool's questions naming the standards they test: audits/tests/test_demo.py.)"""

from datetime import timedelta

import pytest

from standards.demo import seed_standards
from standards.models import Standard

from .factories import today

pytestmark = pytest.mark.django_db


def test_seed_standards(cast, admin_user):
    now = today()
    made = seed_standards(now, log=lambda *_: None)
    assert made == Standard.objects.count() >= 10
    due = Standard.objects.review_due_by(now + timedelta(days=30))
    assert due.filter(next_review_on__lt=now).count() == 1
    assert due.filter(next_review_on__gte=now).count() == 2
    assert Standard.objects.exclude(document="").count() == 1
    assert Standard.objects.get(code="supervision").reviews.count() == 1
    assert seed_standards(now, log=lambda *_: None) == 0  # only into an empty library
