# SPDX-License-Identifier: GPL-3.0-or-later
"""Filter mailbox_batches: no batch of 3 BAL after five of 2,000 (issue #20)."""
import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.mssante.hygiene.plugins.filter.mailbox_batches import FilterModule, mailbox_batches


def sizes(count, size):
    return [len(batch) for batch in mailbox_batches(range(count), size)]


@pytest.mark.parametrize("count, size, expected", [
    (10003, 2000, [2000, 2000, 2000, 2000, 2003]),
    (10199, 2000, [2000, 2000, 2000, 2000, 2199]),
    (10200, 2000, [2000, 2000, 2000, 2000, 2000, 200]),
    (10000, 2000, [2000] * 5),
    (3, 2000, [3]),
    (0, 2000, []),
    (5, 1, [1, 1, 1, 1, 1]),
])
def test_small_remainder_joins_the_last_batch(count, size, expected):
    assert sizes(count, size) == expected


def test_order_and_items_kept():
    batches = mailbox_batches(list(range(2205)), 1000)
    assert [item for batch in batches for item in batch] == list(range(2205))


@pytest.mark.parametrize("size", [0, -3, "deux", None])
def test_bad_size_is_a_french_error(size):
    with pytest.raises(AnsibleFilterError, match="batch_size"):
        mailbox_batches([1, 2], size)


def test_registered():
    assert FilterModule().filters()["mailbox_batches"] is mailbox_batches


def test_error_names_the_value_given():
    with pytest.raises(AnsibleFilterError, match="reçu 'deux'"):
        mailbox_batches([1], "deux")
