# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Give ansible-test an offline pip bootstrap script, when it has none cached.

`ansible-test ... --venv` bootstraps pip in each virtualenv it creates with a get-pip script that it
downloads from a host this kind of machine cannot reach, and caches as
~/.ansible/test/cache/get_pip_<version>.py. This script writes that cache file itself: a small stand-in
that installs pip from a wheel downloaded from the package index. Run it with the Python of the venv
holding the ansible-core to serve, so the pip version is the one that ansible-test release asks for.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import types

CACHE_DIR = os.path.expanduser("~/.ansible/test/cache")

STAND_IN_TEMPLATE = '''\
"""Offline stand-in for get-pip.py {pip_version}, written by managedk8s.clusters' scripts/setup.sh."""
import sys

WHEEL = {wheel!r}
DROPPED_OPTIONS = ('--no-setuptools', '--no-wheel')

sys.path.insert(0, WHEEL)

from pip._internal.cli.main import main  # noqa: E402  pylint: disable=wrong-import-position

arguments = [argument for argument in sys.argv[1:] if argument not in DROPPED_OPTIONS]
sys.exit(main(['install', '--upgrade', '--force-reinstall', '--find-links', {cache_dir!r}] + arguments))
'''


def wanted_pip_version():
    """The pip version this ansible-test puts into the venvs it creates for this Python version."""
    from ansible_test._internal.python_requirements import get_venv_packages  # pylint: disable=import-outside-toplevel

    python = types.SimpleNamespace(version="%d.%d" % sys.version_info[:2])
    return get_venv_packages(python)["pip"]


def download_pip_wheel(pip_version):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--only-binary=:all:",
            "--dest",
            CACHE_DIR,
            "pip==%s" % pip_version,
        ],
        check=True,
    )
    wheel = os.path.join(CACHE_DIR, "pip-%s-py3-none-any.whl" % pip_version)
    if not os.path.isfile(wheel):
        raise SystemExit("pip download did not produce %s" % wheel)
    return wheel


def write_atomically(path, text):
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, path)


def main():
    pip_version = wanted_pip_version()
    script = os.path.join(CACHE_DIR, "get_pip_%s.py" % pip_version.replace(".", "_"))
    if os.path.exists(script):
        return
    os.makedirs(CACHE_DIR, exist_ok=True)
    wheel = download_pip_wheel(pip_version)
    write_atomically(script, STAND_IN_TEMPLATE.format(pip_version=pip_version, wheel=wheel, cache_dir=CACHE_DIR))
    print("[setup] wrote the offline pip %s bootstrap for ansible-test: %s" % (pip_version, script))


if __name__ == "__main__":
    main()
