# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The EKS credentials resolver: every precedence step, with a temporary home and environment."""

from __future__ import annotations

import datetime
import http.server
import json
import sys
import threading

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.credentials import CredentialsError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import known_secrets, redact_text
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks import credentials as eks_creds
from ansible_collections.managedk8s.clusters.tests.unit.plugins.module_utils.credential_steps import (
    assert_mentions,
    assert_no_secret,
    both,
    clear_vendor_environment,
    env_var,
    ladder,
    option,
    python_command,
    text_file,
    write,
)

VENDOR_PREFIXES = ("OSC_", "OKS_", "EXOSCALE_", "AWS_", "SCP_", "HUAWEICLOUD_", "HW_", "XDG_CONFIG_HOME")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    clear_vendor_environment(monkeypatch, VENDOR_PREFIXES)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture
def no_botocore(monkeypatch):
    """Make `import botocore...` fail, as on a controller without it."""
    for name in ("botocore", "botocore.session", "botocore.exceptions"):
        monkeypatch.setitem(sys.modules, name, None)


@pytest.fixture
def fake_botocore(monkeypatch):
    calls = []

    def fake(profile, config_file, credentials_file):
        calls.append((profile, config_file, credentials_file))
        return fake.answer

    fake.answer = None
    fake.calls = calls
    monkeypatch.setattr(eks_creds, "_botocore_credentials", fake)
    return fake


def aws_files(home, config="", credentials=""):
    if config:
        write(home / ".aws/config", config)
    if credentials:
        write(home / ".aws/credentials", credentials)


def test_eks_credentials_precedence(tmp_path):
    process = python_command(
        tmp_path, "import json\nprint(json.dumps({'Version': 1, 'AccessKeyId': 'AKPROCESS', 'SecretAccessKey': 's'}))\n"
    )

    def config_file(_params, _env, home):
        write(
            home / ".aws/config",
            "[default]\nregion = eu-west-1\naws_access_key_id = AKCONFIG\naws_secret_access_key = s\n"
            "credential_process = %s\n" % process,
        )

    ladder(
        tmp_path,
        eks_creds.resolve,
        "access_key",
        [
            ("AKOPT", both(option("access_key", "AKOPT"), option("secret_key", "s"))),
            ("AKENV", both(env_var("AWS_ACCESS_KEY_ID", "AKENV"), env_var("AWS_SECRET_ACCESS_KEY", "s"))),
            (
                "AKCREDS",
                text_file(".aws/credentials", "[default]\naws_access_key_id = AKCREDS\naws_secret_access_key = s\n"),
            ),
            ("AKPROCESS", config_file),
        ],
    )
    home = tmp_path / "config-keys"
    aws_files(home, config="[default]\nregion = eu-west-1\naws_access_key_id = AKCONFIG\naws_secret_access_key = s\n")
    assert eks_creds.resolve({}, env={}, home=str(home))["access_key"] == "AKCONFIG"


def test_eks_session_token_travels_with_its_keys(tmp_path):
    aws_files(
        tmp_path,
        credentials="[default]\naws_access_key_id = AKFILE\naws_secret_access_key = s\naws_session_token = TOKEN-FILE\n",
    )
    env = {"AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_REGION": "us-east-1"}
    result = eks_creds.resolve({}, env=env, home=str(tmp_path))
    assert (result["access_key"], result["session_token"]) == ("AKENV", None)
    result = eks_creds.resolve(
        {}, env={"AWS_REGION": "us-east-1", "AWS_SESSION_TOKEN": "TOKEN-ALONE"}, home=str(tmp_path)
    )
    assert (result["access_key"], result["session_token"]) == ("AKFILE", "TOKEN-FILE")
    result = eks_creds.resolve({}, env=dict(env, AWS_SESSION_TOKEN="TOKEN-ENV"), home=str(tmp_path))
    assert result["session_token"] == "TOKEN-ENV"


def test_eks_profile_selection(tmp_path):
    credentials = "".join(
        "[%s]\naws_access_key_id = AK%s\naws_secret_access_key = s\n" % (name, name.upper())
        for name in ("default", "opt", "env", "envdefault")
    )
    base = {"AWS_REGION": "eu-west-3"}
    ladder(
        tmp_path,
        eks_creds.resolve,
        "access_key",
        [
            ("AKOPT", option("profile", "opt")),
            ("AKENV", env_var("AWS_PROFILE", "env")),
            ("AKENVDEFAULT", env_var("AWS_DEFAULT_PROFILE", "envdefault")),
            ("AKDEFAULT", text_file(".aws/credentials", credentials)),
        ],
        env=base,
    )


