# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where each cloud's credentials come from: the module options, then the vendor's environment variables,
then the vendor's configuration files, so a user's existing CLI setup just works.

Each resolve_<cloud>(params, env=None, home=None) returns a plain dict (credentials, region or zone, endpoint,
ca_path, auth_method, credentials_source) or raises CredentialsError. Secrets that belong together (a key and
its secret, a session token and its key) always come from one place: the first place that sets any of them.
Values that are not secret (region, endpoint, project id...) are looked up one by one.
No secret ever goes into an exception message.
"""

from __future__ import annotations

import configparser
import datetime
import json
import os
import re
import shlex
import subprocess
import sys

from ansible_collections.managedk8s.clusters.plugins.module_utils.redact import is_secret_key, redact_text, register_secret

OKS_REGIONS = ("eu-west-2", "cloudgouv-eu-west-1")
OKS_DEFAULT_REGION = "eu-west-2"
OKS_ENDPOINT_PATTERN = "https://api.{region}.oks.outscale.com/api/v2"

SKS_ZONES = ("at-vie-1", "at-vie-2", "bg-sof-1", "ch-dk-2", "ch-gva-2", "de-fra-1", "de-muc-1", "hr-zag-1")
SKS_DEFAULT_ZONE = "ch-gva-2"
SKS_ENDPOINT_PATTERN = "https://api-{zone}.exoscale.com/v2"

EKS_ENDPOINT_PATTERN = "https://eks.{region}.{domain}"

SKE_ENDPOINT_PATTERN = "https://ske.{region}.{env}.samsungsdscloud.com"
SKE_DEFAULT_API_VERSION = "ske 1.3"

HUAWEI_ENDPOINT_PATTERN = "https://hss.{region}.myhuaweicloud.com"

COMMAND_TIMEOUT = 120
_STDERR_SHOWN = 300
_REGION_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class CredentialsError(Exception):
    """Credentials or connection settings that are missing, incomplete or unreadable.

    options, env_vars and files name what the user can set to fix it; the message names them too.
    """

    def __init__(self, message, options=(), env_vars=(), files=()):
        super().__init__(message)
        self.options = tuple(options)
        self.env_vars = tuple(env_vars)
        self.files = tuple(files)


# ---------------------------------------------------------------------------------------------------------------
# Looking things up


def _is_set(value):
    return value is not None and value != ""


def _first(*values):
    return next((value for value in values if _is_set(value)), None)


def _and_list(items):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return "%s and %s" % (", ".join(items[:-1]), items[-1])


def _or_list(items):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return "%s or %s" % (", ".join(items[:-1]), items[-1])


class _Lookup:
    """The three places a resolver reads: module params, environment variables and files under a home directory."""

    def __init__(self, params, env, home):
        self.params = params or {}
        self.env = os.environ if env is None else env
        self.home = home if home is not None else os.path.expanduser("~")

    def option(self, name):
        value = self.params.get(name)
        return value if _is_set(value) else None

    def env_value(self, *names):
        return _first(*(self.env.get(name) for name in names))

    def path(self, value):
        """A path with a leading ~ expanded against home (so tests can point home at a temporary directory)."""
        value = str(value)
        if value == "~" or value.startswith("~/"):
            return os.path.join(self.home, value[2:])
        return os.path.expanduser(value)

    def profile(self, option_name, *env_names):
        """(name, explicit, from_option): the profile to read, whether the user named it, whether as an option."""
        from_option = self.option(option_name)
        name = _first(from_option, self.env_value(*env_names))
        return (name or "default"), name is not None, from_option is not None

    def env_source(self, label, mapping):
        """A credential source from environment variables; mapping is field -> variable name."""
        return _Source(label, {field: self.env.get(name) for field, name in mapping.items()}, mapping, kind="env")

    def option_source(self, fields):
        return _Source("the module options", {field: self.option(field) for field in fields}, {field: field for field in fields}, kind="option")


class _Source:
    """One place credentials can come from: its label, its values by field, and what the user calls each field there."""

    def __init__(self, label, values, names, kind="file"):
        self.label = label
        self.values = {field: value for field, value in values.items() if _is_set(value)}
        self.names = names
        self.kind = kind

    def name(self, field):
        return self.names.get(field, field)


class _Scheme:
    """An authentication scheme: the fields it needs and the ones that may come with them."""

    def __init__(self, method, required, optional=()):
        self.method = method
        self.required = tuple(required)
        self.optional = tuple(optional)


def _choose_credentials(cloud, sources, schemes):
    """(auth_method, source label, values) from the first source that sets any required field, or None.

    A source that sets only part of every scheme is an error: silently using another source would surprise.
    """
    triggers = {field for scheme in schemes for field in scheme.required}
    for source in sources:
        if not triggers & set(source.values):
            continue
        for scheme in schemes:
            if all(field in source.values for field in scheme.required):
                fields = scheme.required + scheme.optional
                return scheme.method, source.label, {field: source.values.get(field) for field in fields}
        raise _incomplete(cloud, source, schemes)
    return None


def _incomplete(cloud, source, schemes):
    closest = max(schemes, key=lambda scheme: len(set(scheme.required) & set(source.values)))
    present = [source.name(field) for field in closest.required if field in source.values]
    missing = [source.name(field) for field in closest.required if field not in source.values]
    names = [source.name(field) for field in closest.required]
    return CredentialsError(
        "Incomplete %s credentials in %s: %s %s set but %s %s not. Set %s there too, or remove %s."
        % (cloud, source.label, _and_list(present), "is" if len(present) == 1 else "are",
           _and_list(missing), "is" if len(missing) == 1 else "are", _and_list(missing), _and_list(present)),
        options=closest.required,
        env_vars=names if source.kind == "env" else (),
        files=(source.label,) if source.kind == "file" else (),
    )


def _result_credentials(chosen, all_fields):
    method, label, values = chosen
    result = {field: None for field in all_fields}
    result.update(values)
    result["auth_method"] = method
    result["credentials_source"] = label
    return result


def _registered(result):
    """result, after telling the redaction module its secret values: options are masked by Ansible, these are not."""
    for key, value in result.items():
        if is_secret_key(key):
            register_secret(value)
    return result


def _with_scheme(url, protocol="https"):
    url = url.strip()
    if "://" not in url:
        url = "%s://%s" % (protocol or "https", url)
    return url.rstrip("/")


def _check_region_name(value, what, option):
    if not _REGION_NAME.match(value):
        raise CredentialsError(
            "%s %r is not a valid %s name: use lowercase letters, digits and dashes (set %s)." % (what, value, what.lower(), option),
            options=(option,),
        )


def _check_listed(value, allowed, what, option, env_vars):
    if value not in allowed:
        raise CredentialsError(
            "%s %r is not supported: set the option %s (or %s) to one of %s, or set endpoint to reach another one."
            % (what, value, option, _or_list(env_vars), ", ".join(allowed)),
            options=(option, "endpoint"), env_vars=env_vars,
        )


# ---------------------------------------------------------------------------------------------------------------
# Reading files


def _file_error(path, problem):
    return CredentialsError("Cannot read %s: %s." % (path, problem), files=(path,))


def _read_text(path):
    """The file's text, or None when it does not exist."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise _file_error(path, "it is a directory") from None
    except OSError as error:
        raise _file_error(path, error.strerror or type(error).__name__) from None
    except UnicodeDecodeError:
        raise _file_error(path, "it is not UTF-8 text") from None


