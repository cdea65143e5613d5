"""Template filters of learning: how a link names a record that may own an action plan."""

from django import template

from learning.plans import source_key as key

register = template.Library()


@register.filter
def source_key(record) -> str:
    """"audits.audit:12", for the "Add an action" link of a record's page."""
    return key(record)