def test_eks_profile_sections_of_the_config_file(tmp_path):
    aws_files(
        tmp_path,
        config="""
        [default]
        region = us-west-2
        [profile work]
        region = ap-south-1
        aws_access_key_id = AKWORK
        aws_secret_access_key = s
        [work]
        aws_access_key_id = AKNOTAPROFILE
        aws_secret_access_key = s
        s3 =
          max_concurrent_requests = 10
    """,
        credentials="[default]\naws_access_key_id = AKDEF\naws_secret_access_key = s\n",
    )
    result = eks_creds.resolve({"profile": "work"}, env={}, home=str(tmp_path))
    assert (result["access_key"], result["region"], result["profile"]) == ("AKWORK", "ap-south-1", "work")
    assert result["endpoint"] == "https://eks.ap-south-1.amazonaws.com"
    result = eks_creds.resolve({}, env={}, home=str(tmp_path))
    assert (result["access_key"], result["region"]) == ("AKDEF", "us-west-2")


def test_eks_profile_option_skips_the_environment_but_aws_profile_does_not(tmp_path):
    aws_files(tmp_path, credentials="[work]\naws_access_key_id = AKWORK\naws_secret_access_key = s\n")
    env = {"AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_REGION": "eu-west-1"}
    assert eks_creds.resolve({"profile": "work"}, env=env, home=str(tmp_path))["access_key"] == "AKWORK"
    assert eks_creds.resolve({}, env=dict(env, AWS_PROFILE="work"), home=str(tmp_path))["access_key"] == "AKENV"


def test_eks_shared_file_variables(tmp_path):
    write(tmp_path / "c/creds.ini", "[default]\naws_access_key_id = AKMOVED\naws_secret_access_key = s\n")
    write(tmp_path / "c/conf.ini", "[default]\nregion = sa-east-1\n")
    env = {
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "c/creds.ini"),
        "AWS_CONFIG_FILE": str(tmp_path / "c/conf.ini"),
    }
    result = eks_creds.resolve({}, env=env, home=str(tmp_path))
    assert (result["access_key"], result["region"]) == ("AKMOVED", "sa-east-1")


def test_eks_named_profile_must_exist(tmp_path):
    aws_files(
        tmp_path,
        config="[profile a]\nregion = eu-west-1\n",
        credentials="[b]\naws_access_key_id = AK\naws_secret_access_key = SK-SECRET\n",
    )
    with pytest.raises(CredentialsError) as caught:
        eks_creds.resolve({}, env={"AWS_PROFILE": "missing"}, home=str(tmp_path))
    assert_mentions(caught.value, "'missing'", "a, b")
    assert_no_secret(caught.value, "SK-SECRET")


def test_eks_credential_process_success(tmp_path):
    expires = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    process = python_command(
        tmp_path,
        "import json\nprint(json.dumps(%r))\n"
        % {
            "Version": 1,
            "AccessKeyId": "ASIAPROC",
            "SecretAccessKey": "SECRET-PROC",
            "SessionToken": "TOKEN-PROC",
            "Expiration": expires,
        },
    )
    aws_files(tmp_path, config="[profile proc]\nregion = eu-north-1\ncredential_process = %s\n" % process)
    result = eks_creds.resolve({"profile": "proc"}, env={}, home=str(tmp_path))
    assert (result["access_key"], result["secret_key"], result["session_token"]) == (
        "ASIAPROC",
        "SECRET-PROC",
        "TOKEN-PROC",
    )
    assert result["expiration"].startswith(expires[:19])
    assert result["credentials_source"].startswith("credential_process")


@pytest.mark.parametrize(
    "script, words",
    [
        (
            "import sys\nprint('SECRET-STDOUT')\nsys.stderr.write('token expired, run aws sso login')\nsys.exit(2)\n",
            ["exit status 2", "token expired, run aws sso login", "not shown"],
        ),
        ("print('SECRET-STDOUT is not json')\n", ["did not print JSON"]),
        (
            "import json\nprint(json.dumps({'Version': 2, 'AccessKeyId': 'A', 'SecretAccessKey': 'SECRET-STDOUT'}))\n",
            ["Version 2"],
        ),
        ("import json\nprint(json.dumps({'Version': 1, 'AccessKeyId': 'A'}))\n", ["SecretAccessKey"]),
        (
            "import json\nprint(json.dumps({'Version': 1, 'AccessKeyId': 'A', 'SecretAccessKey': 'SECRET-STDOUT', "
            "'Expiration': '2001-01-01T00:00:00Z'}))\n",
            ["expired", "2001-01-01"],
        ),
    ],
)
def test_eks_credential_process_failures_are_clear_and_hide_the_output(tmp_path, script, words):
    process = python_command(tmp_path, script)
    aws_files(tmp_path, config="[default]\nregion = eu-west-1\ncredential_process = %s\n" % process)
    with pytest.raises(CredentialsError) as caught:
        eks_creds.resolve({}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "credential_process", "'default'", *words)
    assert_no_secret(caught.value, "SECRET-STDOUT")


