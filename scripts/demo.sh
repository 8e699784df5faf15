#!/usr/bin/env bash
# `make demo`: run playbooks/demo.yml against the embedded emulator, which is stopped again on any exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

export MOCKCLOUD_PORT=${MOCKCLOUD_PORT:-8765}
# Emulated cloud operations run this many times faster than the real clouds' (minutes per cluster).
export MOCKCLOUD_SPEED=${MOCKCLOUD_SPEED:-20}
export VIRTUAL_ENV=$ROOT/.venv
export PATH=$ROOT/.venv/bin:$PATH
export ANSIBLE_COLLECTIONS_PATH=$ROOT/build
export ANSIBLE_CONFIG=$ROOT/ansible.cfg

stop_emulator() {
    echo "[demo] stopping the emulator"
    scripts/mockcloud stop || echo "[demo] WARNING: scripts/mockcloud stop failed"
}

if [ -e scripts/mockcloud ]; then
    echo "[demo] starting the emulator on port $MOCKCLOUD_PORT"
    trap stop_emulator EXIT
    scripts/mockcloud start
else
    echo "[demo] no scripts/mockcloud yet: running without the emulator"
fi

ansible-playbook playbooks/demo.yml "$@"
