# SPDX-License-Identifier: GPL-3.0-or-later
"""directory_info's `timings` (issue 20): where a read's time went, connect / read / summarize (no server)."""
import datetime as dt

from ansible_collections.mssante.hygiene.plugins.module_utils.directory import reader
from ansible_collections.mssante.hygiene.plugins.module_utils.directory.reader import DirectoryConfig, read_accounts

CONFIG = DirectoryConfig(server_uris=["ldap://x"], base="dc=x", domains=["ch.mssante.fr"])


class Connection:
    def unbind(self):
        pass


def test_a_read_returns_its_phases_in_order(monkeypatch):
    monkeypatch.setattr(reader, "connect", lambda config: (Connection(), []))
    monkeypatch.setattr(reader, "paged_entries", lambda connection, config, search_filter: iter([
        ("uid=a,dc=x", {"mail": [b"a@ch.mssante.fr"]}), ("uid=b,dc=x", {"mail": [b"b@ch.mssante.fr"]})]))
    result = read_accounts(CONFIG, dt.date(2026, 11, 26))
    assert result.counts["entries"] == 2
    assert list(result.timings) == ["connect", "read", "summarize"]
    assert all(isinstance(seconds, float) and seconds >= 0 for seconds in result.timings.values())
