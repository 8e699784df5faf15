# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bad input is refused before anything changes: every case of bad_inputs.py fails with a message naming the option
and what is allowed, and the emulator sees no POST, PUT, PATCH or DELETE. All cases run in one playbook."""

from __future__ import annotations

import json

from bad_inputs import CASES, MISSING_CREDENTIALS
from harness import connection_defaults, mutating_calls, record_figures, run_cases

GOOD_KUBECONFIG = """apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://203.0.113.10:6443"}}]
users: [{name: c, user: {token: placeholder}}]
contexts: [{name: c, context: {cluster: c, user: c}}]
current-context: c
"""


def materialise(value, placeholders):
    """The case's arguments with each {{ placeholder }} replaced by its value."""
    text = json.dumps(value)
    for name, replacement in placeholders.items():
        text = text.replace("{{ %s }}" % name, json.dumps(str(replacement))[1:-1])
    return json.loads(text)


def seeded_placeholders(emulator, directory):
    """Seed one resource per cloud (through the admin API, which is not logged) for the cases to refer to."""
    oks = emulator.admin.seed("oks", count=1)["seeded"]
    return {
        "bad_input_dir": directory,
        "kubeconfig": GOOD_KUBECONFIG,
        "oks_project_id": oks["projects"][0],
        "oks_cluster_id": oks["clusters"][0],
        "sks_cluster_id": emulator.admin.seed("sks", count=1)["seeded"][0],
        "ske_cluster_id": emulator.admin.seed("ske", count=1)["seeded"][0],
        "eks_cluster_name": emulator.admin.seed("eks", count=1, prefix="bad-input")["seeded"]["names"][0],
    }


def all_cases(emulator_url, placeholders):
    cases = [
        {"id": case_id, "module": module, "args": materialise(args, placeholders), "expect": expect}
        for case_id, module, args, expect in CASES
    ]
    for case_id, module, path, args, expect in MISSING_CREDENTIALS:
        cases.append(
            {
                "id": case_id,
                "module": module,
                "args": dict(materialise(args, placeholders), endpoint=emulator_url + path),
                "expect": expect,
                "no_defaults": True,
            }
        )
    return cases


def problem_with(case, result):
    if not result.get("failed"):
        return "%s: did not fail: %s" % (case["id"], result)
    message = str(result.get("msg", ""))
    missing = [word for word in case["expect"] if word.lower() not in message.lower()]
    if missing:
        return "%s: message lacks %s: %s" % (case["id"], missing, message)
    return None


def test_bad_inputs_are_refused_before_any_change(emulator, tmp_path):
    (tmp_path / "not-yaml.yaml").write_text("clusters: [unclosed\n  - {name: : :", encoding="utf-8")
    (tmp_path / "good.yaml").write_text(GOOD_KUBECONFIG, encoding="utf-8")
    cases = all_cases(emulator.url, seeded_placeholders(emulator, tmp_path))
    assert len(cases) >= 60
    emulator.admin.clear_log()

    run, results = run_cases(tmp_path, cases, connection_defaults(emulator.url))
    assert results is not None and len(results) == len(cases), run.summary()
    writes = mutating_calls(emulator.admin.log())
    problems = [problem for problem in (problem_with(case, result) for case, result in zip(cases, results)) if problem]
    record_figures(
        "bad_inputs",
        {
            "cases": len(cases),
            "rejected": sum(1 for result in results if result.get("failed")),
            "rejected_with_a_clear_message": len(cases) - len(problems),
            "mutating_calls": len(writes),
            "calls": len(emulator.admin.log()),
        },
    )
    assert not problems, "\n".join(problems)
    assert writes == [], writes
