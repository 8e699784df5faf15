# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The credentials the emulator accepts, one set per cloud. The one source is credentials.json beside this file.

Made-up test values, never real ones. Shell scripts can read them with
``python -m mockcloud.credentials --env`` (prints ``export MOCKCLOUD_<CLOUD>_<FIELD>=...`` lines).
"""

from __future__ import annotations

import copy
import json
import pathlib
import shlex
import sys

PATH = pathlib.Path(__file__).with_name("credentials.json")


def load():
    with PATH.open(encoding="utf-8") as handle:
        return json.load(handle)


CREDENTIALS = load()


def for_cloud(cloud):
    """A copy of one cloud's credentials (a dict)."""
    return copy.deepcopy(CREDENTIALS[cloud])


def shell_exports(credentials=None):
    lines = []
    for cloud, fields in sorted((credentials or CREDENTIALS).items()):
        for field, value in sorted(fields.items()):
            lines.append("export MOCKCLOUD_%s_%s=%s" % (cloud.upper(), field.upper(), shlex.quote(value)))
    return "\n".join(lines) + "\n"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--env"]:
        sys.stdout.write(shell_exports())
    elif argv in ([], ["--json"]):
        sys.stdout.write(json.dumps(CREDENTIALS, indent=2) + "\n")
    else:
        sys.stderr.write("usage: python -m mockcloud.credentials [--env | --json]\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
