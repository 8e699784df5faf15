# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Each cloud's declaration (<cloud>/cloud.py) against what the core and the doc fragments expect of it."""

from __future__ import annotations

import importlib
import json
import re

import pytest
import yaml
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.testing import patch_module_args
from ansible.utils.plugin_docs import merge_fragment

from ansible_collections.managedk8s.clusters.plugins.module_utils.core import options
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.cloud import Cloud
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.http import HttpClient

NAMES = ("oks", "sks", "eks", "ske", "huawei")
CLOUDS = {
    name: importlib.import_module("ansible_collections.managedk8s.clusters.plugins.module_utils.%s.cloud" % name).CLOUD
    for name in NAMES
}

SECRET_OPTIONS = {
    "oks": {"secret_key", "password", "access_token", "refresh_token", "otp_code"},
    "sks": {"api_secret"},
    "eks": {"secret_key", "session_token"},
    "ske": {"secret_key", "auth_token"},
    "huawei": {"secret_key", "security_token", "auth_token"},
}
COMMON = {"endpoint", "validate_certs", "ca_path", "request_timeout", "retries"}
# validate-modules wants an explicit no_log on every option whose name looks like a secret
LOOKS_SECRET = re.compile(r"(?:pass(?!ive)|secret|token|key)", re.I)


def fragment(name, section="DOCUMENTATION"):
    module = importlib.import_module("ansible_collections.managedk8s.clusters.plugins.doc_fragments.%s" % name)
    return yaml.safe_load(getattr(module.ModuleDocFragment, section))


def documented_options(*names):
    """The options of the fragments merged the way ansible-doc merges them, in extends_documentation_fragment order."""
    merged = {}
    for name in names:
        merge_fragment(merged, fragment(name)["options"])
    return merged


def assert_doc_matches_spec(docs, spec):
    assert set(docs) == set(spec)
    for name, opts in spec.items():
        doc = docs[name]
        assert doc["type"] == opts.get("type", "str"), name
        assert doc.get("default") == opts.get("default"), name
        assert sorted(doc.get("aliases", [])) == sorted(opts.get("aliases", [])), name
        assert bool(doc.get("required", False)) == bool(opts.get("required", False)), name
        assert doc.get("choices") == opts.get("choices"), name
        assert "no_log" not in doc, name
        assert doc["description"], name


@pytest.mark.parametrize("cloud", NAMES)
def test_connection_spec_has_the_common_options_and_the_cloud_credentials(cloud):
    spec = options.connection_argument_spec(CLOUDS[cloud])
    assert COMMON <= set(spec)
    assert spec["validate_certs"] == {"type": "bool", "default": True}
    assert spec["request_timeout"] == {"type": "int", "default": 30}
    assert spec["retries"] == {"type": "int", "default": 5}
    assert spec["ca_path"] == {"type": "path", "aliases": ["ca_bundle"]}
    assert SECRET_OPTIONS[cloud] <= set(spec)


@pytest.mark.parametrize("cloud", NAMES)
def test_secrets_are_no_log_and_credentials_have_no_default_nor_fallback(cloud):
    spec = options.connection_argument_spec(CLOUDS[cloud])
    for name, opts in spec.items():
        assert "fallback" not in opts, name
        if name in SECRET_OPTIONS[cloud]:
            assert opts["no_log"] is True, name
            assert "default" not in opts, name
        if LOOKS_SECRET.search(name):
            assert "no_log" in opts, name
    credential_names = set(spec) - COMMON - {"api_version"}
    assert all("default" not in spec[name] for name in credential_names)


@pytest.mark.parametrize("cloud", NAMES)
def test_each_call_returns_a_new_spec(cloud):
    first = options.connection_argument_spec(CLOUDS[cloud])
    first["endpoint"]["default"] = "changed"
    first.setdefault("profile", {})["aliases"] = ["x"]
    first["ca_path"]["aliases"].append("other")
    second = options.connection_argument_spec(CLOUDS[cloud])
    assert "default" not in second["endpoint"]
    assert second["ca_path"]["aliases"] == ["ca_bundle"]
    assert second.get("profile", {}).get("aliases") in (None, ["aws_profile"])


def test_only_eks_gives_endpoint_aliases():
    assert options.connection_argument_spec(CLOUDS["eks"])["endpoint"]["aliases"] == [
        "endpoint_url",
        "aws_endpoint_url",
    ]
    for cloud in ("oks", "sks", "ske", "huawei"):
        assert "aliases" not in options.connection_argument_spec(CLOUDS[cloud])["endpoint"]


