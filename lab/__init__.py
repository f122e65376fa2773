"""Loopback lab: real OpenLDAP and Dovecot servers plus the seeded demo establishment.

One place used by the tests, the demo and the benchmarks. Nothing here is shipped in the
collection (see galaxy.yml build_ignore).
"""