def _read_json(path):
    text = _read_text(path)
    if text is None:
        return None
    try:
        data = json.loads(text) if text.strip() else {}
    except ValueError as error:
        # json's messages give a position only, never the content
        raise _file_error(path, "invalid JSON (%s)" % error) from None
    if not isinstance(data, dict):
        raise _file_error(path, "expected a JSON object at the top level")
    return data


def _read_toml(path):
    text = _read_text(path)
    if text is None:
        return None
    import tomllib  # deferred: only Exoscale reads TOML; Python >= 3.11 has it

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib's messages give a position only, never the content
        raise _file_error(path, "invalid TOML (%s)" % error) from None


def _read_ini(path):
    """{section: {key: value}} of an INI file, or None when it does not exist."""
    text = _read_text(path)
    if text is None:
        return None
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    try:
        parser.read_string(text, source=path)
    except configparser.ParsingError as error:
        # the parser's own message quotes the faulty lines, which may hold a secret: give line numbers only
        lines = ", ".join(str(lineno) for lineno, _line in error.errors) or "?"
        raise _file_error(path, "invalid INI syntax on line %s" % lines) from None
    except configparser.Error as error:
        raise _file_error(path, "invalid INI syntax (%s)" % type(error).__name__) from None
    return {section: dict(parser.items(section)) for section in parser.sections()}


def _lowercase_keys(mapping):
    return {str(key).lower(): value for key, value in mapping.items()} if isinstance(mapping, dict) else {}


# ---------------------------------------------------------------------------------------------------------------
# Running credential helper commands (AWS credential_process, Exoscale secretCommand)


def _run_secret_command(argv, what):
    """The stdout of a command that prints credentials. Its output is never shown: it holds secrets."""
    if not argv:
        raise CredentialsError("%s is empty." % what)
    try:
        # Not AnsibleModule.run_command: the resolvers also serve inventory plugins, which have no module, and a
        # credential helper that hangs (waiting for an SSO login, a locked vault) needs a timeout, which it lacks.
        completed = subprocess.run(  # pylint: disable=ansible-bad-function
            argv, capture_output=True, stdin=subprocess.DEVNULL, timeout=COMMAND_TIMEOUT, check=False,
        )
    except FileNotFoundError:
        raise CredentialsError("%s could not start: %s was not found." % (what, argv[0])) from None
    except subprocess.TimeoutExpired:
        raise CredentialsError("%s did not finish within %d seconds." % (what, COMMAND_TIMEOUT)) from None
    except OSError as error:
        raise CredentialsError("%s could not start %s: %s." % (what, argv[0], error.strerror or type(error).__name__)) from None
    if completed.returncode != 0:
        detail = _stderr_tail(completed.stderr)
        raise CredentialsError(
            "%s failed with exit status %s%s (its standard output is not shown)."
            % (what, completed.returncode, ": %s" % detail if detail else "")
        )
    return completed.stdout.decode("utf-8", errors="replace")


def _stderr_tail(stderr):
    text = (stderr or b"").decode("utf-8", errors="replace").strip()
    if len(text) > _STDERR_SHOWN:
        text = "..." + text[-_STDERR_SHOWN:]
    return redact_text(text)


# ---------------------------------------------------------------------------------------------------------------
# OUTSCALE OKS

_OKS_SCHEMES = (
    _Scheme("token", ("access_token",), ("refresh_token",)),
    _Scheme("access_key", ("access_key", "secret_key")),
    _Scheme("basic", ("username", "password")),
)
_OKS_FIELDS = ("access_key", "secret_key", "username", "password", "access_token", "refresh_token")


