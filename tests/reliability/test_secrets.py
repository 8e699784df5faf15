# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""No secret in any output: the flow at -vvvv with ANSIBLE_DEBUG=1, diff mode and a log file, then failing tasks on
every cloud (wrong secrets, refused changes with diff, an image-repository password). Every secret the run used or
received (credentials, passwords, the kubeconfigs' tokens and private keys) is searched for in the output, the log
file and the returned results: zero hits.

One line is left out of the search: ansible-core's own ANSIBLE_DEBUG line "done with _execute_module (module, {args})"
(lib/ansible/plugins/action/__init__.py) prints every module's raw arguments, no_log or not; Ansible documents that
ANSIBLE_DEBUG output can hold secrets despite no_log. No module or plugin of the collection can change that line; the
test counts those lines and checks that nothing else shows a secret."""

from __future__ import annotations

import base64
import json

import yaml
from harness import CREDENTIALS, HERE, connection_defaults, flow_variables, record_figures, run_cases, run_playbook

SECRET_FIELDS = ("secret_key", "api_secret", "password")
IDENTIFIERS = ("access_key", "api_key", "account_id", "project_id", "username")
WRONG = {
    "oks": "oks-wrong-secret-for-the-scan-0001",
    "oks_password": "oks-wrong-password-for-the-scan-0001",
    "sks": "sks-wrong-secret-for-the-scan-0001",
    "eks": "eks-wrong-secret-for-the-scan-0001",
    "ske": "ske-wrong-secret-for-the-scan-0001",
    "huawei": "huawei-wrong-secret-for-the-scan-0001",
    "registry": "hss-registry-password-for-the-scan-0001",
}
M = "managedk8s.clusters."
DEBUG_ENV = {"ANSIBLE_DEBUG": "1", "ANSIBLE_DIFF_ALWAYS": "1"}
CORE_DEBUG_OF_ARGUMENTS = "done with _execute_module ("


def failing_cases(url, flow_dir):
    return [
        {"id": "oks wrong secret", "module": M + "oks_project_info", "args": {"secret_key": WRONG["oks"]}},
        {
            "id": "oks wrong password",
            "module": M + "oks_project_info",
            "no_defaults": True,
            "args": {
                "endpoint": url + "/oks/api/v2",
                "username": CREDENTIALS["oks"]["username"],
                "password": WRONG["oks_password"],
            },
        },
        {
            "id": "oks refused change",
            "module": M + "oks_cluster",
            "args": {"project_name": "rel-oks-project", "name": "rel-oks", "cidr_pods": "10.200.0.0/16"},
        },
        {"id": "sks wrong secret", "module": M + "sks_cluster_info", "args": {"api_secret": WRONG["sks"]}},
        {
            "id": "sks refused change",
            "module": M + "sks_cluster",
            "args": {"name": "rel-sks", "level": "starter", "cni": "cilium"},
        },
        {"id": "eks wrong secret", "module": M + "eks_cluster_info", "args": {"secret_key": WRONG["eks"]}},
        {"id": "eks refused change", "module": M + "eks_cluster", "args": {"name": "rel-eks", "version": "1.29"}},
        {"id": "ske wrong secret", "module": M + "ske_cluster_info", "args": {"secret_key": WRONG["ske"]}},
        {
            "id": "huawei wrong secret",
            "module": M + "huawei_multicloud_cluster_info",
            "args": {"secret_key": WRONG["huawei"]},
        },
        {
            "id": "huawei refused change with a registry password",
            "module": M + "huawei_multicloud_cluster",
            "args": {
                "name": "rel-hss",
                "provider": "aws",
                "kubeconfig_path": str(flow_dir / "sks.yaml"),
                "image_repo": "swr.example.com",
                "image_repo_username": "robot",
                "image_repo_password": WRONG["registry"],
            },
        },
    ]


def kubeconfig_secrets(directory):
    """Tokens, passwords and private keys of the kubeconfigs the flow wrote, raw and decoded."""
    found = []
    for path in sorted(directory.glob("*.yaml")):
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for user in config.get("users") or []:
            body = user.get("user") or {}
            for key in ("token", "password", "client-key-data"):
                if body.get(key):
                    found.append(body[key])
            if body.get("client-key-data"):
                pem = base64.b64decode(body["client-key-data"]).decode("ascii")
                found.extend(line for line in pem.splitlines() if line and not line.startswith("-----"))
    return found


def credential_secrets():
    return [value for fields in CREDENTIALS.values() for key, value in fields.items() if key in SECRET_FIELDS]


def without_core_argument_lines(text):
    """text without ansible-core's debug lines of raw module arguments; and how many were taken out."""
    lines = text.splitlines()
    kept = [line for line in lines if CORE_DEBUG_OF_ARGUMENTS not in line]
    return "\n".join(kept), len(lines) - len(kept)


def hits(secrets, texts):
    return sorted({secret[:6] + "..." for secret in secrets for text in texts if secret and secret in text})


def test_no_secret_reaches_any_output(emulator, tmp_path):
    flow_dir, log_file = tmp_path / "flow", tmp_path / "ansible.log"
    env = dict(DEBUG_ENV, ANSIBLE_LOG_PATH=str(log_file))
    flow = run_playbook(
        HERE / "flow.yml", flow_variables(emulator.url, flow_dir, "present"), extra_env=env, verbosity=4
    )
    assert flow.recap and flow.recap["failed"] == 0, flow.summary()

    cases = failing_cases(emulator.url, flow_dir)
    run, results = run_cases(tmp_path / "failing", cases, connection_defaults(emulator.url), extra_env=env, verbosity=4)
    assert results is not None, run.summary()
    unexpected = [case["id"] for case, result in zip(cases, results) if not result.get("failed")]
    assert not unexpected, "these tasks were meant to fail: %s" % unexpected

    secrets = credential_secrets() + list(WRONG.values()) + kubeconfig_secrets(flow_dir)
    raw = [flow.output, run.output, json.dumps(results), log_file.read_text(encoding="utf-8", errors="replace")]
    (tmp_path / "flow-output.txt").write_text(flow.output, encoding="utf-8")
    (tmp_path / "failing-output.txt").write_text(run.output, encoding="utf-8")
    texts, core_lines = zip(*(without_core_argument_lines(text) for text in raw))
    identifiers = [value for fields in CREDENTIALS.values() for key, value in fields.items() if key in IDENTIFIERS]
    found = hits(secrets, texts)
    record_figures(
        "secrets",
        {
            "secret_values_searched": len(secrets),
            "bytes_searched": sum(len(text) for text in texts),
            "failing_tasks": len(cases),
            "secrets_found": len(found),
            "public_identifiers_seen": len(hits(identifiers, texts)),
            "ansible_core_debug_argument_lines_left_out": sum(core_lines),
        },
    )
    assert len(kubeconfig_secrets(flow_dir)) >= 3, "the flow wrote no kubeconfig credentials to search for"
    assert "managedk8s.clusters" in texts[3], "the log file is empty: nothing was searched there"
    assert not found, "secrets found in the output (kept in %s): %s" % (tmp_path, found)
