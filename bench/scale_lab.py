# SPDX-License-Identifier: GPL-3.0-or-later
"""The lab of the scale benches (bench_scale, profile_scale): N BALs of light volumes, seeded,
the Annuaire source the audit reads, and the tear-down."""

import json
import shutil
import time

from lab import stack
from scale_baseline import timed

# BALs on the platform besides the professionals' own (establishment.build): a second personal
# BAL, a BAL no directory entry owns, three functional BALs, three owned by the people planted
# for the audit cases of another establishment (lab/establishment._plant_other_establishment)
EXTRA_BALS = 8


def seed_lab(mailboxes):
    """(lab state, timings) of a lab seeded with `mailboxes` BALs of light volumes (.lab/scale-N)."""
    timings = {}
    seconds, state = timed(lambda: stack.up("scale-%d" % mailboxes, staff=mailboxes - EXTRA_BALS,
                                            scale=True, timings=timings))
    print("seeded %d BALs in %.0f s (ldap %.0f s, mail %.0f s = files %.0f + Trash moves under faketime "
          "%.0f + indexes %.0f, annuaire %.0f s)" % (
              mailboxes, seconds, timings["ldap"], timings["mail"], timings["mail_files"],
              timings["mail_trash_moves"], timings["mail_indexes"], timings["annuaire"]), flush=True)
    return state, dict(timings, seed_seconds=seconds)


def annuaire_vars(state, annuaire):
    """Extra vars: the daily extraction file instead of the local FHIR server (demo default)."""
    if annuaire != "extraction":
        return []
    return ["-e", json.dumps({"mssante_annuaire": {
        "source": "extraction", "extraction_path": state["annuaire"]["extraction_path"], "min_lines": 10}})]


def tear_down(state, keep=False):
    """Stop the lab's servers; remove its files unless `keep`."""
    start = time.perf_counter()
    stack.down(state["name"])
    if not keep:
        shutil.rmtree(state["directory"], ignore_errors=True)
    print("servers stopped%s in %.0f s" % ("" if keep else ", lab files removed", time.perf_counter() - start),
          flush=True)
