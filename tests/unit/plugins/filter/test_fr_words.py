# SPDX-License-Identifier: GPL-3.0-or-later
"""Filter fr_words: the words that agree with a count, by fr_count's rule."""
import pytest

from ansible_collections.mssante.hygiene.plugins.filter.fr_words import FilterModule, fr_words


@pytest.mark.parametrize("number, expected", [
    (0, "serait purgé"), (1, "serait purgé"), (2, "seraient purgés"), (12345, "seraient purgés"), (None, "serait purgé"),
])
def test_singular_for_zero_and_one_plural_from_two(number, expected):
    assert fr_words(number, "serait purgé", "seraient purgés") == expected


def test_regular_plural_without_plural_words():
    assert fr_words(3, "refus", None) == "refus"
    assert fr_words(3, "BAL concernée") == "BAL concernées"


def test_registered_under_its_name():
    assert FilterModule().filters()["fr_words"] is fr_words