def test_eks_credentials_take_the_aws_names_as_aliases():
    spec = options.connection_argument_spec(CLOUDS["eks"])
    assert spec["access_key"]["aliases"] == ["aws_access_key_id"]
    assert spec["secret_key"]["aliases"] == ["aws_secret_access_key"]
    assert spec["session_token"]["aliases"] == ["aws_session_token"]
    assert spec["profile"]["aliases"] == ["aws_profile"]
    assert spec["region"]["aliases"] == ["aws_region"]


def test_ske_api_version_is_a_plain_string_with_a_default():
    spec = options.connection_argument_spec(CLOUDS["ske"])
    assert spec["api_version"] == {"type": "str", "default": "ske 1.3"}


def test_each_folder_declares_its_cloud():
    for name, cloud in CLOUDS.items():
        assert isinstance(cloud, Cloud) and cloud.name == name and cloud.title
        assert callable(cloud.client_factory) and callable(cloud.error_parser)


@pytest.mark.parametrize("cloud", NAMES)
def test_constraints_name_only_known_options(cloud):
    spec = options.connection_argument_spec(CLOUDS[cloud])
    constraints = CLOUDS[cloud].constraints()
    for group in constraints["required_together"] + constraints["mutually_exclusive"]:
        assert set(group) <= set(spec)
    for name, needed in constraints["required_by"].items():
        assert name in spec and set(needed) <= set(spec)
    constraints["required_together"].append(["changed"])
    assert ["changed"] not in CLOUDS[cloud].constraints()["required_together"]


def build_module(cloud, args):
    with patch_module_args(args):
        return AnsibleModule(
            argument_spec=options.connection_argument_spec(CLOUDS[cloud]),
            **CLOUDS[cloud].constraints(),
        )


def run_module(cloud, args, capsys):
    """AnsibleModule's parse result: its params, or the message it failed with."""
    try:
        return build_module(cloud, args).params
    except SystemExit:
        return json.loads(capsys.readouterr().out)["msg"]


def test_ansible_module_accepts_the_eks_aliases(capsys):
    params = run_module(
        "eks", {"aws_access_key_id": "AKIA", "aws_secret_access_key": "s", "aws_region": "eu-west-1"}, capsys
    )
    assert params["access_key"] == "AKIA" and params["secret_key"] == "s" and params["region"] == "eu-west-1"
    assert params["validate_certs"] is True and params["request_timeout"] == 30


# Secret values are long and distinct: AnsibleModule masks every no_log value wherever it appears in its messages.
@pytest.mark.parametrize(
    "cloud, args, words",
    [
        ("oks", {"access_key": "AKOKS"}, "access_key"),
        ("oks", {"username": "alice"}, "password"),
        (
            "oks",
            {"access_key": "AKOKS", "secret_key": "SECRETVALUE1", "username": "alice", "password": "SECRETVALUE2"},
            "mutually exclusive",
        ),
        ("oks", {"profile": "prod", "access_key": "AKOKS", "secret_key": "SECRETVALUE1"}, "mutually exclusive"),
        ("oks", {"refresh_token": "SECRETVALUE3"}, "access_token"),
        ("sks", {"api_key": "EXOKEY"}, "api_secret"),
        ("eks", {"secret_key": "SECRETVALUE1"}, "access_key"),
        ("eks", {"session_token": "SECRETVALUE3"}, "access_key"),
        ("eks", {"profile": "prod", "access_key": "AKIAX", "secret_key": "SECRETVALUE1"}, "mutually exclusive"),
        ("ske", {"access_key": "AKSCP"}, "secret_key"),
        (
            "huawei",
            {"access_key": "AKHW", "secret_key": "SECRETVALUE1", "auth_token": "SECRETVALUE3"},
            "mutually exclusive",
        ),
        ("huawei", {"security_token": "SECRETVALUE3"}, "access_key"),
    ],
)
def test_ansible_module_enforces_the_constraints(cloud, args, words, capsys):
    message = run_module(cloud, args, capsys)
    assert isinstance(message, str), "the module accepted %r" % args
    assert words in message


@pytest.mark.parametrize("cloud", NAMES)
@pytest.mark.parametrize("cloud_first", [True, False])
def test_doc_fragments_document_exactly_the_argument_spec(cloud, cloud_first):
    order = (cloud, "common") if cloud_first else ("common", cloud)
    assert_doc_matches_spec(documented_options(*order), options.connection_argument_spec(CLOUDS[cloud]))


