# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""The French words every renderer shares for sites, scores, requests and changes; the trend line chart."""

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.report.labels import (
    age_text, is_group, request_kind_label, request_state_label, request_transition, score_ratio, score_text,
    site_names, site_source_label, site_text)
from ansible_collections.mssante.hygiene.plugins.module_utils.report.svg import line_chart


@pytest.mark.parametrize("numerator, denominator, expected", [
    (174, 200, "87 % (174 / 200)"), (29, 100, "29 % (29 / 100)"), (199, 200, "99 % (199 / 200)"),
    (0, 5, "0 % (0 / 5)"), (1234, 1234, "100 % (1\u202f234 / 1\u202f234)"), (0, 0, "non mesurable")])
def test_score_text(numerator, denominator, expected):
    assert score_text({"numerator": numerator, "denominator": denominator}) == expected


def test_score_ratio():
    assert score_ratio({"numerator": 1, "denominator": 4}) == 0.25 and score_ratio({"numerator": 0}) is None


def test_sites():
    document = {"summary": {"by_site": [{"site": "010000010", "name": "Nord"}, {"site": "", "name": ""}]}}
    names = site_names(document)
    assert names == {"010000010": "Nord"} and site_names({"summary": {}}) == {}
    assert site_text("010000010", names) == "010000010 — Nord"
    assert site_text("990000020", names) == "990000020" and site_text("", names) == "site inconnu"
    assert site_source_label("annuaire") == "Annuaire Santé" and site_source_label("") == ""


def test_requests_words():
    assert (request_kind_label("liste_rouge"), request_kind_label("suppression")) == ("liste rouge", "suppression")
    assert [request_state_label(s) for s in ("pending", "confirmed", "withdrawn")] == [
        "en attente", "confirmée", "retirée"]
    assert request_transition({"from": "pending", "to": "confirmed"}) == "en attente → confirmée"
    assert request_transition({"from": "", "to": "pending"}) == "nouvelle → en attente"
    assert request_transition({"from": "withdrawn", "to": ""}) == "retirée → sortie du registre"
    assert (age_text(0), age_text(1), age_text(1200)) == ("0 jour", "1 jour", "1\u202f200 jours")


def test_is_group():
    assert not is_group({"mailboxes": [{"address": "a"}]})
    assert is_group({"mailboxes": [{"address": "a", "platform": "nord"}]}) and is_group({"platforms": [{}]})


def test_line_chart_gaps_scale_and_labels():
    labels = ["%02d/01" % day for day in range(1, 25)]
    values = list(range(24))
    values[5] = None  # not measured that day: the line breaks
    svg = line_chart("c", "T <x>", "D & d", labels, [("A <b>", "#000", values)], str)
    assert svg.count("<polyline") == 2 and svg.count("<circle") == 23
    assert "T &lt;x&gt;" in svg and "D &amp; d" in svg and "A &lt;b&gt; : 23" in svg
    assert '>40</text>' in svg and '>20</text>' in svg  # round grid: 23 -> 40, middle 20
    shown = [label for label in labels if '>%s</text>' % label in svg]
    assert shown[-1] == "24/01" and 6 <= len(shown) <= 14  # the latest always named, no overlap


def test_line_chart_all_zero_and_single_point():
    svg = line_chart("c", "T", "D", ["01/01"], [("A", "#000", [0]), ("B", "#111", [None])], str)
    assert "<polyline" not in svg and svg.count("<circle") == 1 and "B : non mesuré" in svg
