# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HSS model: the kubeconfig's facts and fingerprint, the payloads, the output."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core import kubeconfig
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.kubeconfig import KubeconfigError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import redact_text
from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei import model

pytest.importorskip("cryptography")

UTC = datetime.timezone.utc
FIRST = datetime.datetime(2031, 1, 1, tzinfo=UTC)
ROTATED = datetime.datetime(2032, 6, 30, 12, tzinfo=UTC)


def make_kubeconfig(**kwargs):
    from mockcloud.clouds.huawei_kubeconfigs import kubeconfig as make  # pylint: disable=import-outside-toplevel

    return make(**kwargs)


def millis(moment):
    return int(moment.timestamp() * 1000)


# --- payloads --------------------------------------------------------------------------------------------


def test_create_payload_maps_options_and_sends_the_kubeconfig_as_kube_config():
    options = {
        "name": "dc1",
        "provider": "self_built_idc",
        "server": "https://10.0.0.1:6443",
        "image_repo": None,
        "image_repo_password": "pw",
        "dns_policy": "none",
        "dns_config": "10.0.0.10",
        "container_name": "",
        "current_expiration_date": 1,
        "state": "present",
        "kubeconfig": "must not be copied",
    }
    body = model.create_payload(options, "apiVersion: v1\nkind: Config\n")
    assert body == {
        "name": "dc1",
        "provider": "self_built_idc",
        "server": "https://10.0.0.1:6443",
        "image_repo_password": "pw",
        "dns_policy": "none",
        "dns_config": "10.0.0.10",
        "current_expiration_date": 1,
        "kube_config": "apiVersion: v1\nkind: Config\n",
    }


def test_update_payload_names_the_kubeconfig_kubeconfig():
    assert model.update_payload("text", 5) == {"current_expiration_date": 5, "kubeconfig": "text"}
    assert model.update_payload(current_expiration_date=7) == {"current_expiration_date": 7}
    assert "kube_config" not in model.update_payload("text")


def test_cluster_info_uses_option_names_and_adds_iso_times():
    info = model.cluster_info(
        {
            "cluster_id": "c1",
            "cluster_name": "dc1",
            "provider": "aws",
            "status": "connect_success",
            "current_expiration_date": 1909008000000,
            "unknown": "dropped",
        }
    )
    assert info["name"] == "dc1" and info["cluster_id"] == "c1" and "cluster_name" not in info
    assert info["current_expiration_time"] == "2030-06-30T00:00:00Z" and info["certificate_expiration_time"] is None
    assert "unknown" not in info


def test_milliseconds_as_iso():
    assert model.millis_to_iso(1909008000000) == "2030-06-30T00:00:00Z"
    assert model.millis_to_iso(None) is None


# --- kubeconfig facts and fingerprints -------------------------------------------------------------------


def test_facts_of_a_certificate_kubeconfig():
    facts = model.kubeconfig_facts(make_kubeconfig(not_after=FIRST), "kubeconfig")
    assert facts.server == "https://203.0.113.10:6443"
    assert facts.certificate_expiry == facts.credentials_expiry == millis(FIRST)


def test_facts_of_a_token_kubeconfig_stamped_by_the_collection():
    config = kubeconfig.parse(make_kubeconfig(token="a-bearer-token-value"))
    kubeconfig.stamp(config, {"provider": "eks", "expires": "2030-06-30T00:00:00+00:00"})
    facts = model.kubeconfig_facts(kubeconfig.dump(config), "kubeconfig_path /tmp/x")
    assert facts.certificate_expiry is None
    assert facts.credentials_expiry == 1909008000000
    assert redact_text("the token is a-bearer-token-value") == "the token is ********"


def test_the_client_key_and_the_whole_text_become_known_secrets():
    text = make_kubeconfig(not_after=FIRST)
    model.kubeconfig_facts(text, "kubeconfig")
    key_data = [line.split(": ", 1)[1] for line in text.splitlines() if "client-key-data" in line][0]
    assert key_data not in redact_text("leaked %s" % key_data)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "is empty"),
        ("just: text", "is not a kubeconfig"),
        ("{unclosed", "is not valid YAML"),
        ("apiVersion: v1\nkind: Config\nclusters: []\n", "has no context"),
    ],
)
def test_unusable_kubeconfigs_name_their_source(text, fragment):
    with pytest.raises(KubeconfigError) as caught:
        model.kubeconfig_facts(text, "the content of kubeconfig")
    assert str(caught.value).startswith("the content of kubeconfig") and fragment in str(caught.value)


def test_read_kubeconfig_from_a_file_or_fail_naming_the_option(tmp_path):
    path = tmp_path / "cluster.kubeconfig"
    path.write_text(make_kubeconfig(not_after=FIRST), encoding="utf-8")
    assert model.read_kubeconfig({"kubeconfig_path": str(path)}).certificate_expiry == millis(FIRST)
    assert model.read_kubeconfig({}) is None
    with pytest.raises(KubeconfigError, match="^kubeconfig_path: cannot read"):
        model.read_kubeconfig({"kubeconfig_path": str(tmp_path / "missing")})


def test_fingerprints_change_with_the_certificate_and_never_show_the_kubeconfig():
    first = model.credential_fingerprint("https://a:6443", millis(FIRST))
    assert first == model.credential_fingerprint("https://a:6443", millis(FIRST))
    assert first != model.credential_fingerprint("https://a:6443", millis(ROTATED))
    assert first != model.credential_fingerprint("https://b:6443", millis(FIRST))
    assert first.startswith("sha256:") and len(first) == len("sha256:") + 16


# --- kubeconfigs HSS's agent cannot use --------------------------------------------------------------------

EXEC_USER = """
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [--region, us-east-1, eks, get-token, --cluster-name, web]
"""
AUTH_PROVIDER_USER = """
    auth-provider:
      name: oidc
      config: {idp-issuer-url: "https://issuer.example.com"}
"""


def program_kubeconfig(user_block):
    """A kubeconfig whose current user gets its credentials from a program, not from the file."""
    text = make_kubeconfig(token="unused")
    return text.replace("    token: unused\n", user_block.lstrip("\n"))


@pytest.mark.parametrize(
    "user_block, words",
    [
        (EXEC_USER, ["runs the command 'aws'"]),
        (AUTH_PROVIDER_USER, ["gets its credentials from auth-provider"]),
    ],
)
def test_kubeconfigs_whose_user_runs_a_program_are_refused_naming_what_to_register(user_block, words):
    with pytest.raises(KubeconfigError) as caught:
        model.kubeconfig_facts(program_kubeconfig(user_block), "kubeconfig_path /tmp/eks.yaml")
    message = str(caught.value)
    assert message.startswith("kubeconfig_path /tmp/eks.yaml cannot be registered")
    assert all(word in message for word in words), message
    assert "client certificate" in message and "token" in message and "service account" in message


def test_only_the_current_user_matters():
    text = make_kubeconfig(not_after=FIRST) + "- name: other\n  user:\n" + EXEC_USER.lstrip("\n")
    assert model.kubeconfig_facts(text, "kubeconfig").certificate_expiry == millis(FIRST)