def resolve_oks(params, env=None, home=None):
    """OKS credentials, region and endpoint.

    Credentials: options, then OSC_ACCESS_KEY/OSC_SECRET_KEY or OSC_LOGIN/OSC_PASSWORD, then OKS_ACCESS_KEY/
    OKS_SECRET_KEY or OKS_USERNAME/OKS_PASSWORD (the OKS CLI), then the profile in OSC_CONFIG_FILE
    (~/.osc/config.json), then the profile in ~/.oks_cli/config.json. The profile option skips the environment.
    """
    look = _Lookup(params, env, home)
    profile, explicit, from_option = look.profile("profile", "OSC_PROFILE")
    osc_path, osc_profile = _osc_profile(look, profile)
    oks_cli_path = look.path("~/.oks_cli/config.json")
    oks_cli_profile = _json_profile(oks_cli_path, profile)
    if explicit and osc_profile is None and oks_cli_profile is None:
        raise _oks_profile_missing(profile, osc_path, oks_cli_path)

    sources = [look.option_source(_OKS_FIELDS)]
    if not from_option:
        sources.append(look.env_source("the environment (OSC_*)", {
            "access_key": "OSC_ACCESS_KEY", "secret_key": "OSC_SECRET_KEY", "username": "OSC_LOGIN", "password": "OSC_PASSWORD"}))
        sources.append(look.env_source("the environment (OKS_*)", {
            "access_key": "OKS_ACCESS_KEY", "secret_key": "OKS_SECRET_KEY", "username": "OKS_USERNAME", "password": "OKS_PASSWORD"}))
    if osc_profile is not None:
        sources.append(_osc_source(osc_path, profile, osc_profile))
    if oks_cli_profile is not None:
        sources.append(_oks_cli_source(oks_cli_path, profile, oks_cli_profile))

    chosen = _choose_credentials("OKS", sources, _OKS_SCHEMES)
    if chosen is None:
        raise _oks_missing(osc_path, oks_cli_path)
    result = _result_credentials(chosen, _OKS_FIELDS)
    result["otp_code"] = _first(look.option("otp_code"), look.env_value("OKS_OTP_CODE"))
    result["profile"] = profile if (osc_profile is not None or oks_cli_profile is not None) else None
    result.update(_oks_location(look, osc_profile or {}, oks_cli_profile or {}))
    result["ca_path"] = look.option("ca_path")
    return _registered(result)


def _osc_profile(look, profile):
    configured = look.env_value("OSC_CONFIG_FILE")
    path = look.path(configured or "~/.osc/config.json")
    data = _read_json(path)
    if data is None:
        if configured:
            raise CredentialsError("OSC_CONFIG_FILE names %s, which does not exist." % path, env_vars=("OSC_CONFIG_FILE",), files=(path,))
        return path, None
    section = data.get(profile)
    if section is not None and not isinstance(section, dict):
        raise _file_error(path, "profile %r is not a JSON object" % profile)
    return path, section


def _json_profile(path, profile):
    data = _read_json(path)
    if data is None:
        return None
    section = data.get(profile)
    if section is not None and not isinstance(section, dict):
        raise _file_error(path, "profile %r is not a JSON object" % profile)
    return section


def _profile_names(path):
    try:
        data = _read_json(path) or {}
    except CredentialsError:
        return []
    return sorted(str(name) for name in data)


def _oks_profile_missing(profile, osc_path, oks_cli_path):
    known = sorted(set(_profile_names(osc_path)) | set(_profile_names(oks_cli_path)))
    return CredentialsError(
        "OKS profile %r was not found in %s or %s (profiles there: %s). Set profile or OSC_PROFILE to one of them."
        % (profile, osc_path, oks_cli_path, ", ".join(known) or "none"),
        options=("profile",), env_vars=("OSC_PROFILE",), files=(osc_path, oks_cli_path),
    )


def _osc_source(path, profile, section):
    label = "%s (profile %s)" % (path, profile)
    values = {
        "access_key": section.get("access_key"), "secret_key": section.get("secret_key"),
        "username": _first(section.get("login"), section.get("email")), "password": section.get("password"),
    }
    names = {"access_key": "access_key", "secret_key": "secret_key", "username": "login", "password": "password"}
    return _Source(label, values, names)


def _oks_cli_source(path, profile, section):
    label = "%s (profile %s)" % (path, profile)
    fields = ("access_key", "secret_key", "username", "password")
    return _Source(label, {field: section.get(field) for field in fields}, {field: field for field in fields})


def _oks_location(look, osc_profile, oks_cli_profile):
    protocol = _first(osc_profile.get("protocol"), look.env_value("OSC_PROTOCOL")) or "https"
    osc_endpoints = osc_profile.get("endpoints") if isinstance(osc_profile.get("endpoints"), dict) else {}
    endpoint = _first(
        look.option("endpoint"), look.env_value("OSC_ENDPOINT_OKS"), look.env_value("OKS_ENDPOINT"),
        osc_endpoints.get("oks"), oks_cli_profile.get("endpoint"),
    )
    region = _first(
        look.option("region"), look.env_value("OSC_REGION"), look.env_value("OKS_REGION"),
        osc_profile.get("region"), oks_cli_profile.get("region_name"),
    ) or OKS_DEFAULT_REGION
    if endpoint:
        return {"region": region, "endpoint": _with_scheme(endpoint, protocol)}
    _check_listed(region, OKS_REGIONS, "OKS region", "region", ("OSC_REGION", "OKS_REGION"))
    return {"region": region, "endpoint": OKS_ENDPOINT_PATTERN.format(region=region)}


