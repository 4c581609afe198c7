# webadmin.iis — developer and CI entry points.  See docs/development.md.
#
#   make demo    run the main job against a fresh copy of the offline example host
#   make test    run every test stage (what .ci/run does); non-zero exit on any failure
#
# Everything is installed on first use into .venv (and .venv-py312 for the second leg) from the
# pinned requirement files; build products go to .build/. Both are git-ignored.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# Interpreter used to create .venv (ansible-core 2.19 needs Python >= 3.11).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
# Candidates for the Python 3.12 leg; the first one that really runs 3.12 is used.
PY312_CANDIDATES ?= /root/.pyenv/versions/3.12.1/bin/python3.12 $(wildcard /root/.pyenv/versions/3.12*/bin/python3.12) python3.12 /usr/bin/python3.12 /usr/local/bin/python3.12

ROOT      := $(CURDIR)
VENV      := $(ROOT)/.venv
VENV312   := $(ROOT)/.venv-py312
VENV_OLD  := $(ROOT)/.venv-oldest
BIN       := $(VENV)/bin
BUILD     := $(ROOT)/.build
COLL_PATH := $(BUILD)/collections
COLL      := $(COLL_PATH)/ansible_collections/webadmin/iis
DEMO_HOST := $(BUILD)/offline-host
DIST      := $(BUILD)/dist
INSTALL   := $(BUILD)/install
LOGS      := $(BUILD)/logs

# Tools from .venv come first; ansible-playbook, ansible-lint and molecule find the collection
# through the staged copy (never through a symlink inside the repository).
export PATH := $(BIN):$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(COLL_PATH)
export ANSIBLE_NOCOLOR := 1
export NO_COLOR := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# The shared IIS data (../shared/iis), as an absolute path for every test runner; where it is
# absent the variable stays unset and the corpus tests skip (tests/unit/shared_data.py).
ifeq ($(origin WEBADMIN_IIS_SHARED),undefined)
ifneq ($(wildcard $(ROOT)/../shared/iis/.),)
export WEBADMIN_IIS_SHARED := $(abspath $(ROOT)/../shared/iis)
endif
endif
# A stage that cannot run: prints SKIP and tells run_all.sh (then `exit 0`). Never a silent PASS.
SKIP := bash $(ROOT)/tests/tools/skip_stage.sh

.PHONY: help venv demo offline-host stage test check-offline-host units sanity sanity-oldest ansible-test-units \
        integration windows-integration syntax lint build py312 molecule bootstrap-ansible-test clean distclean bench \
        changelog changelog-lint docs ee mutation

help:
	@echo "make demo         run playbooks/demo.yml against a fresh copy of examples/offline-host"
	@echo "make test         run all test stages (units, sanity, integration, syntax, lint, build, py3.12 leg, molecule)"
	@echo "make venv         create .venv from requirements.txt + tests/requirements.txt (done automatically)"
	@echo "make units        pytest tests/unit"
	@echo "make sanity       ansible-test sanity --venv --python 3.11 on the staged ansible_collections/ copy"
	@echo "make sanity-oldest  the same with the oldest ansible-core meta/runtime.yml claims (.venv-oldest)"
	@echo "make ansible-test-units  ansible-test units --venv --python 3.11 on the staged copy"
	@echo "make integration  ansible-test integration --local for tests/integration/targets/offline_*"
	@echo "make syntax       ansible-playbook --syntax-check of playbooks/ and Windows targets"
	@echo "make windows-integration  the Windows targets against YOUR host (tests/integration/inventory.winrm; not in make test)"
	@echo "make lint         ansible-lint (production profile) at the collection root"
	@echo "make changelog    preview CHANGELOG.rst for the unreleased version (fragments are kept)"
	@echo "make changelog-lint  antsibull-changelog lint of fragments and changelogs/changelog.yaml"
	@echo "make docs         docs site (plugin pages + docs/ guides) with antsibull-docs, offline"
	@echo "make ee           ansible-builder create from the tarball + ansible-runner run of the demo"
	@echo "make build        build the collection tarball, install it offline, ansible-doc -l webadmin.iis"
	@echo "make py312        ansible-core 2.21 on Python 3.12: sanity + units (skipped without Python 3.12)"
	@echo "make molecule     molecule test for every role with a molecule/ directory"
	@echo "make mutation     apply one-line mutations of the layer's guards; each must make its tests fail (not part of make test)"
	@echo "make bench        run the benchmarks in bench/ (not part of make test; BENCH_FULL=1 for the big runs)"
	@echo "make clean        remove .build/, tests/output/ and caches;  make distclean: also the venvs"

