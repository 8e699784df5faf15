# managedk8s.clusters: development entry points. A fresh clone needs only `make demo` and `make test`.
#
#   make setup           venvs (.venv: Python 3.12 + ansible-core 2.21; .venv-2.19: Python 3.11 + 2.19),
#                        build/ansible_collections/managedk8s/clusters -> this checkout, ansible-test's pip
#                        bootstrap; idempotent and fast once done
#   make demo            playbooks/demo.yml against the embedded emulator
#   make test            every stage below, in order, failing fast, ending with "N passed, N failed, N skipped"
#   make sanity          ansible-test sanity on each ansible-core (VENVS=".venv" for one)
#   make units           ansible-test units on each ansible-core
#   make integration     ansible-test integration against the emulator, when tests/integration/targets/ has any
#                        (on ansible-core 2.21 only; VENVS=".venv .venv-2.19" for both)
#   make molecule        molecule test for each scenario of roles/*/molecule/ and extensions/molecule/
#   make lint            ruff check, ruff format --check (pyproject.toml), ansible-lint --profile production --offline
#   make changelog-lint  antsibull-changelog lint
#   make build           ansible-galaxy collection build into build/
#   make docs            the docs site (antsibull-docs + Sphinx) into docs/build/html (not part of make test)
#   make clean           remove build/ and ansible-test's output (keeps the venvs)

VENVS ?=
SKIP_EMPTY = || [ $$? -eq 77 ]

.PHONY: setup demo test sanity units integration molecule lint changelog-lint build ee docs clean

setup:
	@scripts/setup.sh

demo: setup
	@scripts/demo.sh

test:
	@scripts/test.sh

sanity: setup
	@scripts/stage.sh sanity $(VENVS)

units: setup
	@scripts/stage.sh units $(VENVS) $(SKIP_EMPTY)

integration: setup
	@scripts/stage.sh integration $(VENVS) $(SKIP_EMPTY)

molecule: setup
	@scripts/stage.sh molecule $(SKIP_EMPTY)

lint: setup
	@scripts/stage.sh lint $(SKIP_EMPTY)

changelog-lint: setup
	@scripts/stage.sh changelog-lint

build: setup
	@scripts/stage.sh build

ee: setup
	@scripts/ee.sh

docs: setup
	@scripts/stage.sh docs

clean:
	rm -rf build/test build/*.tar.gz tests/output docs/build
