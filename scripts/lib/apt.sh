# Sourced by the install scripts: install Debian packages that are missing, as root (through
# sudo when not root), unattended, waiting for the package manager's locks.
#
# Why each part: `sudo` resets the environment, so DEBIAN_FRONTEND is handed to apt-get through
# `env` (an export before sudo is dropped, and a debconf prompt would hang an unattended
# install). A fresh machine's unattended-upgrades often holds the dpkg and apt lists locks for
# minutes after boot: apt-get waits for dpkg's lock (DPkg::Lock::Timeout) and `update` is
# retried while its lists lock is held.

APT_LOCK_WAIT_S=${APT_LOCK_WAIT_S:-600}

# The packages of "$@" that are not installed, one per line.
apt_missing() {
  local p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      echo "$p"
    fi
  done
}

_apt() {
  local as_root=()
  if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); fi
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$APT_LOCK_WAIT_S" "$@"
}

# apt_install PACKAGE...: installs those not yet installed (nothing to do: no apt call at all).
apt_install() {
  local missing
  mapfile -t missing < <(apt_missing "$@")
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing system packages: ${missing[*]}"
  local waited=0 out
  until out=$(_apt update -qq 2>&1); do
    if ! grep -qi "lock" <<<"$out" || [ "$waited" -ge "$APT_LOCK_WAIT_S" ]; then
      echo "$out" >&2
      return 1
    fi
    [ "$waited" -eq 0 ] && echo "Waiting for another package manager to finish (up to ${APT_LOCK_WAIT_S} s)..."
    sleep 5
    waited=$((waited + 5))
  done
  _apt install -y -qq --no-install-recommends "${missing[@]}"
}
