#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian packages the lab servers and tests need, only when one is missing.
# apt must not start the packaged services (slapd, dovecot, cyrus-imapd): the lab runs its own instances
# on 127.0.0.1, from their own configuration files.
set -euo pipefail
packages=(slapd ldap-utils dovecot-core dovecot-imapd dovecot-lmtpd cyrus-common sasl2-bin openssl shellcheck faketime chromium)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q " ok installed" || missing+=("$pkg")
done
# Cyrus's imapd (package cyrus-imapd) conflicts with dovecot-imapd (both "imap-server"): the lab
# takes the binary from the .deb, unpacked beside the system, never registered with dpkg.
cyrus_imapd=/opt/mssante-lab/cyrus-imapd
install_cyrus_imapd() {
  [ -x "$cyrus_imapd/usr/lib/cyrus/bin/imapd" ] && return 0
  local work
  work=$(mktemp -d)
  (cd "$work" && apt-get download cyrus-imapd >/dev/null)
  mkdir -p "$cyrus_imapd"
  dpkg-deb -x "$work"/cyrus-imapd_*.deb "$cyrus_imapd"
  rm -rf "$work"
}
if [ ${#missing[@]} -eq 0 ]; then
  [ -x "$cyrus_imapd/usr/lib/cyrus/bin/imapd" ] && exit 0
  [ "$(id -u)" -eq 0 ] || { echo "imapd de Cyrus manquant ($cyrus_imapd) — relancez en root." >&2; exit 1; }
  install_cyrus_imapd
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Paquets Debian manquants : ${missing[*]} — relancez en root ou installez-les avec apt-get." >&2
  exit 1
fi
echo "Installation des paquets Debian manquants : ${missing[*]}"
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && created_policy=1
fi
echo "slapd slapd/no_configuration boolean true" | debconf-set-selections
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
[ "$created_policy" -eq 1 ] && rm -f "$policy"
install_cyrus_imapd
exit 0
