"""What a case reference looks like: the number in the council's case management system, never a
child's name. One check for every place a reference is typed or uploaded."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError

# What to say when a reference does not look like one. It never repeats the text back: a name
# typed by mistake should not travel further than the box it was typed in.
NOT_A_REFERENCE = "Enter the case reference as the case management system shows it, not a name"


def is_case_reference(text: str) -> bool:
    return re.fullmatch(settings.CASE_REFERENCE_PATTERN, text) is not None


def validate_case_reference(value: str) -> None:
    if not is_case_reference(value):
        raise ValidationError(NOT_A_REFERENCE, code="invalid_case_reference")
