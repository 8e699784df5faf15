# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""TLS: against the emulator over HTTPS with a test CA, every cloud's module refuses the unknown CA by default,
accepts it given ca_path, and with validate_certs=false works but warns. No code under plugins/ turns validation
off by itself."""

from __future__ import annotations

import pathlib
import re

import pytest
from harness import ROOT, connection_defaults, record_figures, run_cases

pytest.importorskip("trustme")

INFO_MODULES = {
    "oks": "managedk8s.clusters.oks_project_info",
    "sks": "managedk8s.clusters.sks_cluster_info",
    "eks": "managedk8s.clusters.eks_cluster_info",
    "ske": "managedk8s.clusters.ske_cluster_info",
    "huawei": "managedk8s.clusters.huawei_multicloud_cluster_info",
}
TLS_SETTINGS = {
    "default": {},
    "ca_path": {"ca_path": "{ca}"},
    "no_validation": {"validate_certs": False},
}
# What would turn certificate validation off; http.py turns it off only when the user sets validate_certs=false.
DISABLING = re.compile(
    r"verify\s*=\s*False|CERT_NONE|check_hostname\s*=\s*False|_create_unverified_context|"
    r"validate_certs\s*=\s*False|\"validate_certs\":\s*False|disable_warnings\("
)


@pytest.fixture
def https_emulator(tmp_path):
    from mockcloud.app import create_app  # pylint: disable=import-outside-toplevel
    from mockcloud.testing import RunningEmulator  # pylint: disable=import-outside-toplevel
    from mockcloud.tls import make_tls_context  # pylint: disable=import-outside-toplevel

    ca_file = tmp_path / "ca.pem"
    server = RunningEmulator(create_app({"speed": 20}), ssl_context=make_tls_context(ca_file)).start()
    yield server, ca_file
    server.stop()


def tls_cases(ca_file):
    return [
        {
            "id": "%s %s" % (cloud, setting),
            "cloud": cloud,
            "setting": setting,
            "module": module,
            "args": {key: (str(ca_file) if value == "{ca}" else value) for key, value in options.items()},
        }
        for cloud, module in INFO_MODULES.items()
        for setting, options in TLS_SETTINGS.items()
    ]


def test_unknown_ca_refused_by_default_accepted_with_ca_path_warned_without_validation(https_emulator, tmp_path):
    server, ca_file = https_emulator
    assert server.url.startswith("https://")
    cases = tls_cases(ca_file)
    run, results = run_cases(tmp_path / "run", cases, connection_defaults(server.url))
    assert results is not None, run.summary()

    outcomes = {case["id"]: result for case, result in zip(cases, results)}
    for cloud in INFO_MODULES:
        refused = outcomes["%s default" % cloud]
        assert refused.get("failed") and "TLS" in refused["msg"] and "certificate" in refused["msg"], refused
        trusted = outcomes["%s ca_path" % cloud]
        assert not trusted.get("failed") and not trusted.get("warnings"), trusted
        unverified = outcomes["%s no_validation" % cloud]
        assert not unverified.get("failed"), unverified
        assert any("validation is disabled" in warning for warning in unverified.get("warnings", [])), unverified
    assert "validation is disabled" in run.output  # the warning reaches the user's screen
    record_figures(
        "tls",
        {
            "clouds": len(INFO_MODULES),
            "refused_unknown_ca": sum(1 for cloud in INFO_MODULES if outcomes["%s default" % cloud].get("failed")),
        },
    )


def test_no_plugin_disables_certificate_validation_by_itself():
    offenders = []
    for path in sorted((ROOT / "plugins").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if DISABLING.search(line) and not is_the_users_choice(path, line):
                offenders.append("%s:%d: %s" % (path.relative_to(ROOT), number, line.strip()))
    assert not offenders, "\n".join(offenders)


def is_the_users_choice(path, line):
    """http.py's _disable_tls_validation runs only for validate_certs=false without ca_path (tested above)."""
    return pathlib.Path(path).name == "http.py" and line.strip() == "disable_warnings(InsecureRequestWarning)"


def test_every_cloud_validates_certificates_by_default():
    import importlib  # pylint: disable=import-outside-toplevel

    from ansible_collections.managedk8s.clusters.plugins.module_utils.core.options import connection_argument_spec  # pylint: disable=import-outside-toplevel

    clouds = [
        importlib.import_module("ansible_collections.managedk8s.clusters.plugins.module_utils.%s.cloud" % name).CLOUD
        for name in ("oks", "sks", "eks", "ske", "huawei")
    ]
    assert all(connection_argument_spec(cloud)["validate_certs"]["default"] is True for cloud in clouds)