# ---------------------------------------------------------------------------------------------
# Environment

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt tests/requirements.txt
	@echo "== creating $(VENV) with $(PYTHON) from the pinned requirements"
	@test -n "$(PYTHON)" || { echo "ERROR: no python3.11/python3 found"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r tests/requirements.txt -r requirements.txt
	@touch $@

# ansible-test cannot download its pip bootstrap script here; put an offline one in its cache.
bootstrap-ansible-test: venv
	@$(BIN)/python tests/tools/bootstrap_ansible_test.py

# Copy of the collection at .build/collections/ansible_collections/webadmin/iis (git-listed files).
stage: venv
	@$(BIN)/python tests/tools/stage_collection.py $(ROOT) $(COLL)

offline-host:
	@rm -rf $(DEMO_HOST)
	@mkdir -p $(BUILD)
	@cp -a examples/offline-host $(DEMO_HOST)
	@echo "offline-host: fresh copy of examples/offline-host in $(DEMO_HOST)"

# ---------------------------------------------------------------------------------------------
# The two commands of the README

demo: venv stage offline-host
	@echo "== 1st run: harden a fresh copy of the example host ($(DEMO_HOST)), with diffs"
	ansible-playbook -i examples/inventory/offline.yml playbooks/demo.yml
	@echo "== 2nd run: nothing left to change (changed=0); what the role must not change safely is reported fail, with the reason"
	ANSIBLE_DISPLAY_OK_HOSTS=false ANSIBLE_DISPLAY_SKIPPED_HOSTS=false ansible-playbook -i examples/inventory/offline.yml playbooks/demo.yml
	@$(BIN)/python -c 'import json,sys; r=json.load(open(sys.argv[1])); print("== Report of the 2nd run (%s, webadmin.iis %s):" % (r["generated"], r["collection"]["version"]), ", ".join("%s %s" % (v, k) for k, v in r["summary"].items())); [print("   %-7s %-26s CIS %-12s STIG %s" % (c["status"], c["id"], c["cis"] or "-", c["stig"] or "-") + "".join("\n           left unchanged: %s" % x for x in c.get("reasons", []))) for c in r["controls"]]' $(BUILD)/reports/example-host-iis-hardening.json
	@echo "== Compliance report: $(BUILD)/reports/example-host-iis-hardening.html (and .json with the run history, .junit.xml; fleet: iis-hardening-fleet.*)"

test:
	@MAKE="$(MAKE)" bash tests/tools/run_all.sh

# ---------------------------------------------------------------------------------------------
# Test stages (tests/tools/run_all.sh runs them all and times them)

check-offline-host: venv
	@$(BIN)/python tests/tools/check_offline_host.py examples/offline-host

units: venv
	@mkdir -p $(LOGS)
	@rc=0; $(BIN)/python -m pytest -q -p no:cacheprovider tests/unit > $(LOGS)/pytest.log 2>&1 || rc=$$?; \
	if [ $$rc -eq 5 ]; then cat $(LOGS)/pytest.log; echo "units: FAILED: pytest collected no tests in tests/unit"; exit 1; fi; \
	if [ $$rc -ne 0 ]; then cat $(LOGS)/pytest.log; echo "units: pytest failed (exit $$rc)"; exit $$rc; fi; \
	echo "units: $$(tail -n 1 $(LOGS)/pytest.log)"

sanity: stage bootstrap-ansible-test
	cd $(COLL) && ansible-test sanity --venv --python 3.11 --color no

# Oldest-version leg: the oldest ansible-core that requires_ansible claims (tests/requirements-oldest.txt;
# tests/unit/test_packaging.py keeps the two equal), sanity only, on Python 3.11.
sanity-oldest: stage
	@if [ ! -f $(VENV_OLD)/.installed ] || [ tests/requirements-oldest.txt -nt $(VENV_OLD)/.installed ]; then \
	  echo "== creating $(VENV_OLD) with $(PYTHON)"; rm -rf $(VENV_OLD); $(PYTHON) -m venv $(VENV_OLD); \
	  $(VENV_OLD)/bin/python -m pip install --quiet -r tests/requirements-oldest.txt; touch $(VENV_OLD)/.installed; \
	fi
	@$(VENV_OLD)/bin/python tests/tools/bootstrap_ansible_test.py
	@echo "== ansible-test sanity (ansible-core $$($(VENV_OLD)/bin/python -c 'import ansible; print(ansible.__version__)'), Python 3.11)"
	cd $(COLL) && PATH=$(VENV_OLD)/bin:$$PATH $(VENV_OLD)/bin/ansible-test sanity --venv --python 3.11 --color no

ansible-test-units: stage bootstrap-ansible-test
	@if [ -z "$$(find tests/unit -name 'test_*.py' -print -quit)" ]; then $(SKIP) "no unit tests for ansible-test units"; exit 0; fi; \
	cd $(COLL) && ansible-test units --venv --python 3.11 --color no

integration: stage bootstrap-ansible-test
	@targets=$$(cd tests/integration/targets 2>/dev/null && ls -d offline_* 2>/dev/null || true); \
	if [ -z "$$targets" ]; then $(SKIP) "no offline_* targets in tests/integration/targets"; exit 0; fi; \
	echo "integration targets: $$targets"; \
	cd $(COLL) && ansible-test integration --local --python 3.11 --color no $$targets

# The Windows targets (alias `windows`) against the user's own disposable Windows Server with IIS:
# WINDOWS_INVENTORY (default tests/integration/inventory.winrm, made from inventory.winrm.template);
# TARGETS to run only some. Installs tests/requirements.yml (ansible.windows) beside the staged copy.
# Not part of `make test`: there is no Windows host here. See docs/windows-hosts.md.
WINDOWS_INVENTORY ?= $(ROOT)/tests/integration/inventory.winrm
windows-integration: stage bootstrap-ansible-test
	@test -f "$(WINDOWS_INVENTORY)" || { echo "windows-integration: no inventory $(WINDOWS_INVENTORY); copy tests/integration/inventory.winrm.template there and fill it in"; exit 1; }
	ansible-galaxy collection install -r tests/requirements.yml -p $(COLL_PATH)
	cd $(COLL) && ansible-test windows-integration --local --python 3.11 --color no --inventory "$(abspath $(WINDOWS_INVENTORY))" $(TARGETS)

syntax: stage
	@mkdir -p $(BUILD)/syntax
	@found=0; for pb in playbooks/*.yml playbooks/*.yaml; do \
	  [ -e "$$pb" ] || continue; found=1; \
	  echo "syntax-check $$pb"; ANSIBLE_HOST_PATTERN_MISMATCH=ignore ansible-playbook -i localhost, --syntax-check "$$pb" > /dev/null; \
	done; [ $$found = 1 ] || $(SKIP) "no playbooks in playbooks/"
	@found=0; for aliases in tests/integration/targets/*/aliases; do \
	  [ -e "$$aliases" ] || continue; \
	  grep -qwx 'windows' "$$aliases" || grep -qE '^windows([/ #]|$$)' "$$aliases" || continue; \
	  found=1; target=$$(basename $$(dirname "$$aliases")); wrapper=$(BUILD)/syntax/$$target.yml; \
	  printf -- '- name: Syntax check of integration target %s\n  hosts: all\n  gather_facts: false\n  roles:\n    - role: %s\n' \
	    "$$target" "$(COLL)/tests/integration/targets/$$target" > "$$wrapper"; \
	  echo "syntax-check Windows target $$target"; ANSIBLE_HOST_PATTERN_MISMATCH=ignore ansible-playbook -i localhost, --syntax-check "$$wrapper" > /dev/null; \
	done; [ $$found = 1 ] || $(SKIP) "no Windows integration targets (alias 'windows')"

# The whole collection (galaxy.yml, meta/, changelogs/, playbooks, roles, ...), as Galaxy and
# Automation Hub lint it; exclusions in .ansible-lint.
lint: stage
	@command -v ansible-lint >/dev/null || { $(SKIP) "ansible-lint is not installed"; exit 0; }
	ansible-lint --profile production --offline --nocolor

build: venv
	@rm -rf $(DIST) $(INSTALL) && mkdir -p $(DIST) $(INSTALL)
	ansible-galaxy collection build --force --output-path $(DIST) $(ROOT)
	@tarball=$$(ls $(DIST)/webadmin-iis-*.tar.gz); \
	if tar -tzf "$$tarball" | grep -E '^(\.venv[^/]*|\.build|\.ansible|\.git|tests/output)(/|$$)|(^|/)__pycache__(/|$$)|^roles/[^/]+/molecule(/|$$)'; then \
	  echo "build: the tarball contains files that build_ignore should exclude (listed above)"; exit 1; fi; \
	echo "build: $$(tar -tzf $$tarball | wc -l) entries in $$tarball"; \
	ANSIBLE_COLLECTIONS_PATH=$(INSTALL) ansible-galaxy collection install --offline --force -p $(INSTALL) "$$tarball"
	ANSIBLE_COLLECTIONS_PATH=$(INSTALL) ansible-doc -l webadmin.iis
	ANSIBLE_COLLECTIONS_PATH=$(INSTALL) ansible-doc -t role webadmin.iis.iis_site_hardening > /dev/null
	@rm -rf $(BUILD)/consumer && mkdir -p $(BUILD)/consumer && cp -a examples/offline-host $(BUILD)/consumer/host
	@before=$$(cd $(BUILD)/consumer/host && find . -type f -exec sha256sum {} + | sort | sha256sum); \
	ANSIBLE_COLLECTIONS_PATH=$(INSTALL) ansible-playbook -i localhost, -c local tests/consumer/site.yml \
	  -e ansible_python_interpreter=$(BIN)/python -e iis_offline_root=$(BUILD)/consumer/host \
	  -e iis_site_hardening_report_dir=$(BUILD)/consumer/reports > $(BUILD)/consumer/run.log 2>&1 \
	  || { cat $(BUILD)/consumer/run.log; echo "build: the installed role failed when used from another playbook"; exit 1; }; \
	after=$$(cd $(BUILD)/consumer/host && find . -type f -exec sha256sum {} + | sort | sha256sum); \
	[ "$$before" = "$$after" ] || { echo "build: audit mode changed files"; exit 1; }; \
	echo "build: role webadmin.iis.iis_site_hardening works from the installed tarball (audit, nothing changed)"

molecule: stage
	@command -v molecule >/dev/null || { $(SKIP) "molecule is not installed"; exit 0; }
	@found=0; for scenario_dir in roles/*/molecule; do \
	  [ -d "$$scenario_dir" ] || continue; found=1; role=$$(dirname "$$scenario_dir"); \
	  echo "== molecule test in $$role"; (cd "$$role" && molecule test --all); \
	done; [ $$found = 1 ] || $(SKIP) "no role has a molecule/ directory"

# Second leg: newest ansible-core (2.21) on Python 3.12, where such an interpreter exists.
py312: stage
	@py=""; for c in $(PY312_CANDIDATES); do \
	  if command -v "$$c" >/dev/null 2>&1 && "$$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' >/dev/null 2>&1; then py=$$(command -v "$$c"); break; fi; \
	done; \
	if [ -z "$$py" ]; then $(SKIP) "no Python 3.12 interpreter"; exit 0; fi; \
	if [ ! -f $(VENV312)/.installed ] || [ tests/requirements-py312.txt -nt $(VENV312)/.installed ]; then \
	  echo "== creating $(VENV312) with $$py"; rm -rf $(VENV312); "$$py" -m venv $(VENV312); \
	  $(VENV312)/bin/python -m pip install --quiet -r tests/requirements-py312.txt; touch $(VENV312)/.installed; \
	fi; \
	$(VENV312)/bin/python tests/tools/bootstrap_ansible_test.py; \
	echo "== ansible-test sanity (ansible-core $$($(VENV312)/bin/python -c 'import ansible; print(ansible.__version__)'), $$py)"; \
	rc=0; (cd $(COLL) && PATH=$(VENV312)/bin:$$PATH $(VENV312)/bin/ansible-test sanity --venv --python 3.12 --color no) || rc=1; \
	if [ -z "$$(find tests/unit -name 'test_*.py' -print -quit)" ]; then $(SKIP) "no unit tests for ansible-test units (3.12)"; exit $$rc; fi; \
	echo "== ansible-test units (Python 3.12)"; \
	(cd $(COLL) && PATH=$(VENV312)/bin:$$PATH $(VENV312)/bin/ansible-test units --venv --python 3.12 --color no) || rc=1; \
	exit $$rc

# Fragments and changelogs/changelog.yaml lint clean, and releasing the unreleased version would work.
changelog-lint: venv
	antsibull-changelog lint
	antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml
	@$(BIN)/python tests/tools/changelog_preview.py $(ROOT) $(BUILD)/changelog --check

# CHANGELOG.rst as the unreleased version's release notes would read (fragments are not consumed).
changelog: venv
	@$(BIN)/python tests/tools/changelog_preview.py $(ROOT) $(BUILD)/changelog --write

# Docs site: plugin pages + the docs/ guides (docs/docsite/extra-docs.yml), built offline with
# antsibull-docs and Sphinx into .build/docs/build/html. Refreshes docs/docsite/rst/ from docs/*.md.
DOCS := $(BUILD)/docs
docs: venv
	@$(BIN)/python tests/tools/guides_to_rst.py $(ROOT)
	@$(BIN)/python tests/tools/stage_collection.py $(ROOT) $(COLL)
	cd $(COLL) && antsibull-docs lint-collection-docs --plugin-docs .
	@rm -rf $(DOCS) && mkdir -m 700 -p $(DOCS)
	antsibull-docs sphinx-init --use-current --dest-dir $(DOCS) --sphinx-theme alabaster --lenient webadmin.iis > /dev/null
	@# offline: no intersphinx inventories (links into the Ansible docs stay unresolved)
	@$(BIN)/python -c 'import re,sys; p=sys.argv[1]; s=open(p).read(); s=re.sub(r"(?ms)^intersphinx_mapping = \{.*?^\}", "intersphinx_mapping = {}", s); open(p,"w").write(s)' $(DOCS)/conf.py
	@cd $(DOCS) && bash build.sh > build.log 2>&1 || { cat $(DOCS)/build.log; echo "docs: build failed"; exit 1; }
	@html=$(DOCS)/build/html/collections/webadmin/iis; missing=""; \
	for page in iis_config_module iis_info_module iis_module_module iis_pipeline_mode_module iis_ssl_client_cert_module \
	            iis_site_hardening_role hardening_report_filter \
	            $$(cd docs/docsite/rst && ls *.rst | sed 's|^|docsite/|; s|\.rst$$||'); do \
	  [ -s "$$html/$$page.html" ] || missing="$$missing $$page"; \
	done; [ -z "$$missing" ] || { echo "docs: pages missing from the site:$$missing"; exit 1; }; \
	grep -q 'docsite/pipeline_mode.html' $$html/index.html || { echo "docs: the collection index does not link the guides"; exit 1; }; \
	echo "docs: $$(find $(DOCS)/build/html -name '*.html' | wc -l) pages in $(DOCS)/build/html ($$(grep -c 'WARNING' $(DOCS)/build.log || true) Sphinx warnings: links into the Ansible docs, unresolved offline)"

# Execution environment build context from the tarball + an AWX-style ansible-runner job (tests/tools/check_ee.py).
ee: venv
	@$(BIN)/python tests/tools/check_ee.py $(ROOT) $(BUILD)/ee

# ---------------------------------------------------------------------------------------------
# Benchmarks (docs/performance.md): never part of `make test`; they print ratios, not verdicts.

bench: venv
	@bash bench/run_all.sh $(BIN)/python

# ---------------------------------------------------------------------------------------------
# Mutation check (docs/development.md): never part of `make test`.

mutation: venv
	@$(BIN)/python tests/tools/mutation_check.py

# ---------------------------------------------------------------------------------------------

clean:
	rm -rf $(BUILD) tests/output .pytest_cache .hypothesis .ansible
	find . -path ./.venv -prune -o -path ./.venv-py312 -prune -o -path ./.venv-oldest -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) $(VENV312) $(VENV_OLD)
