#!/bin/sh
# Turns a fresh Debian 12 (no desktop) into a Tsonkh kiosk. Run as root from the folder that
# holds the release (see README.md):
#   sh install.sh browser   # Debian's Chromium in kiosk mode + the host as a service
#   sh install.sh electron  # the packaged Electron kiosk (tsonkh-kiosk_*.deb beside this file)
# It is safe to run again (an update of the same mode).
set -eu
MODE=${1:-}
HERE=$(cd "$(dirname "$0")" && pwd)
case "$MODE" in
  browser | electron) ;;
  *) echo "usage: sh install.sh browser|electron" >&2; exit 2 ;;
esac
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 2; }
[ -f /etc/tsonkh/kiosk.json ] || { echo "put this kiosk's config in /etc/tsonkh/kiosk.json first (README.md, step 2)" >&2; exit 2; }

apt-get update
apt-get install -y --no-install-recommends cage dbus-user-session libpam-systemd fonts-noto-core

# The screen's user: no password, no shell, no sudo. It only runs cage and the browser or Electron.
id tsonkh-kiosk >/dev/null 2>&1 || useradd --system --create-home --home-dir /var/lib/tsonkh-kiosk \
  --shell /usr/sbin/nologin --groups video,render,input tsonkh-kiosk
install -m 0644 "$HERE/pam/tsonkh-kiosk" /etc/pam.d/tsonkh-kiosk

if [ "$MODE" = browser ]; then
  apt-get install -y --no-install-recommends chromium nodejs
  # The host's user holds the credential and the journal; the screen's user holds neither.
  id tsonkh-host >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /var/lib/tsonkh-host \
    --shell /usr/sbin/nologin --groups lp tsonkh-host
  chown root:tsonkh-host /etc/tsonkh/kiosk.json
  chmod 0640 /etc/tsonkh/kiosk.json
  rm -rf /opt/tsonkh.new
  mkdir -p /opt/tsonkh.new
  cp -r "$HERE/../../dist/host" "$HERE/../../dist/renderer" "$HERE/../../assets/fonts" /opt/tsonkh.new/
  install -m 0644 "$HERE/README.md" /opt/tsonkh.new/README-kiosk.md
  rm -rf /opt/tsonkh.old
  [ -d /opt/tsonkh ] && mv /opt/tsonkh /opt/tsonkh.old
  mv /opt/tsonkh.new /opt/tsonkh
  install -d -m 0755 /etc/chromium/policies/managed
  install -m 0644 "$HERE/chromium/tsonkh-policy.json" /etc/chromium/policies/managed/tsonkh.json
  install -m 0644 "$HERE/systemd/tsonkh-host.service" "$HERE/systemd/tsonkh-kiosk-browser.service" /etc/systemd/system/
  systemctl disable tsonkh-kiosk-electron.service 2>/dev/null || true
  UNITS="tsonkh-host.service tsonkh-kiosk-browser.service"
else
  apt-get install -y "$HERE"/tsonkh-kiosk_*.deb
  usermod -a -G lp tsonkh-kiosk
  chown root:tsonkh-kiosk /etc/tsonkh/kiosk.json
  chmod 0640 /etc/tsonkh/kiosk.json
  install -d -m 0755 /opt/tsonkh
  install -m 0644 "$HERE/README.md" /opt/tsonkh/README-kiosk.md
  install -m 0644 "$HERE/systemd/tsonkh-kiosk-electron.service" /etc/systemd/system/
  systemctl disable tsonkh-host.service tsonkh-kiosk-browser.service 2>/dev/null || true
  UNITS="tsonkh-kiosk-electron.service"
fi

# Boot to the kiosk: no display manager, no login prompt on tty1, no Ctrl+Alt+Del reboot.
systemctl set-default graphical.target
systemctl disable getty@tty1.service
systemctl mask ctrl-alt-del.target
systemctl daemon-reload
# shellcheck disable=SC2086
systemctl enable --now $UNITS
echo "Tsonkh kiosk ($MODE mode) installed; it starts at every boot."
