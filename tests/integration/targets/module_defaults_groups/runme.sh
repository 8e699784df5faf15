#!/usr/bin/env bash
# Every module with its credentials only from module_defaults groups (see build_playbook.py). No credential may come
# from anywhere else: the vendors' environment variables are removed and HOME is an empty directory.
set -eu
cd "$(dirname "$0")"
sandbox=$(mktemp -d)
trap 'rm -rf "$sandbox"' EXIT
for name in $(env | sed -n -E 's/^((OSC|OKS|EXOSCALE|AWS|SCP|HUAWEICLOUD|HW)_[A-Za-z0-9_]*)=.*/\1/p'); do
    unset "$name"
done
python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python}
# ansible-test gives a script target no variables: the emulator's URL and credentials come from this file
# (a run by hand can pass another one with -e @FILE, which comes later on the command line and wins).
config=$PWD/../../integration_config.yml
config_args=()
if [ -f "$config" ]; then
    config_args=(-e "@$config")
fi
"$python" build_playbook.py "$sandbox/playbook.yml"
HOME=$sandbox ansible-playbook -i localhost, -c local -e ansible_python_interpreter="$python" -e sandbox="$sandbox" \
    "${config_args[@]}" "$sandbox/playbook.yml" "$@"
