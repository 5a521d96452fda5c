"""The install scripts as a fresh machine meets them (scripts/lib/apt.sh, constraints.txt).

apt-get, sudo and id are replaced on PATH by scripted stand-ins that behave like the real
ones on a fresh machine: ``sudo`` clears the environment as its default ``env_reset`` does,
and ``apt-get update`` finds the lists lock held by unattended-upgrades for a while. Covered:
- DEBIAN_FRONTEND reaches apt-get through sudo (an ``export`` before sudo is dropped);
- the install waits for another package manager's lock and then goes on, and dpkg's own
  lock is waited for by apt-get (DPkg::Lock::Timeout);
- an error that is not a lock fails at once with apt's words;
- nothing installed means no apt call at all (the second run of make is only a check);
- every package in the venv is pinned, at its version, in constraints.txt.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APT_SH = ROOT / "scripts" / "lib" / "apt.sh"


def _script(path: Path, text: str) -> None:
    path.write_text("#!/usr/bin/env bash\n" + text)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def fake_machine(tmp_path: Path, locked_updates: int, update_error: str = "") -> tuple[dict[str, str], Path]:
    """A PATH where the user is not root, sudo resets the environment and apt-get logs its calls."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    counter = tmp_path / "updates"
    counter.write_text("0")
    _script(bin_dir / "id", 'if [ "${1:-}" = "-u" ]; then echo 1000; else /usr/bin/id "$@"; fi\n')
    # sudo's env_reset: the command runs with a bare environment (PATH kept so the stand-ins are found).
    _script(bin_dir / "sudo", f'exec /usr/bin/env -i PATH="{bin_dir}:/usr/bin:/bin" "$@"\n')
    _script(bin_dir / "apt-get", f'''
echo "FRONTEND=${{DEBIAN_FRONTEND:-unset}} ARGS=$*" >> "{log}"
if [[ " $* " == *" update "* ]]; then
  n=$(cat "{counter}"); echo $((n + 1)) > "{counter}"
  if [ -n "{update_error}" ]; then echo "{update_error}" >&2; exit 100; fi
  if [ "$n" -lt {locked_updates} ]; then
    echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (unattended-upgr)" >&2
    exit 100
  fi
fi
exit 0
''')
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "DEBIAN_FRONTEND": "noninteractive"}
    return env, log


def run_install(env: dict[str, str], *packages: str, wait_s: int = 30) -> subprocess.CompletedProcess[str]:
    """apt_install as make runs it; its 5 s pause between tries is a no-op here (a shell function)."""
    command = f'. "{APT_SH}"; sleep() {{ :; }}; APT_LOCK_WAIT_S={wait_s}; apt_install {" ".join(packages)}'
    return subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True, timeout=120)


def test_debian_frontend_reaches_apt_through_sudo_and_dpkg_s_lock_is_waited_for(tmp_path: Path) -> None:
    env, log = fake_machine(tmp_path, locked_updates=0)
    result = run_install(env, "surely-not-installed-package-xyz")
    assert result.returncode == 0, result.stderr
    calls = log.read_text().splitlines()
    assert len(calls) == 2 and all(c.startswith("FRONTEND=noninteractive ") for c in calls), calls
    assert all("DPkg::Lock::Timeout=" in c for c in calls), calls
    assert "install -y" in calls[1] and "surely-not-installed-package-xyz" in calls[1]


def test_an_install_waits_while_another_package_manager_holds_the_lock(tmp_path: Path) -> None:
    env, log = fake_machine(tmp_path, locked_updates=2)
    result = run_install(env, "surely-not-installed-package-xyz", wait_s=60)
    assert result.returncode == 0, result.stderr
    assert "Waiting for another package manager" in result.stdout
    calls = log.read_text().splitlines()
    assert [("update" in c) for c in calls] == [True, True, True, False]  # two refusals, then on
    assert "install -y" in calls[-1]


def test_a_lock_held_past_the_wait_fails_with_apt_s_words(tmp_path: Path) -> None:
    env, log = fake_machine(tmp_path, locked_updates=99)
    result = run_install(env, "surely-not-installed-package-xyz", wait_s=10)
    assert result.returncode != 0 and "Could not get lock" in result.stderr
    assert "install -y" not in log.read_text()


def test_an_error_that_is_not_a_lock_fails_at_once(tmp_path: Path) -> None:
    env, log = fake_machine(tmp_path, locked_updates=0, update_error="E: The repository is not signed.")
    result = run_install(env, "surely-not-installed-package-xyz")
    assert result.returncode != 0 and "not signed" in result.stderr
    assert len(log.read_text().splitlines()) == 1 and "Waiting" not in result.stdout


def test_nothing_missing_means_no_apt_call(tmp_path: Path) -> None:
    env, log = fake_machine(tmp_path, locked_updates=0)
    result = run_install(env, "bash", "coreutils")  # installed on every Debian
    assert result.returncode == 0 and not log.exists()


def test_every_package_in_the_venv_is_pinned_in_constraints() -> None:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[name.lower().replace("_", "-")] = version
    frozen = subprocess.run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
                            capture_output=True, text=True, check=True).stdout.splitlines()
    installed = dict(line.lower().replace("_", "-").split("==", 1) for line in frozen if "==" in line)
    unpinned = {name: version for name, version in installed.items() if pins.get(name) != version}
    assert unpinned == {}, f"not pinned as installed (run make constraints, or make venv): {unpinned}"
