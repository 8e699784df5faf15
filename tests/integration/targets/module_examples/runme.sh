#!/usr/bin/env bash
# Every module's EXAMPLES run against the emulator (see build_playbook.py and examples.yml), with no credential from
# the environment or the home directory (see ../playbook_common/run_built_playbook.sh). The home directory has an
# empty ~/.kube, as on a machine where kubectl was used: the examples' ~/.kube/... files land there.
# MODULE_EXAMPLES=oks_cluster,sks_cluster runs only those modules' examples (a run by hand).
set -eu
cd "$(dirname "$0")"
SANDBOX_HOME_DIRS=.kube exec ../playbook_common/run_built_playbook.sh "$@"
