# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared half of credential resolution: the three places a resolver reads (module options, the vendor's
environment variables, the vendor's configuration files, so a user's existing CLI setup just works), file readers,
credential helper commands, and CredentialsError.

Each cloud's credentials.resolve(params, env=None, home=None), built on these, returns a plain dict (credentials,
region or zone, endpoint, ca_path, auth_method, credentials_source) or raises CredentialsError. Secrets that belong together (a key and
its secret, a session token and its key) always come from one place: the first place that sets any of them.
Values that are not secret (region, endpoint, project id...) are looked up one by one.
No secret ever goes into an exception message.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import subprocess

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import (
    is_secret_key,
    redact_text,
    register_secret,
)

COMMAND_TIMEOUT = 120
_STDERR_SHOWN = 300
REGION_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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


def is_set(value):
    return value is not None and value != ""


def first(*values):
    return next((value for value in values if is_set(value)), None)


def and_list(items):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return "%s and %s" % (", ".join(items[:-1]), items[-1])


def or_list(items):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return "%s or %s" % (", ".join(items[:-1]), items[-1])


class Lookup:
    """The three places a resolver reads: module params, environment variables and files under a home directory."""

    def __init__(self, params, env, home):
        self.params = params or {}
        self.env = os.environ if env is None else env
        self.home = home if home is not None else os.path.expanduser("~")

    def option(self, name):
        value = self.params.get(name)
        return value if is_set(value) else None

    def env_value(self, *names):
        return first(*(self.env.get(name) for name in names))

    def path(self, value):
        """A path with a leading ~ expanded against home (so tests can point home at a temporary directory)."""
        value = str(value)
        if value == "~" or value.startswith("~/"):
            return os.path.join(self.home, value[2:])
        return os.path.expanduser(value)

    def profile(self, option_name, *env_names):
        """(name, explicit, from_option): the profile to read, whether the user named it, whether as an option."""
        from_option = self.option(option_name)
        name = first(from_option, self.env_value(*env_names))
        return (name or "default"), name is not None, from_option is not None

    def env_source(self, label, mapping):
        """A credential source from environment variables; mapping is field -> variable name."""
        return Source(label, {field: self.env.get(name) for field, name in mapping.items()}, mapping, kind="env")

    def option_source(self, fields):
        return Source(
            "the module options",
            {field: self.option(field) for field in fields},
            {field: field for field in fields},
            kind="option",
        )


class Source:
    """One place credentials can come from: its label, its values by field, and what the user calls each field there."""

    def __init__(self, label, values, names, kind="file"):
        self.label = label
        self.values = {field: value for field, value in values.items() if is_set(value)}
        self.names = names
        self.kind = kind

    def name(self, field):
        return self.names.get(field, field)


class Scheme:
    """An authentication scheme: the fields it needs and the ones that may come with them."""

    def __init__(self, method, required, optional=()):
        self.method = method
        self.required = tuple(required)
        self.optional = tuple(optional)


def choose_credentials(cloud, sources, schemes):
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
        raise incomplete(cloud, source, schemes)
    return None


def incomplete(cloud, source, schemes):
    closest = max(schemes, key=lambda scheme: len(set(scheme.required) & set(source.values)))
    present = [source.name(field) for field in closest.required if field in source.values]
    missing = [source.name(field) for field in closest.required if field not in source.values]
    names = [source.name(field) for field in closest.required]
    return CredentialsError(
        "Incomplete %s credentials in %s: %s %s set but %s %s not. Set %s there too, or remove %s."
        % (
            cloud,
            source.label,
            and_list(present),
            "is" if len(present) == 1 else "are",
            and_list(missing),
            "is" if len(missing) == 1 else "are",
            and_list(missing),
            and_list(present),
        ),
        options=closest.required,
        env_vars=names if source.kind == "env" else (),
        files=(source.label,) if source.kind == "file" else (),
    )


def result_credentials(chosen, all_fields):
    method, label, values = chosen
    result = dict.fromkeys(all_fields)
    result.update(values)
    result["auth_method"] = method
    result["credentials_source"] = label
    return result


def registered(result):
    """result, after telling the redaction module its secret values: options are masked by Ansible, these are not."""
    for key, value in result.items():
        if is_secret_key(key):
            register_secret(value)
    return result