@pytest.mark.parametrize("cloud", NAMES)
def test_cloud_fragment_describes_the_cloud_endpoint_and_the_secrets(cloud):
    docs = fragment(cloud)["options"]
    assert "endpoint" in docs
    text = " ".join(docs["endpoint"]["description"])
    assert "https://" in text
    for name in SECRET_OPTIONS[cloud]:
        assert "secret" in " ".join(docs[name]["description"]).lower(), name


@pytest.mark.parametrize(
    "cloud, env_vars",
    [
        (
            "oks",
            [
                "OSC_ACCESS_KEY",
                "OKS_ACCESS_KEY",
                "OSC_CONFIG_FILE",
                "OSC_REGION",
                "OSC_PROFILE",
                "OSC_ENDPOINT_OKS",
                "OKS_OTP_CODE",
            ],
        ),
        ("sks", ["EXOSCALE_API_KEY", "EXOSCALE_ZONE", "EXOSCALE_ACCOUNT", "EXOSCALE_CONFIG", "EXOSCALE_API_ENDPOINT"]),
        (
            "eks",
            [
                "AWS_ACCESS_KEY_ID",
                "AWS_PROFILE",
                "AWS_REGION",
                "AWS_DEFAULT_REGION",
                "AWS_ENDPOINT_URL",
                "AWS_SHARED_CREDENTIALS_FILE",
            ],
        ),
        ("ske", ["SCP_ACCESS_KEY", "SCP_TF_ACCESS_KEY", "SCP_ACCOUNT_ID", "SCP_ENDPOINT", "SCP_TF_ENDPOINT_OVERRIDE"]),
        (
            "huawei",
            ["HUAWEICLOUD_SDK_AK", "HW_ACCESS_KEY", "HW_AUTH_TOKEN", "HUAWEICLOUD_SDK_PROJECT_ID", "HW_REGION_NAME"],
        ),
    ],
)
def test_cloud_fragment_names_the_environment_variables(cloud, env_vars):
    text = json.dumps(fragment(cloud))
    for name in env_vars:
        assert "E(%s)" % name in text, name


def test_wait_fragment_documents_the_wait_spec():
    assert_doc_matches_spec(fragment("wait")["options"], options.wait_argument_spec())
    assert options.wait_argument_spec(1800)["wait_timeout"]["default"] == 1800


def test_kubeconfig_fragment_documents_the_kubeconfig_spec():
    assert_doc_matches_spec(fragment("kubeconfig")["options"], options.kubeconfig_argument_spec())
    assert options.kubeconfig_argument_spec()["mode"]["default"] == "0600"


@pytest.fixture(name="example_emulator")
def fixture_example_emulator(start_mockcloud, monkeypatch):
    pytest.importorskip("flask")
    from mockcloud.testing import example_cloud  # pylint: disable=import-outside-toplevel

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")

    return start_mockcloud(extra_clouds=[example_cloud()], discover=False)


@pytest.mark.parametrize(
    "cloud, shape, status, code, message, request_id",
    [
        ("oks", "oks_detail", 422, "ValidationError", "name: field required", None),
        ("oks", "oks_errors", 409, "ResourceConflict", "the project is already deleted", "req-oks-1"),
        ("sks", "exoscale", 404, None, "SKS cluster not found", "req-sks-1"),
        ("eks", "eks", 404, "ResourceNotFoundException", "No cluster found for name: c1.", "req-eks-1"),
        ("ske", "ske", 400, "InvalidParameter", "name is invalid", None),
        ("huawei", "huawei", 400, "HSS.1001", "invalid parameter", "req-hw-1"),
        ("huawei", "huawei_camel", 403, "APIGW.0301", "Incorrect IAM authentication information", None),
    ],
)
def test_each_cloud_parses_its_vendor_error_shape(example_emulator, cloud, shape, status, code, message, request_id):
    client = HttpClient(
        example_emulator.cloud_url("example"), error_parser=CLOUDS[cloud].error_parser, sleep=lambda _seconds: None
    )
    with pytest.raises(ApiError) as caught:
        client.get("/errors/" + shape)
    error = caught.value
    assert (error.status, error.code, error.message, error.request_id) == (status, code, message, request_id)
    assert error.method == "GET" and error.url.endswith("/errors/" + shape)