def _oks_missing(osc_path, oks_cli_path):
    return CredentialsError(
        "No OKS credentials found. Use one of three ways: "
        "(1) an access key: the options access_key and secret_key, or the environment variables OSC_ACCESS_KEY and "
        "OSC_SECRET_KEY (or OKS_ACCESS_KEY and OKS_SECRET_KEY); "
        "(2) a user login: the options username and password (with otp_code when the account uses MFA), or "
        "OSC_LOGIN and OSC_PASSWORD (or OKS_USERNAME and OKS_PASSWORD, with OKS_OTP_CODE); "
        "(3) a token: the option access_token (with refresh_token). "
        "A profile in %s (OSC_CONFIG_FILE) or %s also works; choose it with profile or OSC_PROFILE." % (osc_path, oks_cli_path),
        options=("access_key", "secret_key", "username", "password", "otp_code", "access_token", "refresh_token", "profile"),
        env_vars=("OSC_ACCESS_KEY", "OSC_SECRET_KEY", "OSC_LOGIN", "OSC_PASSWORD", "OKS_ACCESS_KEY", "OKS_SECRET_KEY",
                  "OKS_USERNAME", "OKS_PASSWORD", "OKS_OTP_CODE", "OSC_PROFILE", "OSC_CONFIG_FILE"),
        files=(osc_path, oks_cli_path),
    )


# ---------------------------------------------------------------------------------------------------------------
# Exoscale SKS

_SKS_SCHEMES = (_Scheme("access_key", ("api_key", "api_secret")),)


def resolve_sks(params, env=None, home=None):
    """SKS credentials, zone and endpoint.

    Credentials: options, then EXOSCALE_API_KEY/EXOSCALE_API_SECRET, then the account of exoscale.toml (EXOSCALE_CONFIG,
    else the exo CLI's search path) named by profile, EXOSCALE_ACCOUNT or defaultAccount. The profile option skips
    the environment.
    """
    look = _Lookup(params, env, home)
    account_name, explicit, from_option = look.profile("profile", "EXOSCALE_ACCOUNT")
    config_path, searched = _exoscale_config_path(look)
    account, notes = _exoscale_account(config_path, account_name if explicit else None)
    if explicit and account is None:
        raise CredentialsError(
            "Exoscale account %r was not found: %s" % (account_name, " ".join(notes) or "no exoscale.toml in %s." % _or_list(searched)),
            options=("profile",), env_vars=("EXOSCALE_ACCOUNT", "EXOSCALE_CONFIG"), files=searched,
        )

    sources = [look.option_source(("api_key", "api_secret"))]
    if not from_option:
        sources.append(look.env_source("the environment", {"api_key": "EXOSCALE_API_KEY", "api_secret": "EXOSCALE_API_SECRET"}))
    chosen = _choose_credentials("Exoscale", sources, _SKS_SCHEMES)
    if chosen is None and account is not None:
        chosen = _choose_credentials("Exoscale", [_exoscale_account_source(config_path, account)], _SKS_SCHEMES)
    if chosen is None:
        raise _sks_missing(searched, notes)
    result = _result_credentials(chosen, ("api_key", "api_secret"))
    result["profile"] = account.get("name") if account is not None else None
    result.update(_sks_location(look, account or {}))
    result["ca_path"] = look.option("ca_path")
    return _registered(result)


def _exoscale_config_path(look):
    """(the file to read or None, the paths searched), like the exo CLI: EXOSCALE_CONFIG, else its search path."""
    configured = look.env_value("EXOSCALE_CONFIG")
    if configured:
        path = look.path(configured)
        if not os.path.isfile(path):
            raise CredentialsError("EXOSCALE_CONFIG names %s, which is not a file." % path, env_vars=("EXOSCALE_CONFIG",), files=(path,))
        return path, [path]
    if sys.platform == "darwin":
        user_config = look.path("~/Library/Application Support")
    else:
        user_config = look.env_value("XDG_CONFIG_HOME") or look.path("~/.config")
    searched = [
        os.path.join(user_config, "exoscale", "exoscale.toml"),
        look.path("~/.exoscale/exoscale.toml"),
        look.path("~/exoscale.toml"),
    ]
    return next((path for path in searched if os.path.isfile(path)), None), searched


def _exoscale_account(path, wanted):
    """(the selected account with lowercase keys or None, notes explaining why none was selected)."""
    if path is None:
        return None, []
    data = _lowercase_keys(_read_toml(path) or {})
    accounts = [_lowercase_keys(account) for account in data.get("accounts") or [] if isinstance(account, dict)]
    names = [str(account.get("name")) for account in accounts]
    name = wanted or data.get("defaultaccount")
    if not name:
        if not accounts:
            return None, ["%s has no [[accounts]]." % path]
        return None, ["%s has no defaultAccount: set profile or EXOSCALE_ACCOUNT to one of %s." % (path, ", ".join(names))]
    for account in accounts:
        if account.get("name") == name:
            return account, []
    return None, ["%s has no account named %r (accounts there: %s)." % (path, name, ", ".join(names) or "none")]


