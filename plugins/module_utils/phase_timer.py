# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Wall time per phase of one module run (connect, read, join, render, write...), returned as the
module's `timings` so that a slow run says where its time went without a profiler."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager


class PhaseTimer:
    """Seconds per named phase, in the order phases first ran; a phase entered twice adds up.

    Thread-safe: the workers of a pool may add to the same phase (a sum of their times, which
    can exceed the wall time of the pool)."""

    def __init__(self, clock=time.perf_counter):
        self._clock = clock
        self._lock = threading.Lock()
        self.seconds = {}

    @contextmanager
    def phase(self, name):
        start = self._clock()
        try:
            yield
        finally:
            self.add(name, self._clock() - start)

    def add(self, name, seconds):
        with self._lock:
            self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def timings(self):
        """{phase: seconds} rounded to the millisecond (the module's `timings` return value)."""
        with self._lock:
            return {name: round(seconds, 3) for name, seconds in self.seconds.items()}
