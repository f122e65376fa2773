# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Annuaire throttle counts each gap from the real release, so a late wake-up never lets the
next request follow too closely (CI failure of 2026-12-04: 6 calls in one second at rate_limit 5)."""
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire import fhir


class FakeClock:
    """monotonic() and sleep() of a machine whose sleeps overshoot by `late` seconds."""

    def __init__(self, late):
        self.now = 100.0
        self.late = late

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds + self.late


def test_oversleep_widens_the_gap_instead_of_shortening_the_next(monkeypatch):
    clock = FakeClock(late=0.05)
    monkeypatch.setattr(fhir.time, "monotonic", clock.monotonic)
    monkeypatch.setattr(fhir.time, "sleep", clock.sleep)
    throttle = fhir.Throttle(5)
    releases = []
    for _request in range(8):
        throttle.wait()
        releases.append(clock.now)
    gaps = [b - a for a, b in zip(releases, releases[1:])]
    assert min(gaps) >= throttle.interval
    # any 6 consecutive releases span more than one second: never 6 calls in a 1-second window
    assert all(releases[i + 5] - releases[i] > 1.0 for i in range(len(releases) - 5))


def test_wait_returns_the_time_spent_waiting(monkeypatch):
    clock = FakeClock(late=0.0)
    monkeypatch.setattr(fhir.time, "monotonic", clock.monotonic)
    monkeypatch.setattr(fhir.time, "sleep", clock.sleep)
    throttle = fhir.Throttle(10)
    assert throttle.wait() == 0.0
    assert abs(throttle.wait() - throttle.interval) < 1e-9
