#!/usr/bin/env bash
# Installs the Debian 12 packages HandshakeViz needs. Idempotent: does nothing when everything is
# installed already. Run as root (or with sudo).
#   install-deps.sh run   what building and running need (build-aux/run.sh: the app sooner)
#   install-deps.sh       that and everything the tests use (build-aux/test.sh)
set -eu

run_packages=(
  # build
  gcc meson ninja-build pkg-config gettext python3
  libglib2.0-dev libglib2.0-dev-bin libglib2.0-bin libgnutls28-dev libsoup-3.0-dev
  libjson-glib-dev libgtk-4-dev libadwaita-1-dev libpcap-dev libnghttp2-dev
  # run: icons, fonts, image loaders, the system trust store
  hicolor-icon-theme adwaita-icon-theme fonts-cantarell fonts-dejavu-core
  librsvg2-common libgdk-pixbuf2.0-bin shared-mime-info ca-certificates
  # install: meson's post-install step updates the desktop database
  desktop-file-utils
)
test_packages=(
  # fuzzing, data checks, install and desktop integration
  clang libclang-rt-14-dev git appstream libxml2-utils flatpak-builder
  # tests: real TLS peers, a display and key presses on it, a session bus, leak checks, capture decryption
  openssl gnutls-bin nginx xvfb xauth xdotool dbus dbus-x11 at-spi2-core python3-pyatspi valgrind
  tshark imagemagick procps iproute2 psmisc curl
  # tests: servers nobody here wrote (Java JSSE; Go crypto/tls, built at test time), STARTTLS
  # daemons (private configurations on 127.0.0.1)
  openjdk-17-jre-headless golang-go
  dovecot-imapd dovecot-pop3d exim4-daemon-light slapd postgresql prosody vsftpd
)

case "${1:-all}" in
  run) packages=("${run_packages[@]}") ;;
  all) packages=("${run_packages[@]}" "${test_packages[@]}") ;;
  *) echo "usage: install-deps.sh [run|all]" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture: answer no, without a prompt
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections 2>/dev/null || true
$SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}"
