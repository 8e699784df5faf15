# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""kubeconfig_merge: contexts renamed per cluster, the user's entries kept, idempotence, check mode, removal."""

from __future__ import annotations

import json
import os
import stat

import pytest
import yaml
from ansible.module_utils.testing import patch_module_args

from ansible_collections.managedk8s.clusters.plugins.modules import kubeconfig_merge


def kubeconfig(server, user="admin", cluster="cluster", token="secret-token"):
    """A one-context kubeconfig whose entries use the generic names every cloud uses."""
    return {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": cluster, "cluster": {"server": server}}],
        "users": [{"name": user, "user": {"token": token}}],
        "contexts": [{"name": "%s@%s" % (user, cluster), "context": {"cluster": cluster, "user": user}}],
        "current-context": "%s@%s" % (user, cluster),
    }


def write(path, config, mode=0o600):
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    os.chmod(path, mode)
    return str(path)


def run(capsys, check_mode=False, diff=False, **args):
    args.update(_ansible_check_mode=check_mode, _ansible_diff=diff)
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            kubeconfig_merge.main()
    return json.loads(capsys.readouterr().out)


def read(path):
    return yaml.safe_load(open(path, encoding="utf-8"))


def entry(config, section, name):
    matches = [item for item in config[section] if item["name"] == name]
    assert len(matches) == 1, "%s %s: %r" % (section, name, [item["name"] for item in config[section]])
    return matches[0]


@pytest.fixture
def two_sources(tmp_path):
    return [
        {
            "path": write(tmp_path / "eks.yaml", kubeconfig("https://eks.example", token="eks-token")),
            "context": "eks-web",
        },
        {
            "path": write(tmp_path / "sks.yaml", kubeconfig("https://sks.example", token="sks-token")),
            "context": "sks-batch",
        },
    ]


def test_merge_into_a_new_file_renames_each_cluster_and_user(tmp_path, two_sources, capsys):
    dest = str(tmp_path / "config")

    result = run(capsys, dest=dest, sources=two_sources)

    merged = read(dest)
    assert result["changed"] is True
    assert result["contexts"] == ["eks-web", "sks-batch"]
    assert merged["current-context"] == "eks-web"
    assert entry(merged, "clusters", "eks-web")["cluster"]["server"] == "https://eks.example"
    assert entry(merged, "clusters", "sks-batch")["cluster"]["server"] == "https://sks.example"
    assert entry(merged, "users", "sks-batch")["user"]["token"] == "sks-token"
    assert entry(merged, "contexts", "eks-web")["context"] == {"cluster": "eks-web", "user": "eks-web"}
    assert stat.S_IMODE(os.stat(dest).st_mode) == 0o600
    assert "token" not in json.dumps(result)


def test_the_users_own_contexts_and_current_context_are_kept(tmp_path, two_sources, capsys):
    dest = write(tmp_path / "config", kubeconfig("https://mine.example", user="me", cluster="mine"))

    result = run(capsys, dest=dest, sources=two_sources)

    merged = read(dest)
    assert result["contexts"] == ["me@mine", "eks-web", "sks-batch"]
    assert merged["current-context"] == "me@mine"
    assert entry(merged, "users", "me")["user"]["token"] == "secret-token"


def test_a_second_run_changes_nothing_and_does_not_rewrite(tmp_path, two_sources, capsys):
    dest = str(tmp_path / "config")
    run(capsys, dest=dest, sources=two_sources)
    before = os.stat(dest).st_mtime_ns

    again = run(capsys, dest=dest, sources=two_sources)

    assert again["changed"] is False
    assert os.stat(dest).st_mtime_ns == before


def test_a_renewed_source_updates_its_context(tmp_path, two_sources, capsys):
    dest = str(tmp_path / "config")
    run(capsys, dest=dest, sources=two_sources)
    write(tmp_path / "eks.yaml", kubeconfig("https://eks.example", token="renewed-token"))

    result = run(capsys, dest=dest, sources=two_sources)

    assert result["changed"] is True
    assert entry(read(dest), "users", "eks-web")["user"]["token"] == "renewed-token"


def test_a_loose_file_mode_is_tightened(tmp_path, two_sources, capsys):
    dest = str(tmp_path / "config")
    run(capsys, dest=dest, sources=two_sources)
    os.chmod(dest, 0o644)

    result = run(capsys, dest=dest, sources=two_sources)

    assert result["changed"] is True
    assert stat.S_IMODE(os.stat(dest).st_mode) == 0o600


