# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""EKS kubeconfigs built from DescribeCluster: the exec user, the bearer token, delivery and refusals."""

from __future__ import annotations

import base64
import datetime
import os
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ResourceError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.kubeconfig import deliver
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks import kubeconfig as eks_kubeconfig

ARN = "arn:aws:eks:eu-west-1:123456789012:cluster/c1"
CLUSTER = {
    "name": "c1",
    "arn": ARN,
    "status": "ACTIVE",
    "endpoint": "https://ABC.gr7.eu-west-1.eks.amazonaws.com",
    "certificateAuthority": {"data": "Q0FEQVRB"},
}


class FakeClient:
    region = "eu-west-1"

    def __init__(self, cluster="active", profile=None, session_token=None):
        self.cluster = dict(CLUSTER) if cluster == "active" else cluster
        self.profile = profile
        self.signing_credentials = ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", session_token)
        self.describes = 0

    def describe_cluster(self, name):
        self.describes += 1
        return self.cluster


def test_exec_user_runs_aws_eks_get_token_with_region_and_profile():
    assert eks_kubeconfig.exec_user("c1", "eu-west-1") == {
        "exec": {
            "apiVersion": "client.authentication.k8s.io/v1beta1",
            "command": "aws",
            "args": ["--region", "eu-west-1", "eks", "get-token", "--cluster-name", "c1", "--output", "json"],
        }
    }
    assert eks_kubeconfig.exec_user("c1", "eu-west-1", "prod")["exec"]["env"] == [
        {"name": "AWS_PROFILE", "value": "prod"}
    ]


def test_every_name_is_the_cluster_arn():
    config = eks_kubeconfig.kubeconfig(CLUSTER, {"token": "t"})
    assert config["current-context"] == ARN
    assert [entry["name"] for section in ("clusters", "users", "contexts") for entry in config[section]] == [ARN] * 3
    assert config["clusters"][0]["cluster"] == {"server": CLUSTER["endpoint"], "certificate-authority-data": "Q0FEQVRB"}
    assert config["contexts"][0]["context"] == {"cluster": ARN, "user": ARN}


def decode_token(token):
    assert token.startswith("k8s-aws-v1.")
    encoded = token[len("k8s-aws-v1.") :]
    return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("ascii")


def test_token_mode_writes_a_presigned_get_caller_identity_url():
    config = yaml.safe_load(eks_kubeconfig.fetcher(FakeClient(session_token="SESSION"), "c1", "token")())
    url = urlsplit(decode_token(config["users"][0]["user"]["token"]))
    query = parse_qs(url.query)
    assert url.netloc == "sts.eu-west-1.amazonaws.com"
    assert query["Action"] == ["GetCallerIdentity"] and query["X-Amz-Expires"] == ["60"]
    assert query["X-Amz-SignedHeaders"] == ["host;x-k8s-aws-id"]
    assert query["X-Amz-Security-Token"] == ["SESSION"]
    assert query["X-Amz-Credential"][0].startswith("AKIDEXAMPLE/")
    assert "exec" not in config["users"][0]["user"]


@pytest.mark.parametrize(
    "cluster, message",
    [
        (None, "does not exist in eu-west-1"),
        (
            dict(CLUSTER, status="CREATING", endpoint=None, certificateAuthority={}),
            "is CREATING and has no API endpoint",
        ),
    ],
)
def test_a_cluster_without_endpoint_is_refused(cluster, message):
    with pytest.raises(ResourceError, match=message):
        eks_kubeconfig.fetcher(FakeClient(cluster), "c1", "exec")()


def test_identity_names_the_profile_only_for_exec():
    assert eks_kubeconfig.identity(FakeClient(profile="p"), "c1", "exec")["profile"] == "p"
    assert "profile" not in eks_kubeconfig.identity(FakeClient(profile="p"), "c1", "token")


def delivery(tmp_path, client, auth, now=None, **params):
    params = dict(
        {
            "dest": str(tmp_path / "config"),
            "force": False,
            "renew_before": 60,
            "return_content": False,
            "mode": "0600",
            "merge": False,
        },
        **params,
    )
    return deliver(
        params,
        eks_kubeconfig.identity(client, "c1", auth),
        eks_kubeconfig.fetcher(client, "c1", auth),
        ttl=eks_kubeconfig.TOKEN_TTL if auth == "token" else None,
        now=now,
    )


def test_exec_kubeconfig_is_written_once_then_kept_without_api_calls(tmp_path):
    client = FakeClient()
    first = delivery(tmp_path, client, "exec")
    second = delivery(tmp_path, client, "exec")
    assert first["changed"] and not second["changed"]
    assert client.describes == 1
    assert oct(os.stat(tmp_path / "config").st_mode & 0o777) == "0o600"
    assert first["kubeconfig"]["context"] == ARN and first["kubeconfig"]["expires"] is None


def test_token_kubeconfig_records_its_expiry_and_is_renewed_near_it(tmp_path):
    client = FakeClient()
    first = delivery(tmp_path, client, "token")
    assert first["kubeconfig"]["expires"]
    assert not delivery(tmp_path, client, "token")["changed"]
    # renew_before is capped at half the token's life (core.kubeconfig.renew_window): renewal comes near the expiry
    near_expiry = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(
        seconds=eks_kubeconfig.TOKEN_TTL - 30
    )
    renewed = delivery(tmp_path, client, "token", now=near_expiry)
    assert renewed["changed"] and "expires" in renewed["reason"]
    switched = delivery(tmp_path, client, "exec")
    assert switched["changed"] and client.describes == 3
