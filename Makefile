# The two commands of README.md's Quickstart:
#   make demo   create .venv (Python 3.11+), install requirements-dev.txt, start the local Sinch emulator and
#               run the example program against it (pulumi CLI if installed, else the engine harness)
#   make test   run exactly what CI runs: bash .ci/run (ruff, mypy, then .venv/bin/python -m pytest)
#
# FORM=native (or DEMO_FORM=native) runs the example program's resources on the `sinch` provider plugin
# instead of Python's dynamic provider (through the engine harness; docs/provider-forms.md).
# DEMO_VENV=/path/to/venv reuses an existing virtualenv instead of creating and updating .venv (the tests
# use it); DEMO_ENGINE=auto|cli|harness chooses how the program runs (default auto). PYTHON picks the
# interpreter that creates .venv (default python3).

PYTHON ?= python3
VENV := $(if $(DEMO_VENV),$(DEMO_VENV),.venv)
PIP_FLAGS := --quiet --disable-pip-version-check

.PHONY: help demo test venv

help:
	@echo "make demo   run the example program against the local Sinch emulator (sets up .venv first)"
	@echo "            FORM=native: on the sinch provider plugin instead of the dynamic provider"
	@echo "make test   run what CI runs: bash .ci/run"

demo: venv
	"$(VENV)/bin/python" -m demo $(if $(FORM),--form $(FORM))

test:
	bash .ci/run

venv:
ifeq ($(DEMO_VENV),)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "make demo needs Python 3.11 or newer, " + sys.executable + " is " + sys.version.split()[0] + ": run make demo PYTHON=python3.11")'
	@test -x .venv/bin/python || $(PYTHON) -m venv .venv || { echo "Could not create .venv: on Debian/Ubuntu, install the venv module (apt-get install python3-venv)." >&2; exit 1; }
	@echo "Installing requirements-dev.txt into .venv (quiet; the first time takes a minute)..."
	@.venv/bin/python -m pip install $(PIP_FLAGS) --upgrade pip
	@.venv/bin/python -m pip install $(PIP_FLAGS) -r requirements-dev.txt
else
	@test -x "$(DEMO_VENV)/bin/python" || { echo "DEMO_VENV=$(DEMO_VENV) has no bin/python" >&2; exit 1; }
	@echo "Using the virtualenv $(DEMO_VENV) (DEMO_VENV): nothing installed."
endif
