"""Action plans of other apps' records: what an audit's page (and later a complaint's or an
observation's) calls to show its actions and to let people add to them.

A record is named in a link as `<app_label>.<model>:<pk>` ("audits.audit:12"). A record can own a
plan when its model's manager has `visible_to(user)` (so that who may see it is known) and it
has a page of its own (`get_absolute_url`).

Making a plan or raising an action takes `at`, the moment it was made (default: now), so that one
recorded later (the demo's year of complaints) carries the moment it tells of: its `created_at`
and its history.
"""

import re
from datetime import datetime

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.http import Http404

from core.history import made_at

from .models import Action, ActionPlan

SOURCE_KEY = re.compile(r"(?P<app_label>\w+)\.(?P<model>\w+):(?P<pk>\d{1,18})")


def actions_for(record, user):
    """The actions of the record's plan that the user may see, soonest due first."""
    return (
        Action.objects.visible_to(user)
        .filter(plan__in=ActionPlan.objects.of_record(record))
        .select_related("owner")
        .order_by("due_on", "id")
    )


def plan_for(record, *, title: str, acting_user, at: datetime | None = None) -> ActionPlan:
    """The record's action plan, made now if it has none. Whether the user may see the record is
    the caller's business."""
    plan = ActionPlan.objects.of_record(record).first()
    if plan is not None:
        return plan
    plan = ActionPlan(title=title[:200], source=record, created_by=acting_user)
    plan._history_user = acting_user
    if at is not None:
        plan._history_date = at
    try:
        with transaction.atomic():
            plan.save()
            made_at(plan, at)
    except IntegrityError:  # made at the same moment by someone else: theirs is the plan
        return ActionPlan.objects.of_record(record).get()
    return plan


def may_add_action(record, user) -> bool:
    """Whether the user may add an action to the record's plan (the record's page shows "Add an
    action" only then). Seeing the record is the caller's business."""
    return Action.may_raise(user, record)


def source_key(record) -> str:
    """How a link names the record: "audits.audit:12"."""
    return f"{record._meta.app_label}.{record._meta.model_name}:{record.pk}"


def can_own_a_plan(model) -> bool:
    return (
        model._meta.app_label != "learning"
        and hasattr(model, "get_absolute_url")
        and hasattr(model._default_manager, "visible_to")
    )


def find_source(key: str, user):
    """The record a link names, if the user may see it; 404 for anything else, so that a link
    never tells whether a record exists."""
    match = SOURCE_KEY.fullmatch(key or "")
    if match is None:
        raise Http404("No such record")
    try:
        model = apps.get_model(match["app_label"], match["model"])
    except LookupError:
        raise Http404("No such record") from None
    if not can_own_a_plan(model):
        raise Http404("No such record")
    record = model._default_manager.visible_to(user).filter(pk=match["pk"]).first()
    if record is None:
        raise Http404("No such record")
    return record


def visible_source(plan: ActionPlan, user):
    """The record a plan is of, if the user may open its page; otherwise None."""
    if plan.source_type_id is None:
        return None
    model = ContentType.objects.get_for_id(plan.source_type_id).model_class()
    if model is None or not can_own_a_plan(model):
        return None
    return model._default_manager.visible_to(user).filter(pk=plan.source_id).first()


def default_title(record) -> str:
    return f"Action plan: {record}"


@transaction.atomic
def raise_action(
    *, acting_user, source=None, plan: ActionPlan | None = None, themes=(), at: datetime | None = None, **fields
) -> Action:
    """A new action, raised by the acting user, in the source record's plan (made now if it has
    none) or in the plan given, or in none."""
    if source is not None:
        plan = plan_for(source, title=default_title(source), acting_user=acting_user, at=at)
    action = Action(plan=plan, raised_by=acting_user.staff_member, **fields)
    action._history_user, action._change_reason = acting_user, "raised"
    if at is not None:
        action._history_date = at
    action.save()
    made_at(action, at)
    if themes:
        action._change_reason = "learning themes set"
        action.themes.set(themes)
    return action
