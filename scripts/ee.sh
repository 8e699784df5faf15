#!/usr/bin/env bash
# scripts/ee.sh [--context-only]: the execution environment image for AWX / Automation Controller (`make ee`).
#   1. builds the collection tarball and copies it to build/ee/managedk8s-clusters.tar.gz, the version-free name
#      that execution-environment.yml installs (so the definition never goes out of step with galaxy.yml);
#   2. `ansible-builder create` writes the build context to build/ee/context, and the script checks that the
#      context holds that very tarball: ansible-builder itself exits 0 when a file it was told to copy is missing;
#   3. `ansible-builder build` with podman or docker, when one of them has a working engine, tagged
#      managedk8s-clusters-ee:<version> and :latest. Without one (or with --context-only) it stops after step 2
#      and prints the command to run where there is an engine.
# EE_DEFINITION (default: execution-environment.yml of the checkout) is for the tests; build/ee is next to it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEFINITION=$(realpath "${EE_DEFINITION:-$ROOT/execution-environment.yml}")
WORK=$(dirname "$DEFINITION")/build/ee
CONTEXT=$WORK/context
TARBALL_NAME=managedk8s-clusters.tar.gz
VENV_BIN=$ROOT/.venv/bin

say() { printf 'ee: %s\n' "$*"; }
die() { say "$*" >&2; exit 1; }

[ -x "$VENV_BIN/ansible-builder" ] || die "no ansible-builder in $VENV_BIN: run 'make setup' first"
version=$("$VENV_BIN/python" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["version"])' "$ROOT/galaxy.yml")

mkdir -p "$WORK"
"$VENV_BIN/ansible-galaxy" collection build --force --output-path "$WORK" "$ROOT" >/dev/null
built=$WORK/managedk8s-clusters-$version.tar.gz
[ -f "$built" ] || die "ansible-galaxy collection build did not write $built"
cp "$built" "$WORK/$TARBALL_NAME"

rm -rf "$CONTEXT"
(cd "$(dirname "$DEFINITION")" && "$VENV_BIN/ansible-builder" create --file "$DEFINITION" --context "$CONTEXT" \
    --output-filename Containerfile >/dev/null)
in_context=$CONTEXT/_build/collections/$TARBALL_NAME
if ! cmp -s "$in_context" "$WORK/$TARBALL_NAME"; then
    die "the build context $CONTEXT lacks the collection tarball ($in_context): execution-environment.yml must copy \
build/ee/$TARBALL_NAME (additional_build_files) and install /build/collections/$TARBALL_NAME (dependencies.galaxy)"
fi
say "build context ready: $CONTEXT (managedk8s.clusters $version)"

engine=""
for candidate in podman docker; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" info >/dev/null 2>&1; then
        engine=$candidate
        break
    fi
done
build_command=("$VENV_BIN/ansible-builder" build --file "$DEFINITION" --context "$CONTEXT"
    --tag "managedk8s-clusters-ee:$version" --tag managedk8s-clusters-ee:latest)
if [ "${1:-}" = "--context-only" ] || [ -z "$engine" ]; then
    [ -z "$engine" ] && say "no container engine answers here (podman info, docker info): the image is not built"
    say "to build it where one does: ${build_command[*]} --container-runtime podman|docker"
    exit 0
fi
(cd "$(dirname "$DEFINITION")" && "${build_command[@]}" --container-runtime "$engine")
say "image managedk8s-clusters-ee:$version built with $engine"
