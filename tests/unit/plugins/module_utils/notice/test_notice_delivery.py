# SPDX-License-Identifier: GPL-3.0-or-later
"""Throttled sending over one session: per-message failures, one reconnection, ledger checkpoints."""
from email.message import EmailMessage

from ansible_collections.mssante.hygiene.plugins.module_utils.notice import delivery, ledger
from tests.unit.plugins.module_utils.notice.fake_smtp import FakeSession
from tests.unit.plugins.module_utils.notice.notice_data import NOW


class Clock:
    def __init__(self):
        self.now, self.slept = 0.0, []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(round(seconds, 6))
        self.now += seconds


def outgoing(count):
    pairs = []
    for n in range(count):
        recipient = "owner%d@ch.fr" % n
        message = {"recipients": [recipient], "items": [{"address": "bal%d@ch.mssante.fr" % n, "code": "inactive",
                                                         "announces": "liste_rouge", "due": "",
                                                         "announce_date": "2026-12-15"}]}
        email = EmailMessage()
        email["To"] = recipient
        email["Message-ID"] = "<%d@ch.fr>" % n
        pairs.append((message, email))
    return pairs


def deliver(session, pairs, rate=5.0, saves=None):
    data, clock = ledger.empty(), Clock()
    saves = [] if saves is None else saves
    deliverer = delivery.Deliverer(session, data, lambda: saves.append(len(session.sent)), NOW, rate,
                                   clock=clock, sleep=clock.sleep)
    return deliverer.deliver(pairs), deliverer, data, clock


def test_throttled_over_one_session_and_recorded():
    session = FakeSession()
    statuses, _d, data, clock = deliver(session, outgoing(3), rate=2.0)
    assert statuses == ["sent"] * 3 and session.opens == 1 and session.closed == 1
    assert clock.slept == [0.5, 0.5]
    entry = data["items"]["bal1@ch.mssante.fr|inactive"]
    assert entry["recipients"] == ["owner1@ch.fr"] and entry["message_id"] == "<1@ch.fr>"
    assert entry["announces"] == "liste_rouge" and entry["first_told"] == NOW.isoformat()
    assert entry["due"] == "2026-12-15"  # no date to act by: the one the liste rouge was announced for


def test_a_refused_recipient_fails_its_message_only_and_is_counted():
    session = FakeSession(refuse=["owner1@ch.fr"])
    statuses, deliverer, data, _clock = deliver(session, outgoing(3))
    assert statuses[0] == statuses[2] == "sent" and "owner1@ch.fr" in statuses[1] and not deliverer.fatal
    assert "bal1@ch.mssante.fr|inactive" not in data["items"]
    assert data["failures"]["owner1@ch.fr"]["attempts"] == 1
    data["failures"]["owner1@ch.fr"]["attempts"] = 2
    delivery.record_failed(data, outgoing(2)[1][0], NOW, "encore")
    assert data["failures"]["owner1@ch.fr"]["attempts"] == 3
    delivery.record_sent(data, outgoing(2)[1][0], NOW, "<x>")
    assert "owner1@ch.fr" not in data["failures"]


def test_a_dropped_connection_is_reopened_once():
    session = FakeSession(drops=1)
    statuses, deliverer, _data, _clock = deliver(session, outgoing(2))
    assert statuses == ["sent", "sent"] and session.opens == 2 and not deliverer.fatal


def test_a_server_gone_for_good_fails_the_rest_clearly():
    session = FakeSession(dead_after=1)
    statuses, deliverer, data, _clock = deliver(session, outgoing(3))
    assert statuses[0] == "sent" and statuses[1] == statuses[2] == deliverer.fatal
    assert "injoignable" in deliverer.fatal and "prochaine exécution" in deliverer.fatal
    assert sorted(data["failures"]) == ["owner1@ch.fr", "owner2@ch.fr"]


def test_the_ledger_is_saved_every_few_messages():
    saves = []
    deliver(FakeSession(), outgoing(delivery.SAVE_EVERY * 2 + 3), rate=1000.0, saves=saves)
    assert saves == [delivery.SAVE_EVERY, delivery.SAVE_EVERY * 2]
    slow = []
    deliver(FakeSession(), outgoing(4), rate=1 / delivery.SAVE_SECONDS, saves=slow)
    assert slow == [2, 3, 4]  # one message per SAVE_SECONDS: saved after each (after the first wait)