def _exoscale_account_source(path, account):
    secret = account.get("secret")
    command = account.get("secretcommand")
    if not _is_set(secret) and _is_set(account.get("key")) and command:
        argv = command if isinstance(command, list) else shlex.split(str(command))
        secret = _run_secret_command([str(part) for part in argv], "The secretCommand of Exoscale account %r" % account.get("name")).rstrip("\r\n")
    label = "%s (account %s)" % (path, account.get("name"))
    return _Source(label, {"api_key": account.get("key"), "api_secret": secret}, {"api_key": "key", "api_secret": "secret"})


def _sks_location(look, account):
    endpoint = _first(look.option("endpoint"), look.env_value("EXOSCALE_API_ENDPOINT"))
    zone = _first(look.option("zone"), look.env_value("EXOSCALE_ZONE"), account.get("defaultzone")) or SKS_DEFAULT_ZONE
    if endpoint:
        return {"zone": zone, "endpoint": _with_scheme(endpoint)}
    _check_listed(zone, SKS_ZONES, "Exoscale zone", "zone", ("EXOSCALE_ZONE",))
    return {"zone": zone, "endpoint": SKS_ENDPOINT_PATTERN.format(zone=zone)}


def _sks_missing(searched, notes):
    return CredentialsError(
        "No Exoscale credentials found. Set the options api_key and api_secret, or the environment variables "
        "EXOSCALE_API_KEY and EXOSCALE_API_SECRET, or an account in exoscale.toml (EXOSCALE_CONFIG, else the first of %s), "
        "chosen by profile, EXOSCALE_ACCOUNT or its defaultAccount.%s" % (", ".join(searched), "".join(" " + note for note in notes)),
        options=("api_key", "api_secret", "profile"),
        env_vars=("EXOSCALE_API_KEY", "EXOSCALE_API_SECRET", "EXOSCALE_ACCOUNT", "EXOSCALE_CONFIG"),
        files=searched,
    )


# ---------------------------------------------------------------------------------------------------------------
# AWS EKS

_EKS_SCHEMES = (_Scheme("access_key", ("access_key", "secret_key"), ("session_token",)),)
_EKS_FIELDS = ("access_key", "secret_key", "session_token")
# Profile settings only botocore knows how to turn into credentials (STS, SSO, web identity, login sessions).
_BOTOCORE_PROFILE_KEYS = ("role_arn", "credential_source", "web_identity_token_file", "sso_start_url", "sso_session",
                          "sso_account_id", "login_session")


class _AwsProfile:
    """One profile of the shared files: its [profile x] section in config and its [x] section in credentials."""

    def __init__(self, name, config_path, credentials_path):
        self.name = name
        self.config_path = config_path
        self.credentials_path = credentials_path
        config = _read_ini(config_path) or {}
        credentials = _read_ini(credentials_path) or {}
        self.config = dict(config.get("default", {})) if name == "default" else {}
        self.config.update(config.get("profile %s" % name, {}))
        self.credentials = credentials.get(name)
        self.exists = self.credentials is not None or (name == "default" and "default" in config) or "profile %s" % name in config
        self.credentials = self.credentials or {}
        self.known = sorted({section[len("profile "):] for section in config if section.startswith("profile ")}
                            | ({"default"} if "default" in config else set()) | set(credentials))

    def get(self, key):
        """A setting as botocore sees it: the credentials file wins over the config file."""
        return _first(self.credentials.get(key), self.config.get(key))


def resolve_eks(params, env=None, home=None):
    """EKS credentials, region, endpoint and CA bundle.

    Credentials: options, then AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY(/AWS_SESSION_TOKEN), then the profile (profile,
    AWS_PROFILE, AWS_DEFAULT_PROFILE, else default) of the shared files: keys in the credentials file,
    credential_process, keys in the config file; role, SSO and web identity profiles, and instance or container
    roles, through botocore when it is installed. The profile option skips the environment, as the AWS CLI does.
    """
    look = _Lookup(params, env, home)
    name, explicit, from_option = look.profile("profile", "AWS_PROFILE", "AWS_DEFAULT_PROFILE")
    profile = _AwsProfile(
        name,
        look.path(look.env_value("AWS_CONFIG_FILE") or "~/.aws/config"),
        look.path(look.env_value("AWS_SHARED_CREDENTIALS_FILE") or "~/.aws/credentials"),
    )
    if explicit and not profile.exists:
        raise CredentialsError(
            "AWS profile %r was not found in %s or %s (profiles there: %s)."
            % (name, profile.config_path, profile.credentials_path, ", ".join(profile.known) or "none"),
            options=("profile",), env_vars=("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"),
            files=(profile.config_path, profile.credentials_path),
        )

    sources = [look.option_source(_EKS_FIELDS)]
    if not from_option:
        sources.append(look.env_source("the environment", {
            "access_key": "AWS_ACCESS_KEY_ID", "secret_key": "AWS_SECRET_ACCESS_KEY", "session_token": "AWS_SESSION_TOKEN"}))
    chosen = _choose_credentials("AWS", sources, _EKS_SCHEMES)
    result = _result_credentials(chosen, _EKS_FIELDS) if chosen else _eks_profile_credentials(profile)
    result.setdefault("expiration", None)
    result["profile"] = name if profile.exists else None
    result["region"] = _eks_region(look, profile)
    result["endpoint"] = _eks_endpoint(look, profile, result["region"])
    result["ca_path"] = _first(look.option("ca_path"), look.env_value("AWS_CA_BUNDLE"), profile.get("ca_bundle"))
    return _registered(result)


