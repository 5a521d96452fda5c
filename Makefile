# Two commands do everything on a fresh Debian machine (as root, or with sudo):
#   make demo   - install what is missing, then run the app against the bundled mock backend
#   make test   - install what is missing, then run the whole test suite headless
# Both are idempotent: a second run only checks and goes straight to work.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Each set installs with the resolved versions in constraints.txt (make constraints renews them),
# so two installs a month apart, or on two Python versions, get the same packages.
PINS := $(shell cat pyproject.toml constraints.txt | sha1sum | cut -c1-12)
APP_STAMP := $(VENV)/.installed-app-$(PINS)
TEST_STAMP := $(VENV)/.installed-test-$(PINS)

export QTWEBENGINE_DISABLE_SANDBOX := 1

.PHONY: demo test lint bench mock sysdeps sysdeps-app interop-servers venv venv-app clean screenshot bundle constraints \
	install-desktop translations

# Debian packages: the app's set for the demo, everything (mock's RTSP server, Xvfb) for tests.
sysdeps-app:
	@bash scripts/install-system-deps.sh app
sysdeps:
	@bash scripts/install-system-deps.sh app mock test

# The RTSP servers of other implementations tests/interop plays cameras from.
interop-servers: venv
	@bash scripts/install-interop-servers.sh

$(VENV)/bin/python:
	@$(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip

# The app and its bundled mock backend: what the demo runs.
$(APP_STAMP): pyproject.toml constraints.txt | $(VENV)/bin/python
	@$(PY) -m pip install -q -c constraints.txt -e '.[mock]'
	@rm -f $(VENV)/.installed-app-*
	@touch $@

# ... and the test, lint and build tools.
$(TEST_STAMP): pyproject.toml constraints.txt | $(VENV)/bin/python
	@$(PY) -m pip install -q -c constraints.txt -e '.[mock,dev]'
	@rm -f $(VENV)/.installed-*
	@touch $(APP_STAMP) $@

venv-app: sysdeps-app $(APP_STAMP)
venv: sysdeps $(TEST_STAMP)

# Resolve every dependency afresh (newest versions the ranges in pyproject.toml allow) in a
# scratch environment and pin the result; commit the file after the tests pass with it.
constraints:
	@rm -rf build/constraints-venv && $(PYTHON) -m venv build/constraints-venv
	@build/constraints-venv/bin/pip install -q --upgrade pip
	@build/constraints-venv/bin/pip install -q '.[mock,dev]'
	@{ echo "# Resolved versions every install uses (pip -c). Renew: make constraints (Python $$(build/constraints-venv/bin/python -c 'import platform; print(platform.python_version())'), $$(date -u +%F))."; \
	   build/constraints-venv/bin/pip freeze --exclude-editable | grep -v '^rtcc-desktop'; } > constraints.txt
	@rm -rf build/constraints-venv
	@echo "constraints.txt renewed: $$(grep -vc '^#' constraints.txt) packages"

demo: venv-app
	$(VENV)/bin/rtcc-desktop --demo $(if $(ROLE),--role $(ROLE),)

# The app in this user's application menu (~/.local/share/applications), starting this venv's copy.
# The bundle does the same with: dist/rtcc-desktop/rtcc-desktop install-desktop
install-desktop: venv-app
	$(VENV)/bin/rtcc-desktop install-desktop

# The UI's strings (self.tr / QCoreApplication.translate in ui/ and the core) into every .ts file under
# resources/translations/ (rtcc-desktop_en.ts always: the source list a translator starts from),
# then each translated one compiled to the .qm the app loads for that locale (docs/development.md).
TS_DIR := resources/translations
translations: venv-app
	@$(VENV)/bin/pyside6-lupdate $$(find ui rtcc_desktop -name '*.py' | sort) -no-obsolete -source-language en \
	  -ts $(TS_DIR)/rtcc-desktop_en.ts $$(ls $(TS_DIR)/rtcc-desktop_*.ts | grep -v '_en.ts$$')
	@for ts in $$(ls $(TS_DIR)/rtcc-desktop_*.ts | grep -v '_en.ts$$'); do \
	  $(VENV)/bin/pyside6-lrelease -silent $$ts -qm $${ts%.ts}.qm; done

mock: venv-app
	$(VENV)/bin/rtcc-mock-backend --ephemeral

test: venv interop-servers
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: venv
	@bash scripts/install-system-deps.sh bench
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
