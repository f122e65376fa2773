# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""audit.html really displays in a browser: headless Chromium renders the demo establishment's report.

Checks the DOM after scripts ran (French text, four SVG charts, filter counters filled in by
the inline script) and the screenshot's pixels (not blank, chart colours painted). The
screenshot is kept in tests/output/ for a human look.
"""

import os
import re
import shutil
import struct
import subprocess
import zlib

import pytest

from lab import establishment as lab
from tests.unit.plugins.module_utils.audit.test_audit_lab import NOW, lab_sources

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.analysis import audit
from ansible_collections.mssante.hygiene.plugins.module_utils.report.writer import write_reports

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WIDTH, HEIGHT = 1280, 2000
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Solid fills drawn by the page: header, critical badge/bar, "recent activity" bars of the histogram.
COLOURS = {"header": (11, 79, 138), "critical": (179, 38, 30), "recent": (46, 125, 79)}

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install -y chromium)")


def _chromium(tmp_path, *args):
    done = subprocess.run([CHROMIUM] + FLAGS + ["--user-data-dir=%s" % (tmp_path / "profile")] + list(args),
                          capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return done.stdout.decode("utf-8")


def _unfilter(kind, line, prev, bpp):
    if kind == 1:
        for i in range(bpp, len(line)):
            line[i] = (line[i] + line[i - bpp]) & 255
    elif kind == 2:
        line = bytearray((a + b) & 255 for a, b in zip(line, prev))
    elif kind in (3, 4):
        for i in range(len(line)):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            if kind == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
                continue
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    return line


def png_pixels(path):
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB/RGBA PNG: no imaging library needed."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, []
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6)
        elif kind == b"IDAT":
            idat.append(body)
    raw, bpp = zlib.decompress(b"".join(idat)), 4 if colour == 6 else 3
    stride, prev, rows = width * bpp, bytearray(width * bpp), []
    for y in range(height):
        start = y * (stride + 1)
        prev = _unfilter(raw[start], bytearray(raw[start + 1:start + 1 + stride]), prev, bpp)
        rows.append(prev)
    return width, height, bpp, rows


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    directory = tmp_path_factory.mktemp("report")
    accounts, bals, situations, mailboxes, identity = lab_sources(lab.build(staff=40, now=NOW))
    result = audit(accounts, bals, situations, mailboxes, identity, now=NOW)
    write_reports(str(directory), result, "demo", NOW.isoformat())
    return directory / "audit.html", result


def test_dom_after_scripts(tmp_path, report):
    page, result = report
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri())
    for text in ("Audit des BAL MSSanté — CH Exemple", "Synthèse", "BAL analysées", "Constats par code",
                 "Répartition de l'inactivité", "Volume par service", "Volume des corbeilles par service",
                 "Actions recommandées", "Inventaire des BAL", "Titulaire parti", "Adresse publiée sans BAL"):
        assert text in dom, text
    charts = len(re.findall(r'<svg id="chart-(?!trend-)', dom))  # the trend charts come on top when kept
    assert charts == 4 and dom.count('role="img"') == dom.count("<svg")
    assert dom.count("<rect") >= len(result["summary"]["by_code"])
    # the inline filter script ran and counted the rows of both tables
    for count in (len(result["findings"]), len(result["mailboxes"])):
        assert "%d ligne(s) affichée(s) sur %d" % (count, count) in dom


def test_filters_hide_rows(tmp_path, report):
    page, result = report
    # what a user does: pick the code "inactive" in the findings filter
    action = ('<script>var s = document.querySelector(\'form[data-table="t-findings"] select[data-key="code"]\');'
              's.value = "inactive"; s.dispatchEvent(new Event("change", {bubbles: true}));</script></body>')
    filtered = tmp_path / "filtered.html"
    filtered.write_text(page.read_text("utf-8").replace("</body>", action), "utf-8")
    dom = _chromium(tmp_path, "--dump-dom", filtered.as_uri())
    inactive = result["summary"]["by_code"]["inactive"]
    assert "%d ligne(s) affichée(s) sur %d" % (inactive, len(result["findings"])) in dom
    findings_table = dom.split('id="t-findings"')[1].split("</table>")[0]
    assert findings_table.count(' hidden=""') == len(result["findings"]) - inactive


def test_header_click_sorts_and_keeps_filters(tmp_path, report):
    page, result = report
    # what a user does: keep BALs with a finding, then click "Volume" twice (largest first)
    action = ('<script>var s = document.querySelector(\'form[data-table="t-mailboxes"] select[data-key="has"]\');'
              's.value = "oui"; s.dispatchEvent(new Event("change", {bubbles: true}));'
              'var b = document.querySelectorAll("#t-mailboxes thead th")[10].querySelector("button");'
              'b.click(); b.click();</script></body>')
    sorted_page = tmp_path / "sorted.html"
    sorted_page.write_text(page.read_text("utf-8").replace("</body>", action), "utf-8")
    dom = _chromium(tmp_path, "--dump-dom", sorted_page.as_uri())
    table = dom.split('id="t-mailboxes"')[1].split("</table>")[0]
    assert 'aria-sort="descending"><button type="button" title="Trier par cette colonne">Volume' in table
    rows = re.findall(r"<tr ([^>]*)>(.*?)</tr>", table.split("<tbody>")[1])
    # cells with a data-sort: site, last activity, days, messages, volume…
    volumes = [int(re.findall(r'data-sort="([^"]*)"', cells)[4] or -1) for _attrs, cells in rows]
    assert volumes == sorted(volumes, reverse=True)
    with_findings = sum(1 for m in result["mailboxes"] if m["codes"])
    assert sum(1 for attrs, _cells in rows if "hidden" not in attrs) == with_findings
    assert "%d ligne(s) affichée(s) sur %d" % (with_findings, len(result["mailboxes"])) in dom


def test_screenshot_is_not_blank(tmp_path, report):
    page, _result = report
    shot = tmp_path / "audit.png"
    _chromium(tmp_path, "--screenshot=%s" % shot, "--window-size=%d,%d" % (WIDTH, HEIGHT), page.as_uri())
    output = os.path.join(ROOT, "tests", "output")
    os.makedirs(output, exist_ok=True)
    shutil.copyfile(str(shot), os.path.join(output, "audit-html-screenshot.png"))
    width, height, bpp, rows = png_pixels(str(shot))
    assert (width, height) == (WIDTH, HEIGHT)
    background = tuple(rows[-1][0:3])
    painted, seen = 0, set()
    for row in rows[::4]:
        for x in range(0, width * bpp, bpp * 4):
            pixel = tuple(row[x:x + 3])
            painted += pixel != background
            seen.add(pixel)
    assert painted > 0.15 * (height // 4) * (width // 4), "the page looks blank"
    missing = [name for name, rgb in COLOURS.items() if rgb not in seen]
    assert not missing, "colours not painted: %s" % missing