def test_check_mode_reports_the_change_and_writes_nothing(tmp_path, two_sources, capsys):
    dest = str(tmp_path / "config")

    result = run(capsys, check_mode=True, diff=True, dest=dest, sources=two_sources)

    assert result["changed"] is True
    assert not os.path.exists(dest)
    assert result["diff"] == {
        "before": {"contexts": [], "current_context": ""},
        "after": {"contexts": ["eks-web", "sks-batch"], "current_context": "eks-web"},
    }


def test_current_context_is_set_when_asked(tmp_path, two_sources, capsys):
    dest = write(tmp_path / "config", kubeconfig("https://mine.example", user="me", cluster="mine"))

    result = run(capsys, dest=dest, sources=two_sources, current_context="sks-batch")

    assert result["current_context"] == "sks-batch"
    assert read(dest)["current-context"] == "sks-batch"


def test_an_unknown_current_context_is_refused(tmp_path, two_sources, capsys):
    dest = str(tmp_path / "config")

    result = run(capsys, dest=dest, sources=two_sources, current_context="nope")

    assert result["failed"] is True
    assert "current_context" in result["msg"] and "nope" in result["msg"]
    assert not os.path.exists(dest)


def test_absent_removes_the_contexts_with_their_cluster_and_user(tmp_path, two_sources, capsys):
    dest = write(tmp_path / "config", kubeconfig("https://mine.example", user="me", cluster="mine"))
    run(capsys, dest=dest, sources=two_sources, current_context="eks-web")

    removed = run(capsys, dest=dest, state="absent", sources=[{"context": "eks-web"}, {"context": "sks-batch"}])
    again = run(capsys, dest=dest, state="absent", sources=[{"context": "eks-web"}, {"context": "sks-batch"}])

    merged = read(dest)
    assert removed["changed"] is True and again["changed"] is False
    assert [item["name"] for item in merged["contexts"]] == ["me@mine"]
    assert [item["name"] for item in merged["clusters"]] == ["mine"]
    assert [item["name"] for item in merged["users"]] == ["me"]
    assert merged["current-context"] == "me@mine"


def test_absent_on_a_missing_file_is_a_no_op(tmp_path, capsys):
    dest = str(tmp_path / "config")

    result = run(capsys, dest=dest, state="absent", sources=[{"context": "eks-web"}])

    assert result["changed"] is False
    assert not os.path.exists(dest)


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "does not exist"),
        ("clusters: [oops", "not valid YAML"),
        ("kind: Pod\n", "not a kubeconfig"),
    ],
)
def test_a_bad_source_is_named(tmp_path, capsys, content, message):
    source = tmp_path / "bad.yaml"
    if content is not None:
        source.write_text(content, encoding="utf-8")

    result = run(capsys, dest=str(tmp_path / "config"), sources=[{"path": str(source), "context": "bad"}])

    assert result["failed"] is True
    assert message in result["msg"] and str(source) in result["msg"]


def test_present_needs_a_path(tmp_path, capsys):
    result = run(capsys, dest=str(tmp_path / "config"), sources=[{"context": "eks-web"}])

    assert result["failed"] is True
    assert "path" in result["msg"] and "eks-web" in result["msg"]


def test_two_sources_with_one_context_name_are_refused_before_anything_is_written(tmp_path, two_sources, capsys):
    dest = tmp_path / "config"
    sources = [two_sources[0], dict(two_sources[1], context=two_sources[0]["context"])]
    result = run(capsys, dest=str(dest), sources=sources)
    assert result["failed"] is True
    assert "entries 1 and 2 both name the context eks-web" in result["msg"]
    assert not dest.exists()


def test_a_missing_directory_is_created_for_its_owner_only(tmp_path, two_sources, capsys):
    dest = tmp_path / "home" / ".kube" / "config"
    result = run(capsys, dest=str(dest), sources=two_sources)
    assert result["changed"] is True and dest.is_file()
    assert stat.S_IMODE(dest.parent.stat().st_mode) == 0o700


def test_backup_keeps_the_file_as_it_was(tmp_path, two_sources, capsys):
    dest = tmp_path / "config"
    run(capsys, dest=str(dest), sources=two_sources[:1])
    before = dest.read_text(encoding="utf-8")
    result = run(capsys, dest=str(dest), sources=two_sources, backup=True)
    assert result["changed"] is True
    assert open(result["backup_file"], encoding="utf-8").read() == before
    again = run(capsys, dest=str(dest), sources=two_sources, backup=True)
    assert again["changed"] is False and "backup_file" not in again
