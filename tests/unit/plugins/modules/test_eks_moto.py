# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""eks_cluster and eks_cluster_info against moto, an independent EKS emulator (moto.server on a free loopback port).

moto makes clusters ACTIVE at once, ignores signatures and has no version upgrades; what it checks is that the
modules speak EKS as someone else implemented it: create, an idempotent re-run, tag updates, info, delete.
"""

from __future__ import annotations

import json

import pytest

moto_server = pytest.importorskip("moto.server")

from ansible.module_utils.testing import patch_module_args  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.managedk8s.clusters.plugins.modules import eks_cluster, eks_cluster_info  # noqa: E402

ROLE = "arn:aws:iam::123456789012:role/moto-eks"


@pytest.fixture
def moto_endpoint():
    # Port 0: a fixed port is taken when the units of both ansible-cores run side by side, and moto's start() then
    # waits forever for a server thread that died on the bind.
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield "http://%s:%d" % (host, port)
    finally:
        server.stop()


def run_module(module, args, capsys):
    """The module's result: what main() printed before exiting."""
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def run(moto_endpoint, capsys, monkeypatch):
    for variable in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_EKS", "AWS_URL"):
        monkeypatch.delenv(variable, raising=False)

    def runner(module, **args):
        connection = {
            "endpoint": moto_endpoint,
            "access_key": "AKIAMOTO000000000000",
            "secret_key": "moto-secret-key",
            "region": "us-east-1",
        }
        return run_module(module, dict(connection, **args), capsys)

    return runner


# The whole lifecycle in one test: moto keeps its clusters per process, whatever server serves them.
def test_cluster_lifecycle_against_moto(run):
    options = {
        "name": "moto-c1",
        "version": "1.30",
        "role_arn": ROLE,
        "subnets": ["subnet-1", "subnet-2"],
        "tags": {"team": "a", "env": "test"},
        "wait_timeout": 30,
    }

    planned = run(eks_cluster, _ansible_check_mode=True, **options)
    assert planned["changed"] is True
    assert run(eks_cluster_info, name="moto-c1")["clusters"] == []

    created = run(eks_cluster, **options)
    assert created.get("failed") is not True, created.get("msg")
    assert created["changed"] is True
    assert created["cluster"]["status"] == "ACTIVE"
    assert created["cluster"]["arn"] == "arn:aws:eks:us-east-1:123456789012:cluster/moto-c1"
    assert created["cluster"]["tags"] == {"team": "a", "env": "test"}

    again = run(eks_cluster, **options)
    assert again["changed"] is False, again["diff"]

    retagged = run(eks_cluster, name="moto-c1", tags={"team": "b", "owner": "it"}, wait_timeout=30)
    assert retagged["changed"] is True
    assert [update["type"] for update in retagged["updates"]] == ["TagUpdate"]
    assert retagged["updates"][0]["params"] == {"set": {"team": "b", "owner": "it"}, "remove": ["env"]}

    info = run(eks_cluster_info, name="moto-c1")
    assert info["changed"] is False
    assert [cluster["tags"] for cluster in info["clusters"]] == [{"team": "b", "owner": "it"}]
    assert info["clusters"][0]["endpoint"].startswith("https://")
    assert info["clusters"][0]["oidc_issuer"].startswith("https://oidc.eks.us-east-1.amazonaws.com/id/")

    merged = run(eks_cluster, name="moto-c1", tags={"extra": "1"}, purge_tags=False, wait_timeout=30)
    assert merged["changed"] is True and merged["cluster"]["tags"] == {"team": "b", "owner": "it", "extra": "1"}

    listed = run(eks_cluster_info)
    assert "moto-c1" in [cluster["name"] for cluster in listed["clusters"]]

    deleted = run(eks_cluster, name="moto-c1", state="absent", wait_timeout=30)
    assert deleted["changed"] is True and deleted["cluster"] == {}
    assert run(eks_cluster_info, name="moto-c1")["clusters"] == []
    assert run(eks_cluster, name="moto-c1", state="absent")["changed"] is False
