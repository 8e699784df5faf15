#!/usr/bin/env bash
# Idempotent development setup, run first by `make demo` and `make test`:
#   .venv       Python 3.12, the newest ansible-core 2.21.x, run-time and test requirements
#   .venv-2.19  Python 3.11, ansible-core 2.19.x and the run-time requirements (the oldest supported core)
#   build/ansible_collections/managedk8s/clusters -> the checkout (for ANSIBLE_COLLECTIONS_PATH)
#   ansible-test's pip bootstrap script, built offline from a pip wheel (see ansible_test_pip_bootstrap.py)
# Each venv keeps a stamp of what it was built from, so a second run does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

MAIN_VENV=.venv
OLDEST_VENV=.venv-2.19
MAIN_CORE='ansible-core>=2.21.0,<2.22'
OLDEST_CORE='ansible-core>=2.19.0,<2.20'
STAMP_NAME=.managedk8s-setup-stamp

log() { printf '[setup] %s\n' "$*"; }

without_pip_noise() {  # this machine's pip configuration names a local index that may not exist
    grep -v "^WARNING: Location 'file://.*' is ignored" || true
}

python_runs_as() {  # python_runs_as INTERPRETER 3.12: the interpreter starts and is that version, with venv
    "$1" -c "import sys, venv, ensurepip; sys.exit(sys.version_info[:2] != tuple(map(int, '$2'.split('.'))))" \
        >/dev/null 2>&1
}

find_python() {  # find_python 3.12: prints a working interpreter of that version, newest pyenv build first
    local version=$1 pyenv_root candidate
    pyenv_root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
    local candidates=()
    while IFS= read -r candidate; do
        candidates+=("$candidate")
    done < <(printf '%s\n' "$pyenv_root"/versions/"$version".*/bin/python"$version" | sort -rV)
    candidates+=("$(command -v "python$version" || true)" "/usr/local/bin/python$version" "/usr/bin/python$version")
    for candidate in "${candidates[@]}"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ] && python_runs_as "$candidate" "$version"; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

stamp_of() {  # stamp_of CORE_SPEC PYTHON_VERSION REQUIREMENT_FILES...: a hash of what a venv is built from
    { printf '%s\n' "$@"; cat "${@:3}"; } | sha256sum | cut -d' ' -f1
}

ensure_venv() {  # ensure_venv DIR PYTHON PYTHON_VERSION CORE_SPEC REQUIREMENT_FILES...
    local venv=$1 python=$2 version=$3 core=$4
    shift 4
    if ! python_runs_as "$venv/bin/python" "$version"; then
        log "creating $venv with $python"
        rm -rf "$venv"
        "$python" -m venv "$venv"
    fi
    local stamp
    stamp=$(stamp_of "$core" "$version" "$@")
    if [ "$(cat "$venv/$STAMP_NAME" 2>/dev/null)" = "$stamp" ]; then
        return 0
    fi
    log "installing $core and ${*} into $venv"
    local requirement_args=()
    local requirements
    for requirements in "$@"; do
        requirement_args+=(-r "$requirements")
    done
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$core" "${requirement_args[@]}" 2>&1 \
        | without_pip_noise
    echo "$stamp" > "$venv/$STAMP_NAME"
}

ensure_collection_link() {
    local link=build/ansible_collections/managedk8s/clusters
    if [ -L "$link" ] && [ "$(readlink "$link")" = ../../.. ]; then
        return 0
    fi
    mkdir -p "$(dirname "$link")"
    if [ -e "$link" ] && [ ! -L "$link" ]; then
        log "ERROR: $link exists and is not a symlink; remove it and run make setup again" >&2
        return 1
    fi
    ln -sfn ../../.. "$link"
    log "linked $link to the checkout"
}

main() {
    local python312 python311
    python312=$(find_python 3.12 || true)
    python311=$(find_python 3.11 || true)

    if [ -n "$python312" ]; then
        ensure_venv "$MAIN_VENV" "$python312" 3.12 "$MAIN_CORE" requirements.txt requirements-test.txt
    elif [ -n "$python311" ]; then
        log "WARNING: no working Python 3.12: $MAIN_VENV gets Python 3.11 and ansible-core 2.19 (tests on 2.21 skipped)"
        ensure_venv "$MAIN_VENV" "$python311" 3.11 "$OLDEST_CORE" requirements.txt requirements-test.txt
    else
        log "ERROR: neither Python 3.12 nor Python 3.11 was found (tried pyenv, then python3.12 / python3.11 on PATH)" >&2
        return 1
    fi

    if [ -n "$python311" ] && [ -n "$python312" ]; then
        ensure_venv "$OLDEST_VENV" "$python311" 3.11 "$OLDEST_CORE" requirements.txt
    elif [ -z "$python311" ]; then
        log "WARNING: no working Python 3.11: no $OLDEST_VENV, tests on ansible-core 2.19 skipped"
    fi

    local venv
    for venv in "$MAIN_VENV" "$OLDEST_VENV"; do
        if [ -x "$venv/bin/python" ]; then
            "$venv/bin/python" scripts/ansible_test_pip_bootstrap.py 2>&1 | without_pip_noise
        fi
    done

    ensure_collection_link
}

main "$@"
