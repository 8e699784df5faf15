#!/usr/bin/env bash
# Every module with its credentials only from module_defaults groups (see build_playbook.py); the environment and
# the home directory hold none (see ../playbook_common/run_built_playbook.sh).
set -eu
cd "$(dirname "$0")"
exec ../playbook_common/run_built_playbook.sh "$@"
