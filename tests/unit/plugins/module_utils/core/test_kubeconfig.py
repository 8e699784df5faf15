# -*- coding: utf-8 -*-
from __future__ import annotations

import base64
import datetime
import os
import stat

import pytest
import trustme

from ansible_collections.managedk8s.clusters.plugins.module_utils.core import kubeconfig as kc

NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)


def make_kubeconfig(name="admin@c1", server="https://c1.example:6443", cert_pem=None, key="S3CRETKEYDATA"):
    user = {"client-key-data": base64.b64encode(key.encode()).decode()}
    if cert_pem:
        user["client-certificate-data"] = base64.b64encode(cert_pem).decode()
    return kc.dump(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": "c1", "cluster": {"server": server, "certificate-authority-data": "Q0E="}}],
            "users": [{"name": "admin", "user": user}],
            "contexts": [{"name": name, "context": {"cluster": "c1", "user": "admin"}}],
            "current-context": name,
        }
    )


@pytest.fixture(scope="module")
def leaf_pem():
    ca = trustme.CA()
    cert = ca.issue_cert("admin", not_after=datetime.datetime(2030, 5, 17, 12, 0, 0, tzinfo=datetime.timezone.utc))
    return cert.cert_chain_pems[0].bytes()


def test_parse_rejects_non_yaml_and_non_kubeconfig():
    with pytest.raises(kc.KubeconfigError, match="not valid YAML at line"):
        kc.parse("a: [unclosed\n  b: c")
    with pytest.raises(kc.KubeconfigError, match="not a kubeconfig"):
        kc.parse("just: a mapping")
    with pytest.raises(kc.KubeconfigError, match="needs a name"):
        kc.parse("kind: Config\nclusters: [{cluster: {}}]")


def test_certificate_not_after(leaf_pem):
    expires = kc.certificate_not_after(base64.b64encode(leaf_pem).decode())
    assert expires == datetime.datetime(2030, 5, 17, 12, 0, 0, tzinfo=datetime.timezone.utc)
    assert kc.certificate_not_after("not base64!") is None
    assert kc.certificate_not_after(None) is None


def test_describe_has_no_secrets(leaf_pem):
    facts = kc.describe(kc.parse(make_kubeconfig(cert_pem=leaf_pem)))
    assert facts["server"] == "https://c1.example:6443"
    assert facts["expires"].startswith("2030-05-17")
    assert "S3CRET" not in repr(facts)


def test_write_atomic_mode_ignores_umask(tmp_path):
    dest = tmp_path / "config"
    old = os.umask(0)
    try:
        kc.write_atomic(str(dest), "x: 1\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert dest.read_text() == "x: 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["config"]


def test_write_atomic_missing_directory(tmp_path):
    with pytest.raises(kc.KubeconfigError, match="dest: the directory .* does not exist"):
        kc.write_atomic(str(tmp_path / "nope" / "config"), "x")


def test_merge_keeps_other_contexts():
    mine = kc.parse(make_kubeconfig(name="mine"))
    kc.rename(mine, "mine")
    theirs = kc.rename(kc.parse(make_kubeconfig()), "oks-c1")
    merged = kc.merge(mine, theirs)
    assert [c["name"] for c in merged["contexts"]] == ["mine", "oks-c1"]
    assert [c["name"] for c in merged["clusters"]] == ["mine", "oks-c1"]
    assert merged["current-context"] == "oks-c1"
    again = kc.merge(merged, theirs)
    assert [c["name"] for c in again["contexts"]] == ["mine", "oks-c1"]


IDENTITY = {"provider": "oks", "cluster_id": "c-1", "user": "admin", "groups": "system:masters"}


def deliver(tmp_path, fetched, **params):
    calls = []

    def fetch():
        calls.append(1)
        return fetched

    base = {"dest": str(tmp_path / "kubeconfig"), "force": False, "renew_before": 3600, "return_content": False}
    base.update(params)
    return kc.deliver(base, IDENTITY, fetch, ttl=86400, now=NOW, **{}), calls


def test_deliver_writes_then_is_idempotent(tmp_path):
    result, calls = deliver(tmp_path, make_kubeconfig())
    assert result["changed"] is True and calls == [1]
    assert "content" not in result and "S3CRET" not in repr(result)
    text = (tmp_path / "kubeconfig").read_text()
    assert kc.find_context(kc.parse(text), IDENTITY) is not None
    again, calls = deliver(tmp_path, make_kubeconfig())
    assert again["changed"] is False and calls == []


def test_deliver_refetches_near_expiry_and_on_force(tmp_path):
    deliver(tmp_path, make_kubeconfig())
    result, calls = deliver(tmp_path, make_kubeconfig(), renew_before=90000)
    assert result["changed"] is True and "within renew_before" in result["reason"] and calls == [1]
    result, calls = deliver(tmp_path, make_kubeconfig(), force=True)
    assert result["reason"] == "force is set" and calls == [1]


def test_deliver_check_mode_fetches_and_writes_nothing(tmp_path):
    calls = []
    result = kc.deliver(
        {"dest": str(tmp_path / "k"), "renew_before": 0}, IDENTITY, lambda: calls.append(1), check_mode=True
    )
    assert result["changed"] is True and calls == [] and not (tmp_path / "k").exists()


def test_deliver_rejects_garbage_from_the_api(tmp_path):
    with pytest.raises(kc.KubeconfigError, match="the kubeconfig the API returned is not a kubeconfig"):
        deliver(tmp_path, "<html>oops</html>")
    assert not (tmp_path / "kubeconfig").exists()


def test_deliver_merge_keeps_existing_contexts(tmp_path):
    dest = tmp_path / "kubeconfig"
    dest.write_text(make_kubeconfig(name="other", server="https://other:6443"))
    result, _calls = deliver(tmp_path, make_kubeconfig(), merge=True, return_content=True)
    names = [c["name"] for c in kc.parse(result["content"])["contexts"]]
    assert names == ["other", "admin@c1"]
