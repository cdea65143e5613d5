"""How a record stands on a day, for the pages: `{% state_of action as state %}` is the action's
`state(today)`, on the page's `today` (the view's, or the clock's), so a page shows the rule its
model states (overdue once past due and not done), never a status a nightly job may not have
caught up with."""

from django import template

from core import clock

register = template.Library()


@register.simple_tag(takes_context=True)
def state_of(context, record):
    """The record's state on the page's `today` (today, when the page gives none)."""
    return record.state(context.get("today") or clock.today())
