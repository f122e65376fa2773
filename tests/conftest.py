# SPDX-License-Identifier: GPL-3.0-or-later
"""Make `ansible_collections.mssante.hygiene` importable from the checkout, for plain pytest.

`make venv` links .colls/ansible_collections/mssante/hygiene to the repository root; the lab
package (real loopback servers) is importable from the root.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for path in (os.path.join(ROOT, ".colls"), ROOT):
    if path not in sys.path:
        sys.path.insert(0, path)
