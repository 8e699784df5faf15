#!/usr/bin/env bash
# `make test`: setup, then every test stage in order, stopping at the first failure.
# Each stage gets a banner and a timing; the last line is "N passed, N failed, N skipped" (counting stages).
# KEEP_GOING=1 runs the later stages after a failure too (the run still fails).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

NOTHING_TO_TEST=77
passed=0
failed=0
skipped=0
timings=()

banner() { printf '\n==== %s ====\n' "$*"; }

summary() {
    banner "summary"
    printf '%s\n' "${timings[@]}"
    echo "$passed passed, $failed failed, $skipped skipped"
}

run_stage() {  # run_stage NAME COMMAND...
    local name=$1 started status elapsed
    shift
    banner "$name"
    started=$SECONDS
    "$@"
    status=$?
    elapsed=$((SECONDS - started))
    if [ $status -eq 0 ]; then
        passed=$((passed + 1))
        timings+=("$(printf '%-40s passed  %4ds' "$name" "$elapsed")")
    elif [ $status -eq $NOTHING_TO_TEST ]; then
        skipped=$((skipped + 1))
        timings+=("$(printf '%-40s skipped %4ds (nothing to test yet)' "$name" "$elapsed")")
    else
        failed=$((failed + 1))
        timings+=("$(printf '%-40s FAILED  %4ds (exit %d)' "$name" "$elapsed" "$status")")
        banner "$name FAILED (exit $status) after ${elapsed}s"
        if [ "${KEEP_GOING:-0}" != 1 ]; then
            summary
            exit 1
        fi
        return 0
    fi
    printf -- '---- %s: %s in %ds\n' "$name" "$([ $status -eq 0 ] && echo passed || echo skipped)" "$elapsed"
}

core_series() {  # core_series VENV: "2.21"
    "$1/bin/python" -c 'from ansible.release import __version__; print(__version__)' | cut -d. -f1,2
}

core_label() {  # core_label VENV: "ansible-core 2.21"
    echo "ansible-core $(core_series "$1")"
}

core_labels() {  # core_labels VENV...: "ansible-core 2.21 + 2.19"
    local venv series=()
    for venv in "$@"; do
        series+=("$(core_series "$venv")")
    done
    local joined
    joined=$(printf ' + %s' "${series[@]}")
    echo "ansible-core ${joined:3}"
}

main() {
    run_stage "setup" scripts/setup.sh

    local venvs cores
    mapfile -t venvs < <(scripts/stage.sh venvs)
    cores=$(core_labels "${venvs[@]}")
    run_stage "sanity ($cores)" scripts/stage.sh sanity "${venvs[@]}"
    run_stage "units ($cores)" scripts/stage.sh units "${venvs[@]}"
    run_stage "integration ($(core_label .venv))" scripts/stage.sh integration .venv
    run_stage "reliability" scripts/stage.sh reliability
    run_stage "molecule" scripts/stage.sh molecule
    run_stage "lint" scripts/stage.sh lint
    run_stage "changelog-lint" scripts/stage.sh changelog-lint
    run_stage "build" scripts/stage.sh build
    run_stage "release checks" scripts/stage.sh release
    run_stage "docs-lint" scripts/stage.sh docs-lint
    run_stage "galaxy-importer" scripts/stage.sh galaxy-importer
    summary
    [ "$failed" -eq 0 ]
}

main "$@"