def test_eks_credential_process_that_does_not_exist(tmp_path):
    aws_files(tmp_path, config="[default]\nregion = eu-west-1\ncredential_process = /nonexistent/aws-helper --flag\n")
    with pytest.raises(CredentialsError) as caught:
        eks_creds.resolve({}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "/nonexistent/aws-helper", "not found")


def test_eks_role_profile_without_botocore_says_botocore_is_needed(tmp_path, no_botocore):
    aws_files(
        tmp_path,
        config="[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = default\nregion = eu-west-1\n",
        credentials="[default]\naws_access_key_id = AK\naws_secret_access_key = s\n",
    )
    with pytest.raises(CredentialsError) as caught:
        eks_creds.resolve({"profile": "admin"}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "'admin'", "role_arn", "botocore", "not installed")


def test_eks_sso_profile_goes_through_botocore(tmp_path, fake_botocore):
    aws_files(tmp_path, config="[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nregion = us-east-2\n")
    fake_botocore.answer = ("ASIASSO", "SECRET-SSO", "TOKEN-SSO")
    result = eks_creds.resolve({"profile": "sso"}, env={}, home=str(tmp_path))
    assert (result["access_key"], result["session_token"]) == ("ASIASSO", "TOKEN-SSO")
    assert result["credentials_source"] == "botocore (profile sso)"
    assert fake_botocore.calls == [("sso", str(tmp_path / ".aws/config"), str(tmp_path / ".aws/credentials"))]


def test_eks_nothing_found_without_botocore(tmp_path, no_botocore):
    with pytest.raises(CredentialsError) as caught:
        eks_creds.resolve({"region": "eu-west-1"}, env={}, home=str(tmp_path))
    assert_mentions(
        caught.value,
        "access_key",
        "secret_key",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_PROFILE",
        ".aws/config",
        ".aws/credentials",
        "botocore",
    )


def test_eks_nothing_found_even_by_botocore(tmp_path, fake_botocore):
    with pytest.raises(CredentialsError) as caught:
        eks_creds.resolve({"region": "eu-west-1"}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "AWS_ACCESS_KEY_ID", "no instance or container role")
    assert fake_botocore.calls == [(None, str(tmp_path / ".aws/config"), str(tmp_path / ".aws/credentials"))]


