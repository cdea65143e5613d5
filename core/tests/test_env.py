"""Settings read from the environment refuse nonsense loudly rather than guess."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.env import envbool, envint, envpattern


def test_a_yes_or_no_is_one_of_the_words_for_it(monkeypatch):
    monkeypatch.setenv("X", "Yes")
    assert envbool("X", False) is True
    monkeypatch.setenv("X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="true or false"):
        envbool("X", False)


def test_a_number_is_whole_and_within_its_range(monkeypatch):
    monkeypatch.setenv("X", "31")
    with pytest.raises(ImproperlyConfigured, match="between 1 and 30"):
        envint("X", 5, low=1, high=30)


def test_a_case_reference_pattern_must_compile(monkeypatch):
    assert envpattern("X", r"^\d+$") == r"^\d+$"
    monkeypatch.setenv("X", r"^[0-9]{6}$")
    assert envpattern("X", "") == r"^[0-9]{6}$"
    monkeypatch.setenv("X", r"^[0-9{6}$")
    with pytest.raises(ImproperlyConfigured, match="regular expression"):
        envpattern("X", "")