def _eks_profile_credentials(profile):
    """Credentials from the shared files, in botocore's order: roles and SSO, credentials file, process, config file."""
    if not profile.exists:
        return _botocore_result(profile, required=None)
    needs_botocore = [key for key in _BOTOCORE_PROFILE_KEYS if _is_set(profile.get(key))]
    if needs_botocore:
        return _botocore_result(profile, required="profile %r uses %s" % (profile.name, _and_list(needs_botocore)))
    chosen = _choose_credentials("AWS", [_aws_file_source(profile.credentials_path, profile.name, profile.credentials)], _EKS_SCHEMES)
    if chosen:
        return _result_credentials(chosen, _EKS_FIELDS)
    process = profile.get("credential_process")
    if _is_set(process):
        return _credential_process(process, profile)
    chosen = _choose_credentials("AWS", [_aws_file_source(profile.config_path, profile.name, profile.config)], _EKS_SCHEMES)
    if chosen:
        return _result_credentials(chosen, _EKS_FIELDS)
    return _botocore_result(profile, required=None)


def _aws_file_source(path, name, section):
    names = {"access_key": "aws_access_key_id", "secret_key": "aws_secret_access_key", "session_token": "aws_session_token"}
    return _Source("%s (profile %s)" % (path, name), {field: section.get(key) for field, key in names.items()}, names)


def _credential_process(command, profile):
    what = "The credential_process of AWS profile %r" % profile.name
    try:
        argv = shlex.split(command)
    except ValueError:
        raise CredentialsError("%s is not a valid command line (unbalanced quotes)." % what) from None
    output = _run_secret_command(argv, what)
    try:
        data = json.loads(output)
    except ValueError:
        raise CredentialsError("%s did not print JSON (its output is not shown)." % what) from None
    if not isinstance(data, dict):
        raise CredentialsError("%s did not print a JSON object (its output is not shown)." % what)
    if data.get("Version") != 1:
        raise CredentialsError("%s printed Version %r; only Version 1 is supported." % (what, data.get("Version")))
    missing = [key for key in ("AccessKeyId", "SecretAccessKey") if not _is_set(data.get(key))]
    if missing:
        raise CredentialsError("%s printed no %s." % (what, _and_list(missing)))
    expiration = _parse_expiration(data.get("Expiration"), what)
    if expiration is not None and expiration <= datetime.datetime.now(datetime.timezone.utc):
        raise CredentialsError("%s returned credentials that expired at %s." % (what, expiration.isoformat()))
    return {
        "access_key": data["AccessKeyId"], "secret_key": data["SecretAccessKey"], "session_token": data.get("SessionToken") or None,
        "expiration": expiration.isoformat() if expiration else None,
        "auth_method": "access_key", "credentials_source": "credential_process of %s (profile %s)" % (profile.config_path, profile.name),
    }


def _parse_expiration(value, what):
    if not _is_set(value):
        return None
    try:
        moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise CredentialsError("%s printed an Expiration that is not an ISO 8601 date: %r." % (what, value)) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)


def _botocore_result(profile, required):
    """Credentials from botocore's own provider chain; required explains why nothing else will do (or None)."""
    try:
        loaded = _botocore_credentials(profile.name if profile.exists else None, profile.config_path, profile.credentials_path)
    except ImportError:
        if required:
            raise CredentialsError(
                "AWS %s: the Python library botocore is needed for that kind of profile and is not installed. "
                "Install botocore, or give access keys (access_key and secret_key, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                "or a credential_process)." % required,
                options=("access_key", "secret_key", "profile"),
            ) from None
        raise _eks_missing(profile, botocore=False) from None
    if loaded is None:
        if required:
            raise CredentialsError("AWS %s, but botocore found no credentials for it." % required, options=("profile",))
        raise _eks_missing(profile, botocore=True)
    access_key, secret_key, session_token = loaded
    return {
        "access_key": access_key, "secret_key": secret_key, "session_token": session_token or None,
        "auth_method": "access_key", "credentials_source": "botocore (profile %s)" % profile.name if profile.exists else "botocore",
    }


def _botocore_credentials(profile, config_file, credentials_file):
    """(access_key, secret_key, token) from botocore, None when it finds nothing; ImportError without botocore."""
    import botocore.exceptions  # deferred: optional, only for profiles and roles we cannot read ourselves
    import botocore.session

    session = botocore.session.Session(profile=profile)
    session.set_config_variable("config_file", config_file)
    session.set_config_variable("credentials_file", credentials_file)
    try:
        credentials = session.get_credentials()
        frozen = credentials.get_frozen_credentials() if credentials is not None else None
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as error:
        raise CredentialsError("botocore could not load AWS credentials%s: %s" % (
            " for profile %r" % profile if profile else "", redact_text(str(error)))) from None
    if frozen is None or not frozen.access_key or not frozen.secret_key:
        return None
    return frozen.access_key, frozen.secret_key, frozen.token


def _eks_missing(profile, botocore):
    return CredentialsError(
        "No AWS credentials found. Set the options access_key and secret_key (and session_token for temporary keys), "
        "or the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or use a profile "
        "of %s or %s (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE) chosen by profile, AWS_PROFILE or AWS_DEFAULT_PROFILE "
        "(profile %r %s). %s"
        % (profile.config_path, profile.credentials_path, profile.name, "has no keys" if profile.exists else "does not exist",
           "botocore found no instance or container role either." if botocore
           else "Instance and container roles need the Python library botocore, which is not installed."),
        options=("access_key", "secret_key", "session_token", "profile"),
        env_vars=("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"),
        files=(profile.config_path, profile.credentials_path),
    )


