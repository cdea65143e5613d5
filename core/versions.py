"""Optimistic locking for every form that changes a QA record: two people editing one record
never silently overwrite each other.

A form opened on a record carries its version: what it showed, field by field, signed (a hidden
field, `record_version`). When it comes back, the record is read again. If the record no longer holds
what the form showed, someone saved a change in between, and the save is refused: the form is
shown again with the person's own typed values kept and a list of what changed. A field they had
not touched takes the newer value, so that saving again overwrites nothing they did not mean to;
a field both changed keeps theirs, and the list says so. The form then carries the newer version.

A form sent without a version (not from one of the portal's own pages) is taken as it comes:
the lock protects people from each other's tabs, not from themselves.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.core import signing
from django.db.models import Model, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils.html import strip_tags

VERSION = "record_version"  # not "version": a standard has a field of that name
_SALT = "qaportal.versions"
_ABSENT = object()

STALE = ("Someone else saved changes here since you opened this page, so nothing was saved. "
         "Check what changed, then save again.")
SHOWN_LENGTH = 200  # of a changed text, in the list of what changed


@dataclass(frozen=True)
class Change:
    """A field whose value changed since the form was opened, as the form now shows it."""

    field: forms.BoundField  # the field on the page, to link to
    label: str
    now: str
    yours_kept: bool  # the person changed it too: the form keeps what they typed


def _plain(value):
    """A field's initial value as data that compares and travels: records by their keys, several
    values in a fixed order."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, (QuerySet, list, tuple, set)):
        return sorted((_plain(item) for item in value), key=str)
    return value


def _encode(value):
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    return value


_DECODERS = {"datetime": datetime.fromisoformat, "date": date.fromisoformat, "decimal": Decimal}


def _decode(value):
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in _DECODERS:
        kind, text = next(iter(value.items()))
        return _DECODERS[kind](text)
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


def _put(data, name: str, field, value) -> None:
    """Write `value` into the sent data as the field's widget would have sent it."""
    widget = field.widget
    value = field.prepare_value(value)
    if isinstance(widget, forms.FileInput):
        return  # a browser sends no file unless one is chosen: the record keeps its own
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list) else widget.decompress(value)
        for suffix, part in zip(widget.widgets_names, parts, strict=False):
            data[name + suffix] = "" if part is None else str(part)
    elif getattr(widget, "allow_multiple_selected", False):
        items = [str(item) for item in value or []]
        if hasattr(data, "setlist"):
            data.setlist(name, items)
        else:
            data[name] = items
    elif isinstance(widget, forms.CheckboxInput):
        if value:
            data[name] = "on"
        else:
            data.pop(name, None)
    else:
        data[name] = "" if value is None else str(value)


def _shown_value(field, value) -> str:
    """A value as a person reads it in the list of what changed."""
    if value in (None, "", []):
        return "nothing"
    if isinstance(field, forms.BooleanField):
        return "yes" if value else "no"
    if isinstance(field, forms.ModelChoiceField):
        keys = value if isinstance(value, list) else [value]
        records = field.queryset.model._base_manager.filter(pk__in=keys)
        return ", ".join(field.label_from_instance(record) for record in records) or "nothing"
    if isinstance(field, forms.ChoiceField):
        labels = {}
        for key, label in field.choices:
            labels.update(label if isinstance(label, (list, tuple)) else [(key, label)])
        keys = value if isinstance(value, list) else [value]
        return ", ".join(str(labels.get(key, labels.get(str(key), key))) for key in keys)
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    text = str(value)
    return text if len(text) <= SHOWN_LENGTH else text[:SHOWN_LENGTH] + "…"


class VersionedForm:
    """A form that edits a record carries the record's version and refuses a stale save.

    Put it first among a form's bases. `stale` says whether the last check refused the save;
    `changes` lists what changed. A view that saves part of a form even when it is not valid
    (an audit's draft answers) checks `stale` first."""

    stale = False
    changes: tuple[Change, ...] = ()

    def __init__(self, *args, new: bool = False, **kwargs):
        self.new = new  # a form (not a model form) that makes a record says so
        super().__init__(*args, **kwargs)
        # Worked out when the page is drawn, once every field of the form is in place.
        self.fields[VERSION] = forms.CharField(widget=forms.HiddenInput, required=False, initial=self.version)

    @property
    def helper(self):
        return self._helper

    @helper.setter
    def helper(self, helper):
        helper.render_hidden_fields = True  # the version travels wherever the layout puts the fields
        self._helper = helper

    def records_a_version(self) -> bool:
        """A form for a new record has nothing to be stale about."""
        instance = getattr(self, "instance", None)
        return not self.new if instance is None else instance.pk is not None

    def _held(self) -> dict:
        """What the record holds now, as this form's fields show it."""
        return {
            name: _plain(self.get_initial_for_field(field, name))
            for name, field in self.fields.items()
            if name != VERSION
        }

    def now_at(self, version: str) -> None:
        """A form shown again after part of it was saved (a draft kept despite its errors)
        carries the record's version as it now is, not the one it was opened at."""
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION)] = version

    def version(self) -> str:
        if not self.records_a_version():
            return ""
        held = [[name, _encode(value)] for name, value in self._held().items()]
        return signing.dumps(held, salt=_SALT, compress=True)

    def _opened(self):
        """What the form showed when it was opened: None when it was sent without a version, and
        _ABSENT when the version cannot be read (tampered with, or signed by another key)."""
        token = self.data.get(self.add_prefix(VERSION), "")
        if not token:
            return None
        try:
            return {name: _decode(value) for name, value in signing.loads(token, salt=_SALT)}
        except (signing.BadSignature, ValueError, TypeError, KeyError):
            return _ABSENT

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        self.cleaned_data.pop(VERSION, None)  # the form's own business, not the record's
        if not self.records_a_version():
            return
        opened = self._opened()
        if opened is None:
            return
        held = self._held()
        if opened is not _ABSENT and opened == held:
            return
        self.stale = True
        data = self.data.copy()
        changes = []
        for name, now in held.items():
            was = opened.get(name, _ABSENT) if opened is not _ABSENT else _ABSENT
            if was == now:
                continue
            field = self.fields[name]
            sent = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            yours = was is _ABSENT or field.has_changed(was, sent)
            if not yours:
                _put(data, self.add_prefix(name), field, now)
            changes.append(Change(self[name], strip_tags(str(field.label or name)), _shown_value(field, now), yours))
        data[self.add_prefix(VERSION)] = self.version()
        self.data, self.changes = data, tuple(changes)
        self.add_error(None, STALE)
