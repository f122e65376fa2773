# SPDX-License-Identifier: GPL-3.0-or-later
"""PhaseTimer: seconds per phase, summed when a phase repeats, kept when the phase fails."""

import itertools
import threading

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.phase_timer import PhaseTimer


def test_phases_in_order_and_summed():
    ticks = itertools.count(0, 0.5)
    timer = PhaseTimer(clock=lambda: next(ticks))
    with timer.phase("connect"):
        pass
    with timer.phase("read"):
        pass
    with timer.phase("connect"):
        pass
    assert timer.timings() == {"connect": 1.0, "read": 0.5}
    assert list(timer.timings()) == ["connect", "read"]


def test_failed_phase_still_counted():
    ticks = itertools.count(0, 2)
    timer = PhaseTimer(clock=lambda: next(ticks))
    with pytest.raises(RuntimeError):
        with timer.phase("write"):
            raise RuntimeError("disque plein")
    assert timer.timings() == {"write": 2}


def test_workers_of_a_pool_add_to_the_same_phase():
    timer = PhaseTimer()

    def work():
        for _step in range(1000):
            timer.add("select_summed", 0.001)

    workers = [threading.Thread(target=work) for _worker in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert timer.timings() == {"select_summed": 4.0}
