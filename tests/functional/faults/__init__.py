# SPDX-License-Identifier: GPL-3.0-or-later
"""Fault suite: each case injects one fault, checks the run stops with a clear message that names
the problem (no traceback), that nothing was lost, then removes the fault and reruns to the end."""
