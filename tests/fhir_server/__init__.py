# SPDX-License-Identifier: GPL-3.0-or-later
"""A local FHIR v2 server speaking the Annuaire Santé contract, for functional tests."""
