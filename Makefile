# Two commands do everything on a fresh Debian machine (as root, or with sudo):
#   make demo   - install what is missing, then run the app against the bundled mock backend
#   make test   - install what is missing, then run the whole test suite headless
# Both are idempotent: a second run only checks and goes straight to work.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

export QTWEBENGINE_DISABLE_SANDBOX := 1

.PHONY: demo test lint bench mock sysdeps interop-servers venv clean screenshot bundle

sysdeps:
	@bash scripts/install-system-deps.sh

# The RTSP servers of other implementations tests/interop plays cameras from.
interop-servers: venv
	@bash scripts/install-interop-servers.sh

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -e '.[mock,dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

venv: sysdeps $(STAMP)

demo: venv
	$(VENV)/bin/rtcc-desktop --demo $(if $(ROLE),--role $(ROLE),)

mock: venv
	$(VENV)/bin/rtcc-mock-backend --ephemeral

test: venv interop-servers
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: venv
	$(PY) bench/api_bench.py

# One folder that runs without Python: dist/rtcc-desktop/rtcc-desktop (see build.spec, README).
bundle: venv
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller build.spec
	$(PY) packaging/bundle_report.py dist/rtcc-desktop

clean:
	rm -rf $(VENV) .interop .pytest_cache .mypy_cache .ruff_cache build dist

# PNGs of the main window, signed in against the mock, under a virtual X server.
screenshot: venv
	xvfb-run -a -s "-screen 0 1600x900x24" $(PY) -m ui.screenshot --out screenshots --role $(or $(ROLE),operator) --show lock --activity