def _eks_region(look, profile):
    region = _first(look.option("region"), look.env_value("AWS_REGION", "AWS_DEFAULT_REGION"), profile.get("region"))
    if not region:
        raise CredentialsError(
            "EKS needs a region: set the option region (aws_region), the environment variable AWS_REGION or "
            "AWS_DEFAULT_REGION, or region in profile %r of %s." % (profile.name, profile.config_path),
            options=("region",), env_vars=("AWS_REGION", "AWS_DEFAULT_REGION"), files=(profile.config_path,),
        )
    _check_region_name(region, "AWS region", "region")
    return region


def _eks_endpoint(look, profile, region):
    endpoint = _first(
        look.option("endpoint"), look.env_value("AWS_URL", "AWS_ENDPOINT_URL_EKS", "AWS_ENDPOINT_URL"), profile.get("endpoint_url"),
    )
    if endpoint:
        return _with_scheme(endpoint)
    domain = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
    return EKS_ENDPOINT_PATTERN.format(region=region, domain=domain)


# ---------------------------------------------------------------------------------------------------------------
# Samsung Cloud Platform SKE

_SKE_SCHEMES = (_Scheme("access_key", ("access_key", "secret_key"), ("auth_token",)),)
_SKE_FIELDS = ("access_key", "secret_key", "auth_token")


def resolve_ske(params, env=None, home=None):
    """SKE credentials, account id and endpoint.

    Credentials: options, then SCP_ACCESS_KEY/SCP_SECRET_KEY(/SCP_AUTH_TOKEN), then the vendor Terraform provider's
    SCP_TF_ACCESS_KEY/SCP_TF_SECRET_KEY(/SCP_TF_AUTH_TOKEN), then ~/.scpconf/credentials.json. The endpoint has no
    default: endpoint, SCP_ENDPOINT, SCP_TF_ENDPOINT_OVERRIDE or endpoint-override in ~/.scpconf/config.json.
    """
    look = _Lookup(params, env, home)
    credentials_path = look.path("~/.scpconf/credentials.json")
    config_path = look.path("~/.scpconf/config.json")
    config = _read_json(config_path) or {}

    sources = [
        look.option_source(_SKE_FIELDS),
        look.env_source("the environment (SCP_*)", {
            "access_key": "SCP_ACCESS_KEY", "secret_key": "SCP_SECRET_KEY", "auth_token": "SCP_AUTH_TOKEN"}),
        look.env_source("the environment (SCP_TF_*)", {
            "access_key": "SCP_TF_ACCESS_KEY", "secret_key": "SCP_TF_SECRET_KEY", "auth_token": "SCP_TF_AUTH_TOKEN"}),
    ]
    credentials_file = _read_json(credentials_path)
    if credentials_file is not None:
        names = {"access_key": "access-key", "secret_key": "secret-key", "auth_token": "auth-token"}
        sources.append(_Source(credentials_path, {field: credentials_file.get(key) for field, key in names.items()}, names))
    chosen = _choose_credentials("SCP", sources, _SKE_SCHEMES)
    if chosen is None:
        raise _ske_missing(credentials_path)

    result = _result_credentials(chosen, _SKE_FIELDS)
    result["account_id"] = _first(look.option("account_id"), look.env_value("SCP_ACCOUNT_ID", "SCP_TF_ACCOUNT_ID"), config.get("account-id")) or ""
    result["region"] = _first(look.env_value("SCP_TF_DEFAULT_REGION"), config.get("default-region"))
    result["auth_url"] = _first(look.env_value("SCP_TF_AUTH_URL"), config.get("auth-url"))
    result["api_version"] = look.option("api_version") or SKE_DEFAULT_API_VERSION
    endpoint = _first(look.option("endpoint"), look.env_value("SCP_ENDPOINT", "SCP_TF_ENDPOINT_OVERRIDE"), config.get("endpoint-override"))
    if not endpoint:
        raise _ske_no_endpoint(config_path, result["region"], result["auth_url"])
    result["endpoint"] = _with_scheme(endpoint)
    result["ca_path"] = look.option("ca_path")
    return _registered(result)


def _ske_missing(credentials_path):
    return CredentialsError(
        "No Samsung Cloud Platform credentials found. Set the options access_key and secret_key (and auth_token if your "
        "account uses one), or the environment variables SCP_ACCESS_KEY and SCP_SECRET_KEY (or SCP_TF_ACCESS_KEY and "
        "SCP_TF_SECRET_KEY), or access-key and secret-key in %s." % credentials_path,
        options=("access_key", "secret_key", "auth_token"),
        env_vars=("SCP_ACCESS_KEY", "SCP_SECRET_KEY", "SCP_AUTH_TOKEN", "SCP_TF_ACCESS_KEY", "SCP_TF_SECRET_KEY", "SCP_TF_AUTH_TOKEN"),
        files=(credentials_path,),
    )


def _ske_no_endpoint(config_path, region, auth_url):
    guess = ""
    env_code = re.match(r"^https?://iam\.([a-z0-9-]+)\.samsungsdscloud\.com", auth_url or "")
    if region and env_code:
        guess = " With your auth-url and default-region that would likely be %s." % SKE_ENDPOINT_PATTERN.format(region=region, env=env_code.group(1))
    return CredentialsError(
        "SKE needs an endpoint and has no default: set the option endpoint, the environment variable SCP_ENDPOINT "
        "(or SCP_TF_ENDPOINT_OVERRIDE), or endpoint-override in %s. SKE endpoints follow the pattern %s, for example "
        "https://ske.kr-west1.e.samsungsdscloud.com.%s" % (config_path, SKE_ENDPOINT_PATTERN, guess),
        options=("endpoint",), env_vars=("SCP_ENDPOINT", "SCP_TF_ENDPOINT_OVERRIDE"), files=(config_path,),
    )


