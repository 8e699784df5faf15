#!/usr/bin/env bash
# What the module_examples and module_defaults_groups targets share. From a target's runme.sh:
#   exec ../playbook_common/run_built_playbook.sh [ANSIBLE-PLAYBOOK OPTIONS...]
# writes the target's playbook with `python build_playbook.py PLAYBOOK COLLECTION_ROOT` into a sandbox directory and
# runs it on localhost against the emulator. No credential may come from anywhere else: the vendors' environment
# variables are removed and HOME is $sandbox/home, empty but for the directories SANDBOX_HOME_DIRS names.
set -eu
sandbox=$(mktemp -d)
trap 'rm -rf "$sandbox"' EXIT
for name in $(env | sed -n -E 's/^((OSC|OKS|EXOSCALE|AWS|SCP|HUAWEICLOUD|HW)_[A-Za-z0-9_]*)=.*/\1/p'); do
    unset "$name"
done
mkdir -p "$sandbox/home"
for directory in ${SANDBOX_HOME_DIRS:-}; do
    mkdir -p "$sandbox/home/$directory"
done

# The installed collection ansible-test runs against, else the checkout these targets belong to.
collection_root=$(cd ../../../.. && pwd)
IFS=: read -r -a collection_paths <<< "${ANSIBLE_COLLECTIONS_PATH:-}"
for base in "${collection_paths[@]}"; do
    if [ -n "$base" ] && [ -f "$base/ansible_collections/managedk8s/clusters/meta/runtime.yml" ]; then
        collection_root=$base/ansible_collections/managedk8s/clusters
        break
    fi
done

python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python}
# ansible-test gives a script target no variables: the emulator's URL and credentials come from this file
# (a run by hand can pass another one with -e @FILE, which comes later on the command line and wins).
config=$PWD/../../integration_config.yml
config_args=()
if [ -f "$config" ]; then
    config_args=(-e "@$config")
fi
"$python" build_playbook.py "$sandbox/playbook.yml" "$collection_root"
HOME=$sandbox/home ansible-playbook -i localhost, -c local -e ansible_python_interpreter="$python" -e sandbox="$sandbox" \
    "${config_args[@]}" "$sandbox/playbook.yml" "$@"
