#!/usr/bin/env bash
# `make demo`: run playbooks/demo.yml against the embedded emulator, which is stopped again on any exit.
# The demo is a fleet: the five clusters of playbooks/inventory/fleet.yml, provisioned and destroyed in parallel
# (--forks 5). Their credentials and endpoints reach the modules as they would in AWX: in the environment variables
# that the credential types of extensions/awx/credential_types/ inject, here filled with the emulator's.
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

URL=http://127.0.0.1:$MOCKCLOUD_PORT
eval "$(cd tests && python -m mockcloud.credentials --env)"
export OSC_ACCESS_KEY=$MOCKCLOUD_OKS_ACCESS_KEY OSC_SECRET_KEY=$MOCKCLOUD_OKS_SECRET_KEY
export OSC_ENDPOINT_OKS=$URL/oks/api/v2 OSC_REGION=eu-west-2
export EXOSCALE_API_KEY=$MOCKCLOUD_SKS_API_KEY EXOSCALE_API_SECRET=$MOCKCLOUD_SKS_API_SECRET
export EXOSCALE_API_ENDPOINT=$URL/sks/v2 EXOSCALE_ZONE=ch-gva-2
export AWS_ACCESS_KEY_ID=$MOCKCLOUD_EKS_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$MOCKCLOUD_EKS_SECRET_KEY
export AWS_ENDPOINT_URL_EKS=$URL/eks AWS_REGION=us-east-1
export SCP_ACCESS_KEY=$MOCKCLOUD_SKE_ACCESS_KEY SCP_SECRET_KEY=$MOCKCLOUD_SKE_SECRET_KEY
export SCP_ACCOUNT_ID=$MOCKCLOUD_SKE_ACCOUNT_ID SCP_ENDPOINT=$URL/ske
export HUAWEICLOUD_SDK_AK=$MOCKCLOUD_HUAWEI_ACCESS_KEY HUAWEICLOUD_SDK_SK=$MOCKCLOUD_HUAWEI_SECRET_KEY
export HUAWEICLOUD_SDK_PROJECT_ID=$MOCKCLOUD_HUAWEI_PROJECT_ID HW_HSS_ENDPOINT=$URL/huawei HW_REGION_NAME=cn-north-4
unset AWS_PROFILE AWS_SESSION_TOKEN
export NO_PROXY=${NO_PROXY:+$NO_PROXY,}127.0.0.1,localhost

FORKS=${DEMO_FORKS:-5}
ansible-playbook --inventory playbooks/inventory/fleet.yml --forks "$FORKS" \
    --extra-vars @playbooks/vars/demo_fleet.yml playbooks/demo.yml "$@"
