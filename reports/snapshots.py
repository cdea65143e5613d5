"""The dashboard as last worked out, for a large council. Counting every duty, audit and action
of a county's department takes the database and the page a few hundred milliseconds, too slow to
pay on every look, so each view of the figures (who may see what, the filters, the day) is kept
as drawn, worked out again by Celery every REPORTS_REFRESH_SECONDS while someone is reading it,
and the page says when it was worked out. The rows behind a number are always read live.

With REPORTS_REFRESH_SECONDS at 0 every look works the figures out afresh."""

import hashlib
from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404, QueryDict
from django.template.loader import render_to_string
from django.utils import timezone

from . import dashboard
from .models import DashboardSnapshot
from .scope import Scope, scope_for

PANELS_TEMPLATE = "reports/includes/panels.html"
# A view of the figures nobody has looked at for this long is no longer worked out again.
KEPT_WHILE_READ = timedelta(hours=12)


def refresh_seconds() -> int:
    return getattr(settings, "REPORTS_REFRESH_SECONDS", 0)


def key_of(scope: Scope) -> str:
    """What makes two views of the figures the same: whom they count, the filters and the day."""
    seen = "everyone" if scope.visible is None else ",".join(map(str, sorted(scope.visible)))
    parts = [seen, scope.query, scope.today.isoformat()]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def draw(scope: Scope) -> str:
    return render_to_string(PANELS_TEMPLATE, {"scope": scope, "panels": dashboard.panels(scope)})


def shown(scope: Scope, *, fresh: bool = False) -> DashboardSnapshot | None:
    """The figures for this view as last worked out, if that was recently enough (within two
    refreshes, so a stopped Celery never leaves old figures up); worked out now, and kept, if not.
    None when figures are always worked out afresh."""
    seconds = refresh_seconds()
    if not seconds:
        return None
    now = timezone.now()
    key = key_of(scope)
    snapshot = None if fresh else DashboardSnapshot.objects.filter(key=key).first()
    if snapshot is None or snapshot.computed_at < now - timedelta(seconds=2 * seconds):
        snapshot, _ = DashboardSnapshot.objects.update_or_create(
            key=key,
            defaults={"user": scope.user, "query": scope.query, "html": draw(scope), "computed_at": now,
                      "asked_at": now},
        )
    elif snapshot.asked_at < now - timedelta(minutes=5):  # who still reads it, without a write per look
        DashboardSnapshot.objects.filter(id=snapshot.id).update(asked_at=now)
    return snapshot


def refresh_one(snapshot: DashboardSnapshot) -> bool:
    """Work one view's figures out again, as its reader would see them now; False if they may no
    longer see them (they left, say), when the view is dropped."""
    user = get_user_model().objects.filter(id=snapshot.user_id, is_active=True).first()
    if user is None:
        snapshot.delete()
        return False
    try:
        scope = scope_for(SimpleNamespace(GET=QueryDict(snapshot.query), user=user))
    except Http404:  # the team or service is out of their sight now
        scope = None
    if scope is None or key_of(scope) != snapshot.key:  # their sight, or the day, has changed: a new view
        snapshot.delete()
        return False
    DashboardSnapshot.objects.filter(id=snapshot.id).update(html=draw(scope), computed_at=timezone.now())
    return True


def refresh_all() -> int:
    """Every view read lately, worked out again; how many. Old views are dropped."""
    now = timezone.now()
    DashboardSnapshot.objects.filter(asked_at__lt=now - KEPT_WHILE_READ).delete()
    return sum(refresh_one(snapshot) for snapshot in DashboardSnapshot.objects.order_by("asked_at"))
