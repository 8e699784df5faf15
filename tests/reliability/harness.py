# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the reliability tests share: the emulator's admin API, running playbooks, reading the results, figures."""

from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
TESTS_DIR = ROOT / "tests"
for _path in (TESTS_DIR, ROOT / "build"):  # the emulator as `mockcloud`, the checkout as `ansible_collections...`
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from mockcloud.credentials import CREDENTIALS  # noqa: E402  pylint: disable=wrong-import-position

VENV_BIN = ROOT / ".venv" / "bin"
FIGURES_DIR = ROOT / "build" / "reliability" / "figures"  # one JSON file per section; scripts/stage.sh clears it
RECAP = re.compile(
    r"^(?P<host>\S+)\s+:\s+ok=(?P<ok>\d+)\s+changed=(?P<changed>\d+)\s+unreachable=(?P<unreachable>\d+)\s+"
    r"failed=(?P<failed>\d+)\s+skipped=(?P<skipped>\d+)\s+rescued=(?P<rescued>\d+)\s+ignored=(?P<ignored>\d+)",
    re.MULTILINE,
)
MUTATING_METHODS = frozenset(("POST", "PUT", "PATCH", "DELETE"))


class PlaybookRun:
    """The outcome of one ansible-playbook run: exit code, output, and the PLAY RECAP counts of localhost."""

    def __init__(self, returncode, output):
        self.returncode = returncode
        self.output = output
        found = RECAP.findall(output)
        keys = ("host", "ok", "changed", "unreachable", "failed", "skipped", "rescued", "ignored")
        self.recap = {key: int(value) for key, value in zip(keys[1:], found[-1][1:])} if found else None

    def summary(self):
        return "exit %s, recap %s\n%s" % (self.returncode, self.recap, self.output[-6000:])


# Environment variables through which a cloud's credentials could reach a module without the test giving them.
CREDENTIAL_ENV_PREFIXES = ("AWS_", "EXOSCALE_", "OSC_", "OUTSCALE_", "SCP_", "HUAWEICLOUD_", "HW_", "OKS_", "SKE_")


def playbook_environment(extra=None, home=None):
    env = {name: value for name, value in os.environ.items() if not name.startswith(CREDENTIAL_ENV_PREFIXES)}
    if home is not None:
        env["HOME"] = str(home)  # no vendor configuration file (~/.aws, ~/.config/exoscale...) is found
    env.update(
        {
            "ANSIBLE_COLLECTIONS_PATH": str(ROOT / "build"),
            "ANSIBLE_RETRY_FILES_ENABLED": "false",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "PATH": "%s:%s" % (VENV_BIN, env.get("PATH", "")),
        }
    )
    env.pop("ANSIBLE_CONFIG", None)
    env.update(extra or {})
    return env


