# CallPath developer commands. Each sets up what it needs (a virtual environment in .venv).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test mutate bundle bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Install the app and open it (where no display exists, it says so and names 'callpath diagnose').
run: $(BIN)/python
	$(BIN)/pip install --quiet .
	@# Exit 2 is the no-display hint, which names the command to run instead.
	$(BIN)/callpath || [ $$? -eq 2 ]

# Install the app with its test tools (and, as root on Debian, the lab's servers), build the
# release bundle, and run the whole test suite, the frozen app's smoke tests included. Without
# root the lab tests are skipped, each saying why.
test: $(BIN)/python
	tools/install-test-packages
	$(BIN)/pip install --quiet -e '.[test,bundle]'
	if [ -e /usr/include/libnetfilter_queue/libnetfilter_queue.h ]; then \
	    $(BIN)/pip install --quiet -e '.[test,bundle,lab]'; fi
	$(BIN)/python tools/translations.py compile
	$(BIN)/ruff check core gui tests tools bench
	$(BIN)/mypy
	@# The same code as Windows and macOS see it: their branches, and what is missing there.
	$(BIN)/mypy --platform win32
	$(BIN)/mypy --platform darwin
	@# Each part of the core imports only those below it, and no two modules import each other.
	$(BIN)/python tools/layers.py
	$(BIN)/pip install --quiet -e '.[workflows]'
	$(BIN)/actionlint .github/workflows/*.yml
	$(BIN)/zizmor --offline --quiet .github/workflows
	@# The bundle is built as the README tells a user to, in a virtual environment of its own,
	@# so that a build step missing from the 'bundle' extra cannot hide behind the test tools.
	rm -rf build/venv-bundle
	$(MAKE) bundle VENV=build/venv-bundle
	$(BIN)/python -m pytest --cov=callpath.core.analysis --cov=callpath.core.kinds \
	    --cov=callpath.core.words.family \
	    --cov-branch --cov-report=term-missing --cov-fail-under=100

# How well the unit tests pin the analysis, not just run it (tools/mutate.py): small changes to
# the analysis modules, one at a time in a copy of the code, each against the tests that run its
# line. Scores and survivors in build/mutation-report.txt; fails under 90% (--min-score).
# About 15-20 minutes on two idle cores; not part of 'make test' yet. One module:
# make mutate MUTATE_ARGS='--module pathrules'; the committed code: MUTATE_ARGS='--rev HEAD'.
mutate: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python tools/mutate.py $(MUTATE_ARGS)

# The double-clickable app: dist/CallPath/ and dist/CallPath-<version>-linux-<arch>.tar.gz.
# On Windows and macOS: pip install '.[bundle]', then pyinstaller --noconfirm build.spec.
bundle: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[bundle]'
	$(BIN)/python -m PyInstaller --noconfirm --log-level WARN --workpath build/pyinstaller \
	    --distpath dist build.spec
	$(BIN)/python tools/bundle.py pack

# Wall time of a full diagnosis against loopback servers (answering, then black-holed).
bench: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python bench/diagnose_wall_time.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
