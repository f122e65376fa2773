"""A local FHIR v2 server speaking the Annuaire Santé contract, for functional tests."""
