# SPDX-License-Identifier: GPL-3.0-or-later
"""Filter fr_datetime: a UTC instant as a DSI in France reads it."""
import pytest

from ansible_collections.mssante.hygiene.plugins.filter import fr_datetime as plugin


@pytest.mark.parametrize("value, expected", [
    ("2026-12-01T16:40:11+00:00", "01/12/2026 à 17:40"),  # winter: UTC+1
    ("2026-07-14T08:00:00Z", "14/07/2026 à 10:00"),  # summer: UTC+2
    ("2026-03-29T00:59:00Z", "29/03/2026 à 01:59"), ("2026-03-29T01:00:00Z", "29/03/2026 à 03:00"),
    ("2026-10-25T00:59:00Z", "25/10/2026 à 02:59"), ("2026-10-25T01:00:00Z", "25/10/2026 à 02:00"),
    ("2026-12-31T23:30:00Z", "01/01/2027 à 00:30"),  # already next year in Paris
    ("2026-09-01", "01/09/2026"), ("", ""), (None, ""), ("hier", "")])
def test_paris_time(value, expected):
    assert plugin.FilterModule().filters()["fr_datetime"](value) == expected
