# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fetch AWS's official SigV4 test suite (aws4_testsuite) into tests/unit/.cache/aws4_testsuite/.

The suite ships only in botocore's source distribution (tests/unit/auth/aws4_testsuite/), not in its wheel.
This downloads that sdist with pip (the installed botocore version when there is one) and extracts only that
folder. It does nothing when the suite is already there, so the unit tests never need the network.

Usage: python tests/unit/fetch_aws4_testsuite.py [--botocore-version X.Y.Z] [--dest DIR] [--force]
"""

from __future__ import annotations

import argparse
import pathlib
import shutil
import subprocess
import sys
import tarfile
import tempfile

SUITE_IN_SDIST = "tests/unit/auth/aws4_testsuite/"
DEFAULT_DEST = pathlib.Path(__file__).resolve().parent / ".cache" / "aws4_testsuite"
EXPECTED_CASES = 34


def count_cases(folder: pathlib.Path) -> int:
    return len(list(folder.rglob("*.req"))) if folder.is_dir() else 0


def installed_botocore_version():
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:
        return None
    try:
        return version("botocore")
    except PackageNotFoundError:
        return None


def download_sdist(botocore_version, workdir: pathlib.Path) -> pathlib.Path:
    requirement = "botocore==%s" % botocore_version if botocore_version else "botocore"
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-binary",
        ":all:",
        "--no-deps",
        "--quiet",
        "--dest",
        str(workdir),
        requirement,
    ]
    subprocess.run(command, check=True)
    archives = sorted(workdir.glob("botocore-*.tar.gz"))
    if not archives:
        raise SystemExit("pip did not download a botocore source archive into %s" % workdir)
    return archives[0]


def extract_suite(archive: pathlib.Path, target: pathlib.Path) -> None:
    """Copy the files under <top>/tests/unit/auth/aws4_testsuite/ to target, refusing odd member names."""
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            _top, _sep, inner = member.name.partition("/")
            if not member.isfile() or not inner.startswith(SUITE_IN_SDIST):
                continue
            relative = pathlib.PurePosixPath(inner[len(SUITE_IN_SDIST) :])
            if relative.is_absolute() or ".." in relative.parts:
                raise SystemExit("refusing suspicious archive member %s" % member.name)
            destination = target.joinpath(*relative.parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as source, open(destination, "wb") as sink:
                shutil.copyfileobj(source, sink)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--botocore-version", default=installed_botocore_version())
    parser.add_argument("--dest", type=pathlib.Path, default=DEFAULT_DEST)
    parser.add_argument("--force", action="store_true", help="fetch again even when the suite is present")
    args = parser.parse_args(argv)

    if not args.force and count_cases(args.dest) >= EXPECTED_CASES:
        print("aws4_testsuite already present in %s" % args.dest)
        return 0

    args.dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.dest.parent) as workdir:
        workdir = pathlib.Path(workdir)
        archive = download_sdist(args.botocore_version, workdir)
        staged = workdir / "aws4_testsuite"
        extract_suite(archive, staged)
        found = count_cases(staged)
        if found < EXPECTED_CASES:
            raise SystemExit("%s holds %d aws4_testsuite cases, expected %d" % (archive.name, found, EXPECTED_CASES))
        if args.dest.exists():
            shutil.rmtree(args.dest)
        staged.rename(args.dest)
    print("aws4_testsuite (%d cases) extracted to %s" % (found, args.dest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
