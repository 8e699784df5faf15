# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared half of credential resolution, with a made-up cloud: places, schemes, file readers, helper commands."""

from __future__ import annotations

import sys

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core import credentials
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.credentials import (
    CredentialsError,
    Lookup,
    Scheme,
    choose_credentials,
    read_ini,
    read_json,
    read_toml,
    registered,
    result_credentials,
    run_secret_command,
)
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import MASK, forget_secrets, redact_text

SCHEMES = (Scheme("token", ("token",)), Scheme("access_key", ("key_id", "key_secret"), ("session",)))
FIELDS = ("key_id", "key_secret", "session", "token")


@pytest.fixture(autouse=True)
def forget():
    yield
    forget_secrets()


def sources(look):
    return [
        look.option_source(FIELDS),
        look.env_source("the environment (FAKE_*)", {"key_id": "FAKE_KEY_ID", "key_secret": "FAKE_KEY_SECRET"}),
    ]


def test_the_first_place_that_sets_a_credential_wins_whole():
    look = Lookup({"key_id": None}, {"FAKE_KEY_ID": "id-env", "FAKE_KEY_SECRET": "secret-env"}, "/nowhere")
    method, label, values = choose_credentials("Fake", sources(look), SCHEMES)
    assert (method, label, values) == (
        "access_key",
        "the environment (FAKE_*)",
        {"key_id": "id-env", "key_secret": "secret-env", "session": None},
    )
    look = Lookup({"token": "tok-option"}, {"FAKE_KEY_ID": "id-env", "FAKE_KEY_SECRET": "s"}, "/nowhere")
    result = result_credentials(choose_credentials("Fake", sources(look), SCHEMES), FIELDS)
    assert result["token"] == "tok-option" and result["key_id"] is None and result["auth_method"] == "token"
    assert result["credentials_source"] == "the module options"


def test_half_a_credential_names_what_is_missing_where():
    look = Lookup({}, {"FAKE_KEY_ID": "id-env"}, "/nowhere")
    with pytest.raises(CredentialsError) as caught:
        choose_credentials("Fake", sources(look), SCHEMES)
    assert "FAKE_KEY_SECRET" in str(caught.value) and "FAKE_KEY_ID is set" in str(caught.value)
    assert caught.value.env_vars == ("FAKE_KEY_ID", "FAKE_KEY_SECRET")


def test_nothing_set_is_none():
    assert choose_credentials("Fake", sources(Lookup({}, {}, "/nowhere")), SCHEMES) is None


def test_paths_expand_against_the_home_given(tmp_path):
    assert Lookup({}, {}, str(tmp_path)).path("~/x/y") == str(tmp_path / "x" / "y")


def test_registered_secrets_are_masked_in_text():
    registered({"secret_key": "a-long-secret-value", "region": "somewhere-1"})
    assert redact_text("got a-long-secret-value in somewhere-1") == "got %s in somewhere-1" % MASK


def test_file_readers(tmp_path):
    (tmp_path / "c.ini").write_text("[default]\nkey = value\n", encoding="utf-8")
    (tmp_path / "c.json").write_text('{"a": 1}', encoding="utf-8")
    (tmp_path / "c.toml").write_text('a = "b"\n', encoding="utf-8")
    assert read_ini(str(tmp_path / "c.ini")) == {"default": {"key": "value"}}
    assert read_json(str(tmp_path / "c.json")) == {"a": 1}
    assert read_toml(str(tmp_path / "c.toml")) == {"a": "b"}
    assert read_ini(str(tmp_path / "missing.ini")) is None


@pytest.mark.parametrize(
    "name, text, words",
    [
        ("bad.ini", "[default]\nsecret-line-without-equals\n", "line 2"),
        ("bad.json", '{"secret": ', "invalid JSON"),
        ("list.json", "[1, 2]", "JSON object"),
        ("bad.toml", 'secret = "unterminated\n', "invalid TOML"),
    ],
)
def test_broken_files_name_the_file_and_never_its_content(tmp_path, name, text, words):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    reader = {"ini": read_ini, "json": read_json, "toml": read_toml}[name.rsplit(".", 1)[1]]
    with pytest.raises(CredentialsError) as caught:
        reader(str(path))
    assert str(path) in str(caught.value) and words in str(caught.value) and "secret" not in str(caught.value)


def test_a_helper_command_gives_its_output_and_hides_it_when_it_fails(monkeypatch):
    assert run_secret_command([sys.executable, "-c", "print('the-output')"], "The helper").strip() == "the-output"
    failing = [sys.executable, "-c", "import sys; print('hidden-secret'); sys.stderr.write('no luck'); sys.exit(3)"]
    with pytest.raises(CredentialsError) as caught:
        run_secret_command(failing, "The helper")
    assert "exit status 3" in str(caught.value) and "no luck" in str(caught.value)
    assert "hidden-secret" not in str(caught.value)
    monkeypatch.setattr(credentials, "COMMAND_TIMEOUT", 0.5)
    with pytest.raises(CredentialsError, match="did not finish within"):
        run_secret_command([sys.executable, "-c", "import time; time.sleep(5)"], "The helper")
    with pytest.raises(CredentialsError, match="was not found"):
        run_secret_command(["/nonexistent/helper"], "The helper")
