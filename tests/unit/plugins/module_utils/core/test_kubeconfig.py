# -*- coding: utf-8 -*-
from __future__ import annotations

import base64
import datetime
import os
import pathlib
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


def test_write_atomic_creates_a_missing_directory_for_its_owner_only(tmp_path):
    dest = tmp_path / "home" / ".kube" / "config"
    kc.write_atomic(str(dest), "x: 1\n")
    assert dest.read_text() == "x: 1\n"
    assert stat.S_IMODE(dest.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(dest.parent.parent.stat().st_mode) == 0o700


def test_check_destination_names_dest_and_why_it_cannot_be_written(tmp_path, monkeypatch):
    monkeypatch.setattr(kc.os, "access", lambda path, flags: False)
    monkeypatch.setattr(kc.os, "statvfs", lambda path: type("V", (), {"f_flag": kc.os.ST_RDONLY})())
    with pytest.raises(kc.KubeconfigError) as raised:
        kc.check_destination(str(tmp_path / "demo.yaml"))
    message = str(raised.value)
    assert message.startswith("dest: cannot write %s" % (tmp_path / "demo.yaml"))
    assert "read-only file system" in message and "choose a dest in a writable directory" in message
    with pytest.raises(kc.KubeconfigError, match="cannot create the directory .*/new"):
        kc.check_destination(str(tmp_path / "new" / "demo.yaml"))


def test_a_write_that_fails_names_dest(tmp_path, monkeypatch):
    def refuse(path, mode):
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(kc.os, "mkdir", refuse)
    dest = tmp_path / "gone" / "k.yaml"
    with pytest.raises(kc.KubeconfigError, match="dest: cannot write .*k.yaml: No such file or directory"):
        kc.write_atomic(str(dest), "x")


def test_check_destination_refuses_a_directory(tmp_path):
    with pytest.raises(kc.KubeconfigError, match="is a directory, give a file path"):
        kc.check_destination(str(tmp_path))


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


def deliver(tmp_path, fetched, now=NOW, **params):
    calls = []

    def fetch():
        calls.append(1)
        return fetched

    base = {"dest": str(tmp_path / "kubeconfig"), "force": False, "renew_before": 3600, "return_content": False}
    base.update(params)
    return kc.deliver(base, IDENTITY, fetch, ttl=86400, now=now), calls


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
    result, calls = deliver(tmp_path, make_kubeconfig(), renew_before=7200, now=NOW + datetime.timedelta(hours=23))
    assert result["changed"] is True and "within renew_before" in result["reason"] and calls == [1]
    result, calls = deliver(tmp_path, make_kubeconfig(), force=True)
    assert result["reason"] == "force is set" and calls == [1]


def test_renew_window_is_at_most_half_the_credentials_lifetime(tmp_path):
    """A renew_before longer than the credential lives (an EKS token: 15 minutes) must not renew on every run."""
    deliver(tmp_path, make_kubeconfig())  # ttl 86400 s
    result, calls = deliver(tmp_path, make_kubeconfig(), renew_before=90000)
    assert result["changed"] is False and calls == []
    result, calls = deliver(tmp_path, make_kubeconfig(), renew_before=90000, now=NOW + datetime.timedelta(hours=12))
    assert result["changed"] is True and "half of its lifetime" in result["reason"] and calls == [1]


def test_deliver_refuses_to_replace_other_contexts_without_merge(tmp_path):
    dest = tmp_path / "kubeconfig"
    original = make_kubeconfig(name="eks-prod", server="https://eks:443")
    dest.write_text(original)
    calls = []
    for check_mode in (False, True):
        with pytest.raises(kc.KubeconfigError, match=r"holds other contexts \(eks-prod\); set merge: true"):
            kc.deliver({"dest": str(dest), "renew_before": 0}, IDENTITY, lambda: calls.append(1), check_mode=check_mode)
    assert calls == [] and dest.read_text() == original


def test_deliver_replaces_another_credential_of_the_same_cluster_without_merge(tmp_path):
    deliver(tmp_path, make_kubeconfig())
    other_user = dict(IDENTITY, user="alice", groups="developers")
    result = kc.deliver(
        {"dest": str(tmp_path / "kubeconfig"), "renew_before": 0}, other_user, make_kubeconfig, ttl=86400, now=NOW
    )
    assert result["changed"] is True
    assert kc.find_context(kc.parse((tmp_path / "kubeconfig").read_text()), other_user) is not None


def test_deliver_refuses_to_replace_a_file_that_is_not_a_kubeconfig(tmp_path):
    dest = tmp_path / "kubeconfig"
    dest.write_text("my notes\n")
    for merge in (False, True):
        with pytest.raises(kc.KubeconfigError, match="exists and is not a kubeconfig; refusing to replace it"):
            deliver(tmp_path, make_kubeconfig(), merge=merge)
    assert dest.read_text() == "my notes\n"


def test_deliver_replaces_its_own_context_and_keeps_a_backup(tmp_path):
    deliver(tmp_path, make_kubeconfig())
    first = (tmp_path / "kubeconfig").read_text()
    result, calls = deliver(tmp_path, make_kubeconfig(key="OTHERKEYDATA"), force=True, backup=True)
    assert calls == [1] and result["backup_file"].startswith(str(tmp_path / "kubeconfig."))
    assert pathlib.Path(result["backup_file"]).read_text() == first
    assert stat.S_IMODE(pathlib.Path(result["backup_file"]).stat().st_mode) == 0o600


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
