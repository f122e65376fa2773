# SPDX-License-Identifier: GPL-3.0-or-later
"""Loopback lab: real OpenLDAP and Dovecot servers plus the seeded demo establishment.

One place used by the tests, the demo and the benchmarks. Nothing here is shipped in the
collection (see galaxy.yml build_ignore).
"""

import os
import sys

# The lab reuses engine helpers (e.g. modified UTF-7): make the checkout importable as
# ansible_collections.mssante.hygiene through the .colls link that `make venv` creates.
_COLLS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".colls")
if _COLLS not in sys.path:
    sys.path.append(_COLLS)
