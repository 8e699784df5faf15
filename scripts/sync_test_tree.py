# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Mirror the checkout's files into the tree where ansible-test runs.

ansible-test wants its working directory physically inside ansible_collections/<namespace>/<name>/ (a
symlink will not do) and lists the files to test with git. So the tests run in a copy holding exactly
the files git lists in the checkout (tracked and untracked, minus the ignored ones: no venvs, no build
output), made a git work tree of its own so that git does not climb up to the checkout's repository.
A stage can bring along generated files that git ignores (the emulator's integration_config.yml, a
download cache of the unit tests) with --with-ignored PATH.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess

# Kept in the copy across runs: its own repository and ansible-test's results.
PRESERVED = (".git", os.path.join("tests", "output"))


def listed_files(source, ignored_wanted):
    output = subprocess.run(
        ["git", "-C", source, "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        check=True,
        stdout=subprocess.PIPE,
    ).stdout.decode("utf-8")
    names = {name for name in output.split("\0") if name}
    names.update(files_under(source, ignored_wanted))
    return {name for name in names if os.path.lexists(os.path.join(source, name))}


def files_under(source, relative_paths):
    for relative_path in relative_paths:
        top = os.path.join(source, relative_path)
        if os.path.isfile(top):
            yield os.path.normpath(relative_path)
        for root, _directories, files in os.walk(top):
            for name in files:
                yield os.path.relpath(os.path.join(root, name), source)


def is_preserved(relative_path):
    return any(relative_path == kept or relative_path.startswith(kept + os.sep) for kept in PRESERVED)


def same_file(source_path, destination_path):
    if not os.path.lexists(destination_path):
        return False
    if os.path.islink(source_path) or os.path.islink(destination_path):
        return (
            os.path.islink(source_path)
            and os.path.islink(destination_path)
            and os.readlink(source_path) == os.readlink(destination_path)
        )
    source_stat, destination_stat = os.stat(source_path), os.stat(destination_path)
    return (
        source_stat.st_size == destination_stat.st_size
        and int(source_stat.st_mtime) == int(destination_stat.st_mtime)
        and source_stat.st_mode == destination_stat.st_mode
    )


def copy_one(source_path, destination_path):
    os.makedirs(os.path.dirname(destination_path), exist_ok=True)
    if os.path.lexists(destination_path) or os.path.isdir(destination_path):
        remove(destination_path)
    if os.path.islink(source_path):
        os.symlink(os.readlink(source_path), destination_path)
    else:
        shutil.copy2(source_path, destination_path)


def remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        os.unlink(path)


def remove_unlisted(destination, wanted):
    for root, directories, files in os.walk(destination, topdown=False):
        relative_root = os.path.relpath(root, destination)
        for name in files + [d for d in directories if os.path.islink(os.path.join(root, d))]:
            relative_path = os.path.normpath(os.path.join(relative_root, name))
            if relative_path not in wanted and not is_preserved(relative_path):
                os.unlink(os.path.join(root, name))
        if relative_root != "." and not is_preserved(relative_root) and not os.listdir(root):
            os.rmdir(root)


def sync(source, destination, ignored_wanted=()):
    wanted = listed_files(source, ignored_wanted)
    os.makedirs(destination, exist_ok=True)
    for name in sorted(wanted):
        source_path, destination_path = os.path.join(source, name), os.path.join(destination, name)
        if not same_file(source_path, destination_path):
            copy_one(source_path, destination_path)
    remove_unlisted(destination, wanted)
    if not os.path.isdir(os.path.join(destination, ".git")):
        subprocess.run(["git", "init", "--quiet", destination], check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("destination")
    parser.add_argument(
        "--with-ignored",
        action="append",
        default=[],
        metavar="PATH",
        help="also copy this git-ignored file or directory (relative to SOURCE) when present",
    )
    arguments = parser.parse_args()
    sync(os.path.abspath(arguments.source), os.path.abspath(arguments.destination), arguments.with_ignored)


if __name__ == "__main__":
    main()