def run_playbook(playbook, variables, extra_env=None, verbosity=0, timeout=900, cwd=None, umask=None):
    """Run a playbook on localhost with the venv's Python; variables go in a JSON file passed with -e @."""
    workdir = pathlib.Path(cwd or variables.get("flow_dir") or ROOT / "build" / "reliability")
    workdir.mkdir(parents=True, exist_ok=True)
    variables_file = workdir / "variables.json"
    variables_file.write_text(json.dumps(variables), encoding="utf-8")
    command = [
        str(VENV_BIN / "ansible-playbook"),
        "-i",
        "localhost,",
        "-c",
        "local",
        "-e",
        "ansible_python_interpreter=%s" % (VENV_BIN / "python"),
        "-e",
        "@%s" % variables_file,
        str(playbook),
    ]
    if verbosity:
        command.append("-" + "v" * verbosity)
    completed = subprocess.run(
        command,
        cwd=str(workdir),
        env=playbook_environment(extra_env, home=workdir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=timeout,
        check=False,
        preexec_fn=None if umask is None else (lambda: os.umask(umask)),
    )
    return PlaybookRun(completed.returncode, completed.stdout.decode("utf-8", "replace"))


def flow_variables(url, flow_dir, state):
    return {"mockcloud_url": url, "mockcloud_credentials": CREDENTIALS, "flow_dir": str(flow_dir), "flow_state": state}


NAME_FIELDS = ("name", "nodegroupName", "cluster_name", "clusterName")


def record_name(record):
    return next((record[field] for field in NAME_FIELDS if isinstance(record.get(field), str)), None)


def live_records(store):
    """{(cloud, kind): [names]} of the records the emulator still holds (soft-deleted ones left out)."""
    found = {}
    for cloud, kinds in store.items():
        for kind, records in kinds.items():
            for record in records:
                name = record_name(record) if isinstance(record, dict) and not record.get("_deleted") else None
                if name is None:
                    continue
                found.setdefault((cloud, kind), []).append(name)
                for pool in record.get("nodepools") or ():
                    if isinstance(pool, dict) and "name" in pool:
                        found.setdefault((cloud, "nodepools"), []).append(pool["name"])
    return found


def mutating_calls(log_entries):
    return [entry for entry in log_entries if entry["method"] in MUTATING_METHODS]


RECORDED_SECTIONS = []


def record_figures(section, figures):
    """Keep a section of figures in build/reliability/figures/SECTION.json (printed at the end of the run)."""
    FIGURES_DIR.mkdir(parents=True, exist_ok=True)
    (FIGURES_DIR / ("%s.json" % section)).write_text(
        json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    if section not in RECORDED_SECTIONS:
        RECORDED_SECTIONS.append(section)


def all_figures(sections=None):
    """{section: figures} of every section recorded (or of the given ones)."""
    if not FIGURES_DIR.is_dir():
        return {}
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(FIGURES_DIR.glob("*.json"))
        if sections is None or path.stem in sections
    }


def connection_defaults(url, credentials=None, **common):
    """module_defaults for the five clouds' action groups, pointing at an emulator."""
    creds = credentials or CREDENTIALS
    clouds = {
        "oks": {
            "endpoint": url + "/oks/api/v2",
            "access_key": creds["oks"]["access_key"],
            "secret_key": creds["oks"]["secret_key"],
        },
        "sks": {
            "endpoint": url + "/sks/v2",
            "api_key": creds["sks"]["api_key"],
            "api_secret": creds["sks"]["api_secret"],
            "zone": "ch-gva-2",
        },
        "eks": {
            "endpoint": url + "/eks",
            "access_key": creds["eks"]["access_key"],
            "secret_key": creds["eks"]["secret_key"],
            "region": "us-east-1",
        },
        "ske": {
            "endpoint": url + "/ske",
            "access_key": creds["ske"]["access_key"],
            "secret_key": creds["ske"]["secret_key"],
            "account_id": creds["ske"]["account_id"],
        },
        "huawei": {
            "endpoint": url + "/huawei",
            "access_key": creds["huawei"]["access_key"],
            "secret_key": creds["huawei"]["secret_key"],
            "project_id": creds["huawei"]["project_id"],
        },
    }
    return {"group/managedk8s.clusters.%s" % cloud: dict(options, **common) for cloud, options in clouds.items()}


def run_cases(workdir, cases, module_defaults, extra_env=None, verbosity=0, umask=None):  # pylint: disable=too-many-locals
    """Run module calls in one playbook, each with ignore_errors; returns (PlaybookRun, [registered result]).

    cases: [{"id": ..., "module": "managedk8s.clusters.x", "args": {...}}, ...]; results come back in that order.
    """
    workdir = pathlib.Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    results_file = workdir / "results.json"
    with_defaults, without_defaults = [], []
    for number, case in enumerate(cases):
        task = {
            "name": "case %d: %s" % (number, case["id"]),
            case["module"]: case["args"],
            "register": "case_%d" % number,
            "ignore_errors": True,
        }
        (without_defaults if case.get("no_defaults") else with_defaults).append(task)
    collect = "[%s]" % ", ".join("case_%d" % number for number in range(len(cases)))
    keep = {
        "name": "Keep the results",
        "ansible.builtin.copy": {"content": "{{ %s | to_json }}" % collect, "dest": str(results_file), "mode": "0600"},
    }
    play = [
        {
            "name": "cases with the connection options",
            "hosts": "localhost",
            "gather_facts": False,
            "module_defaults": module_defaults,
            "tasks": with_defaults,
        },
        {"name": "cases without them", "hosts": "localhost", "gather_facts": False, "tasks": without_defaults + [keep]},
    ]
    playbook = workdir / "cases.yml"
    playbook.write_text(json.dumps(play, indent=1), encoding="utf-8")
    if results_file.exists():
        results_file.unlink()
    run = run_playbook(playbook, {}, extra_env=extra_env, verbosity=verbosity, cwd=workdir, umask=umask)
    results = json.loads(results_file.read_text(encoding="utf-8")) if results_file.exists() else None
    return run, results


if __name__ == "__main__":
    print(json.dumps(all_figures(), indent=2, sort_keys=True))
