#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian packages the lab servers and tests need, only when one is missing.
# apt must not start the packaged services: the lab runs its own instances on 127.0.0.1.
set -euo pipefail
packages=(slapd ldap-utils dovecot-core dovecot-imapd dovecot-lmtpd openssl shellcheck faketime chromium)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
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
exit 0