class _ContainerCredentials(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the name http.server calls)
        body = json.dumps(
            {
                "AccessKeyId": "ASIACONTAINER",
                "SecretAccessKey": "SECRET-CONTAINER",
                "Token": "TOKEN-CONTAINER",
                "Expiration": "2099-01-01T00:00:00Z",
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_eks_last_resort_uses_botocore_container_credentials(tmp_path, monkeypatch):
    pytest.importorskip("botocore.session")
    server = http.server.HTTPServer(("127.0.0.1", 0), _ContainerCredentials)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:%d/creds" % server.server_address[1])
        result = eks_creds.resolve({"region": "eu-west-1"}, home=str(tmp_path))
    finally:
        server.shutdown()
        server.server_close()
    assert (result["access_key"], result["secret_key"], result["session_token"]) == (
        "ASIACONTAINER",
        "SECRET-CONTAINER",
        "TOKEN-CONTAINER",
    )
    assert result["credentials_source"] == "botocore"


def test_eks_region_precedence_and_requirement(tmp_path):
    keys = {"access_key": "AK", "secret_key": "s"}
    ladder(
        tmp_path,
        eks_creds.resolve,
        "region",
        [
            ("us-east-1", option("region", "us-east-1")),
            ("us-east-2", env_var("AWS_REGION", "us-east-2")),
            ("us-west-1", env_var("AWS_DEFAULT_REGION", "us-west-1")),
            ("us-west-2", text_file(".aws/config", "[default]\nregion = us-west-2\n")),
        ],
        params=keys,
    )
    with pytest.raises(CredentialsError) as caught:
        eks_creds.resolve(keys, env={}, home=str(tmp_path / "empty"))
    assert_mentions(caught.value, "region", "AWS_REGION", "AWS_DEFAULT_REGION")
    with pytest.raises(CredentialsError) as caught:
        eks_creds.resolve(dict(keys, region="eu-west-1.evil.example/"), env={}, home=str(tmp_path))
    assert_mentions(caught.value, "not a valid")


def test_eks_endpoint_precedence(tmp_path):
    keys = {"access_key": "AK", "secret_key": "s", "region": "eu-central-1"}
    ladder(
        tmp_path,
        eks_creds.resolve,
        "endpoint",
        [
            ("http://127.0.0.1:5000", option("endpoint", "http://127.0.0.1:5000/")),
            ("https://aws-url", env_var("AWS_URL", "https://aws-url")),
            ("https://eks-url", env_var("AWS_ENDPOINT_URL_EKS", "https://eks-url")),
            ("https://any-url", env_var("AWS_ENDPOINT_URL", "https://any-url")),
            ("https://profile-url", text_file(".aws/config", "[default]\nendpoint_url = https://profile-url\n")),
            ("https://eks.eu-central-1.amazonaws.com", lambda params, env, home: None),
        ],
        params=keys,
    )
    result = eks_creds.resolve(dict(keys, region="cn-north-1"), env={}, home=str(tmp_path))
    assert result["endpoint"] == "https://eks.cn-north-1.amazonaws.com.cn"


def test_eks_ca_bundle_precedence(tmp_path):
    keys = {"access_key": "AK", "secret_key": "s", "region": "eu-central-1"}
    ladder(
        tmp_path,
        eks_creds.resolve,
        "ca_path",
        [
            ("/opt/ca-option.pem", option("ca_path", "/opt/ca-option.pem")),
            ("/opt/ca-env.pem", env_var("AWS_CA_BUNDLE", "/opt/ca-env.pem")),
            ("/opt/ca-profile.pem", text_file(".aws/config", "[default]\nca_bundle = /opt/ca-profile.pem\n")),
            (None, lambda params, env, home: None),
        ],
        params=keys,
    )


def test_eks_incomplete_environment(tmp_path):
    aws_files(tmp_path, credentials="[default]\naws_access_key_id = AK\naws_secret_access_key = s\n")
    with pytest.raises(CredentialsError) as caught:
        eks_creds.resolve({}, env={"AWS_ACCESS_KEY_ID": "AKHALF", "AWS_REGION": "eu-west-1"}, home=str(tmp_path))
    assert_mentions(caught.value, "AWS_ACCESS_KEY_ID is set", "AWS_SECRET_ACCESS_KEY")


def test_eks_broken_ini_gives_line_numbers_not_content(tmp_path):
    aws_files(tmp_path, credentials="[default]\naws_access_key_id = AK\nthis line holds SECRET-IN-INI without equals\n")
    with pytest.raises(CredentialsError) as caught:
        eks_creds.resolve({"region": "eu-west-1"}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "credentials", "line 3")
    assert_no_secret(caught.value, "SECRET-IN-INI")


def test_secrets_found_outside_the_options_are_registered_for_redaction(tmp_path):
    env = {
        "AWS_ACCESS_KEY_ID": "AK",
        "AWS_SECRET_ACCESS_KEY": "SECRET-LEARNED-EKS",
        "AWS_SESSION_TOKEN": "TOKEN-LEARNED-EKS",
    }
    eks_creds.resolve({"region": "eu-west-1"}, env=env, home=str(tmp_path))
    for secret in ("SECRET-LEARNED-EKS", "TOKEN-LEARNED-EKS"):
        assert secret in known_secrets()
        assert secret not in redact_text("the API said: %s" % secret)


@pytest.mark.parametrize(
    "header, name",
    [
        ("profile  spaced", "spaced"),
        ('profile "quoted"', "quoted"),
        ("profile 'single'", "single"),
        ('profile "two words"', "two words"),
        ("profile\tx", "x"),
    ],
)
def test_eks_profile_names_are_read_as_botocore_reads_them(tmp_path, header, name):
    # botocore's configloader splits "[profile ...]" headers as a shell would (shlex), so extra spaces and quotes
    # name the same profile; the test asks botocore itself for the profile's region.
    botocore_session = pytest.importorskip("botocore.session")
    aws_files(
        tmp_path,
        config="[%s]\nregion = ap-south-1\naws_access_key_id = AKQUOTED\naws_secret_access_key = s\n" % header,
    )
    session = botocore_session.Session(profile=name)
    session.set_config_variable("config_file", str(tmp_path / ".aws/config"))
    assert session.get_scoped_config()["region"] == "ap-south-1"
    result = eks_creds.resolve({"profile": name}, env={}, home=str(tmp_path))
    assert (result["access_key"], result["region"], result["profile"]) == ("AKQUOTED", "ap-south-1", name)


def test_eks_sections_botocore_does_not_read_as_profiles_are_not_profiles(tmp_path):
    aws_files(tmp_path, config="[profile a b]\nregion = ap-south-1\n[profilex]\nregion = ap-south-1\n")
    for name in ("a b", "b", "x", "profilex"):
        with pytest.raises(CredentialsError, match="was not found"):
            eks_creds.resolve({"profile": name}, env={}, home=str(tmp_path))