def with_scheme(url, protocol="https"):
    url = url.strip()
    if "://" not in url:
        url = "%s://%s" % (protocol or "https", url)
    return url.rstrip("/")


def check_region_name(value, what, option):
    if not REGION_NAME.match(value):
        raise CredentialsError(
            "%s %r is not a valid %s name: use lowercase letters, digits and dashes (set %s)."
            % (what, value, what.lower(), option),
            options=(option,),
        )


def check_listed(value, allowed, what, option, env_vars):
    if value not in allowed:
        raise CredentialsError(
            "%s %r is not supported: set the option %s (or %s) to one of %s, or set endpoint to reach another one."
            % (what, value, option, or_list(env_vars), ", ".join(allowed)),
            options=(option, "endpoint"),
            env_vars=env_vars,
        )


# ---------------------------------------------------------------------------------------------------------------
# Reading files


def file_error(path, problem):
    return CredentialsError("Cannot read %s: %s." % (path, problem), files=(path,))


def read_text(path):
    """The file's text, or None when it does not exist."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise file_error(path, "it is a directory") from None
    except OSError as error:
        raise file_error(path, error.strerror or type(error).__name__) from None
    except UnicodeDecodeError:
        raise file_error(path, "it is not UTF-8 text") from None


def read_json(path):
    text = read_text(path)
    if text is None:
        return None
    try:
        data = json.loads(text) if text.strip() else {}
    except ValueError as error:
        # json's messages give a position only, never the content
        raise file_error(path, "invalid JSON (%s)" % error) from None
    if not isinstance(data, dict):
        raise file_error(path, "expected a JSON object at the top level")
    return data


def read_toml(path):
    text = read_text(path)
    if text is None:
        return None
    import tomllib  # deferred: few config files are TOML; Python >= 3.11 has it

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib's messages give a position only, never the content
        raise file_error(path, "invalid TOML (%s)" % error) from None


def read_ini(path):
    """{section: {key: value}} of an INI file, or None when it does not exist."""
    text = read_text(path)
    if text is None:
        return None
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    try:
        parser.read_string(text, source=path)
    except configparser.ParsingError as error:
        # the parser's own message quotes the faulty lines, which may hold a secret: give line numbers only
        lines = ", ".join(str(lineno) for lineno, _line in error.errors) or "?"
        raise file_error(path, "invalid INI syntax on line %s" % lines) from None
    except configparser.Error as error:
        raise file_error(path, "invalid INI syntax (%s)" % type(error).__name__) from None
    return {section: dict(parser.items(section)) for section in parser.sections()}


def lowercase_keys(mapping):
    return {str(key).lower(): value for key, value in mapping.items()} if isinstance(mapping, dict) else {}


# ---------------------------------------------------------------------------------------------------------------
# Running credential helper commands (a credential process, a secret command)


def run_secret_command(argv, what):
    """The stdout of a command that prints credentials. Its output is never shown: it holds secrets."""
    if not argv:
        raise CredentialsError("%s is empty." % what)
    try:
        # Not AnsibleModule.run_command: the resolvers also serve inventory plugins, which have no module, and a
        # credential helper that hangs (waiting for an SSO login, a locked vault) needs a timeout, which it lacks.
        completed = subprocess.run(  # pylint: disable=ansible-bad-function
            argv,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise CredentialsError("%s could not start: %s was not found." % (what, argv[0])) from None
    except subprocess.TimeoutExpired:
        raise CredentialsError("%s did not finish within %d seconds." % (what, COMMAND_TIMEOUT)) from None
    except OSError as error:
        raise CredentialsError(
            "%s could not start %s: %s." % (what, argv[0], error.strerror or type(error).__name__)
        ) from None
    if completed.returncode != 0:
        detail = stderr_tail(completed.stderr)
        raise CredentialsError(
            "%s failed with exit status %s%s (its standard output is not shown)."
            % (what, completed.returncode, ": %s" % detail if detail else "")
        )
    return completed.stdout.decode("utf-8", errors="replace")


def stderr_tail(stderr):
    text = (stderr or b"").decode("utf-8", errors="replace").strip()
    if len(text) > _STDERR_SHOWN:
        text = "..." + text[-_STDERR_SHOWN:]
    return redact_text(text)