# ---------------------------------------------------------------------------------------------------------------
# Huawei Cloud (HSS multi-cloud cluster registry)

_HUAWEI_SCHEMES = (
    _Scheme("access_key", ("access_key", "secret_key"), ("security_token",)),
    _Scheme("token", ("auth_token",)),
)
_HUAWEI_FIELDS = ("access_key", "secret_key", "security_token", "auth_token")


def resolve_huawei(params, env=None, home=None):
    """Huawei credentials, project id, region and HSS endpoint.

    Credentials: options, then HUAWEICLOUD_SDK_AK/SK(/SECURITY_TOKEN) (the SDK), then HW_ACCESS_KEY/HW_SECRET_KEY
    (/HW_SECURITY_TOKEN) or HW_AUTH_TOKEN (the Terraform provider), then the [basic] section of the SDK's credentials
    file (HUAWEICLOUD_SDK_CREDENTIALS_FILE, else ~/.huaweicloud/credentials).
    """
    look = _Lookup(params, env, home)
    credentials_path = look.path(look.env_value("HUAWEICLOUD_SDK_CREDENTIALS_FILE") or "~/.huaweicloud/credentials")
    basic = (_read_ini(credentials_path) or {}).get("basic")

    sources = [
        look.option_source(_HUAWEI_FIELDS),
        look.env_source("the environment (HUAWEICLOUD_SDK_*)", {
            "access_key": "HUAWEICLOUD_SDK_AK", "secret_key": "HUAWEICLOUD_SDK_SK", "security_token": "HUAWEICLOUD_SDK_SECURITY_TOKEN"}),
        look.env_source("the environment (HW_*)", {
            "access_key": "HW_ACCESS_KEY", "secret_key": "HW_SECRET_KEY", "security_token": "HW_SECURITY_TOKEN", "auth_token": "HW_AUTH_TOKEN"}),
    ]
    if basic is not None:
        names = {"access_key": "ak", "secret_key": "sk", "security_token": "security_token"}
        sources.append(_Source("%s [basic]" % credentials_path, {field: basic.get(key) for field, key in names.items()}, names))
    chosen = _choose_credentials("Huawei Cloud", sources, _HUAWEI_SCHEMES)
    if chosen is None:
        raise _huawei_missing(credentials_path)
    result = _result_credentials(chosen, _HUAWEI_FIELDS)
    result["project_id"] = _huawei_project_id(look, basic or {}, credentials_path)
    result.update(_huawei_location(look))
    result["ca_path"] = look.option("ca_path")
    return _registered(result)


def _huawei_project_id(look, basic, credentials_path):
    project_id = _first(look.option("project_id"), look.env_value("HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID"), basic.get("project_id"))
    if not project_id:
        raise CredentialsError(
            "Huawei Cloud needs a project id: set the option project_id, the environment variable HUAWEICLOUD_SDK_PROJECT_ID "
            "or HW_PROJECT_ID, or project_id in the [basic] section of %s." % credentials_path,
            options=("project_id",), env_vars=("HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID"), files=(credentials_path,),
        )
    return project_id


def _huawei_location(look):
    region = _first(look.option("region"), look.env_value("HW_REGION_NAME"))
    endpoint = look.option("endpoint")
    if region:
        _check_region_name(region, "Huawei Cloud region", "region")
        override = look.env_value("HUAWEICLOUD_SDK_REGION_HSS_%s" % region.replace("-", "_").upper())
        endpoint = _first(endpoint, override.split(",")[0].strip() if override else None)
    if endpoint:
        return {"region": region, "endpoint": _with_scheme(endpoint)}
    if not region:
        raise CredentialsError(
            "Huawei Cloud needs a region (the HSS endpoint is %s): set the option region or the environment variable "
            "HW_REGION_NAME, or give the endpoint." % HUAWEI_ENDPOINT_PATTERN,
            options=("region", "endpoint"), env_vars=("HW_REGION_NAME",),
        )
    return {"region": region, "endpoint": HUAWEI_ENDPOINT_PATTERN.format(region=region)}


def _huawei_missing(credentials_path):
    return CredentialsError(
        "No Huawei Cloud credentials found. Set the options access_key and secret_key (and security_token for temporary "
        "keys) or auth_token; or the environment variables HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (and "
        "HUAWEICLOUD_SDK_SECURITY_TOKEN), or HW_ACCESS_KEY and HW_SECRET_KEY (and HW_SECURITY_TOKEN), or HW_AUTH_TOKEN; "
        "or ak and sk in the [basic] section of %s (HUAWEICLOUD_SDK_CREDENTIALS_FILE)." % credentials_path,
        options=("access_key", "secret_key", "security_token", "auth_token"),
        env_vars=("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_SECURITY_TOKEN", "HW_ACCESS_KEY", "HW_SECRET_KEY",
                  "HW_SECURITY_TOKEN", "HW_AUTH_TOKEN", "HUAWEICLOUD_SDK_CREDENTIALS_FILE"),
        files=(credentials_path,),
    )
