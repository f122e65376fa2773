# SPDX-License-Identifier: GPL-3.0-or-later
"""What every message a DSI reads must look like: French words, no Python repr."""
import re

# printed lists, dicts, bytes or unicode literals, exception reprs, tracebacks, untranslated errno text
REPR = re.compile(r"\['|\[\"|\{'|\{\"|\bu'|\bb'|\\x[0-9a-f]{2}|Error\(|Traceback|\[Errno")
ENGLISH = re.compile(r"\b(cannot|failed|must|not found|refused|invalid|expected|got|is not|unreachable)\b")


def assert_plain_french(message, *names):
    """`message` has no repr, no common English error word, and names each of `names`."""
    assert not REPR.search(message), message
    assert not ENGLISH.search(message), message
    for name in names:
        assert name in message, (name, message)
