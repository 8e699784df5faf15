#!/usr/bin/env bash
# ansible-inventory --list with the managedk8s.clusters.oks plugin against the emulator, whose URL and credentials
# come from tests/integration/integration_config.yml (see ../inventory_common/inventory_check.py).
set -eu
cd "$(dirname "$0")"
exec "${ANSIBLE_TEST_PYTHON_INTERPRETER:-python}" ../inventory_common/inventory_check.py oks "$@"
