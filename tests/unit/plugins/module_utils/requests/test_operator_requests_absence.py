# SPDX-License-Identifier: GPL-3.0-or-later
"""A suppression is confirmed only on evidence that the mailbox is gone (#14)."""

from ansible_collections.mssante.hygiene.plugins.module_utils.requests.plan import Observations

GONE = "parti@ch.fr"


def seen(**extra):
    return Observations(published=[], mailboxes=["autre@ch.fr"], annuaire_complete=True, **extra)


def test_a_mailbox_the_platform_was_not_asked_about_is_not_taken_as_deleted():
    assert not seen(absent=[]).done("suppression", GONE)


def test_a_mailbox_the_platform_showed_absent_is_deleted():
    assert seen(absent=[GONE]).done("suppression", GONE)


def test_a_platform_that_listed_all_its_mailboxes_proves_the_absence():
    assert seen(absent=[], listed_all=True).done("suppression", GONE)


def test_a_mailbox_in_failures_is_never_deleted_even_when_everything_was_listed():
    observations = Observations(published=[], mailboxes=[GONE], annuaire_complete=True, absent=[], listed_all=True)
    assert not observations.done("suppression", GONE)


def test_callers_without_absence_evidence_keep_the_former_rule():
    assert seen().done("suppression", GONE)
