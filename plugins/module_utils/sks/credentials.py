# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where Exoscale SKS credentials come from (see core/credentials.py for the shared precedence rules)."""

from __future__ import annotations

import os
import shlex
import sys

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.credentials import (
    CredentialsError,
    Lookup,
    Scheme,
    Source,
    check_listed,
    choose_credentials,
    first,
    is_set,
    lowercase_keys,
    or_list,
    read_toml,
    registered,
    result_credentials,
    run_secret_command,
    with_scheme,
)

SKS_ZONES = ("at-vie-1", "at-vie-2", "bg-sof-1", "ch-dk-2", "ch-gva-2", "de-fra-1", "de-muc-1", "hr-zag-1")
SKS_DEFAULT_ZONE = "ch-gva-2"
SKS_ENDPOINT_PATTERN = "https://api-{zone}.exoscale.com/v2"


_SKS_SCHEMES = (Scheme("access_key", ("api_key", "api_secret")),)

# The exo CLI's environment variables, in its order (cmd/config_resolution.go, readEnvSources): the first one that
# is present in the environment gives the value, even when it is empty (cmd/root.go, readFromEnv).
KEY_VARIABLES = ("EXOSCALE_API_KEY", "EXOSCALE_KEY", "CLOUDSTACK_KEY", "CLOUDSTACK_API_KEY")
SECRET_VARIABLES = (
    "EXOSCALE_API_SECRET",
    "EXOSCALE_SECRET",
    "EXOSCALE_SECRET_KEY",
    "CLOUDSTACK_SECRET",
    "CLOUDSTACK_SECRET_KEY",
)


def _present(env, names):
    """(the first of names present in env, its value), or (None, None)."""
    for name in names:
        if name in env:
            return name, env[name]
    return None, None


def resolve(params, env=None, home=None, cwd=None):
    """SKS credentials, zone and endpoint.

    Credentials: options, then the environment (a key from EXOSCALE_API_KEY, EXOSCALE_KEY, CLOUDSTACK_KEY or
    CLOUDSTACK_API_KEY and a secret from EXOSCALE_API_SECRET, EXOSCALE_SECRET, EXOSCALE_SECRET_KEY, CLOUDSTACK_SECRET
    or CLOUDSTACK_SECRET_KEY, used only when both are set, as the exo CLI does), then the account of exoscale.toml
    (EXOSCALE_CONFIG, else the exo CLI's search path, ending with the current directory cwd) named by profile,
    EXOSCALE_ACCOUNT or defaultAccount. The profile option skips the environment.
    """
    look = Lookup(params, env, home)
    account_name, explicit, from_option = look.profile("profile", "EXOSCALE_ACCOUNT")
    config_path, searched = _exoscale_config_path(look, os.getcwd() if cwd is None else cwd)
    account, notes = _exoscale_account(config_path, account_name if explicit else None)
    if explicit and account is None:
        raise CredentialsError(
            "Exoscale account %r was not found: %s"
            % (account_name, " ".join(notes) or "no exoscale.toml in %s." % or_list(searched)),
            options=("profile",),
            env_vars=("EXOSCALE_ACCOUNT", "EXOSCALE_CONFIG"),
            files=searched,
        )

    sources = [look.option_source(("api_key", "api_secret"))]
    if not from_option:
        key_name, key = _present(look.env, KEY_VARIABLES)
        secret_name, secret = _present(look.env, SECRET_VARIABLES)
        if is_set(key) and is_set(secret):
            sources.append(Source("the environment", {"api_key": key, "api_secret": secret}, {}, kind="env"))
        elif is_set(key) or is_set(secret):
            # the exo CLI ignores half a pair in the environment and reads its configuration file instead
            notes = notes + [
                "%s is set in the environment but none of %s is, so the environment was not used."
                % (key_name, or_list(SECRET_VARIABLES))
                if is_set(key)
                else "%s is set in the environment but none of %s is, so the environment was not used."
                % (secret_name, or_list(KEY_VARIABLES))
            ]
    chosen = choose_credentials("Exoscale", sources, _SKS_SCHEMES)
    if chosen is None and account is not None:
        chosen = choose_credentials("Exoscale", [_exoscale_account_source(config_path, account)], _SKS_SCHEMES)
    if chosen is None:
        raise _sks_missing(searched, notes)
    result = result_credentials(chosen, ("api_key", "api_secret"))
    result["profile"] = account.get("name") if account is not None else None
    result.update(_sks_location(look, account or {}))
    result["ca_path"] = look.option("ca_path")
    return registered(result)


def _exoscale_config_path(look, cwd):
    """(the file to read or None, the paths searched), like the exo CLI (cmd/root.go, initConfig): EXOSCALE_CONFIG,
    else exoscale.toml in its configuration folder (~/.exoscale under snap), ~/.exoscale, ~ and the current
    directory, the first that exists."""
    configured = look.env_value("EXOSCALE_CONFIG")
    if configured:
        path = look.path(configured)
        if not os.path.isfile(path):
            raise CredentialsError(
                "EXOSCALE_CONFIG names %s, which is not a file." % path, env_vars=("EXOSCALE_CONFIG",), files=(path,)
            )
        return path, [path]
    if "SNAP_USER_COMMON" in look.env:
        config_folder = look.path("~/.exoscale")
    elif sys.platform == "darwin":
        config_folder = os.path.join(look.path("~/Library/Application Support"), "exoscale")
    else:
        config_folder = os.path.join(look.env_value("XDG_CONFIG_HOME") or look.path("~/.config"), "exoscale")
    searched = list(
        dict.fromkeys(
            [
                os.path.join(config_folder, "exoscale.toml"),
                look.path("~/.exoscale/exoscale.toml"),
                look.path("~/exoscale.toml"),
                os.path.join(cwd, "exoscale.toml"),
            ]
        )
    )
    return next((path for path in searched if os.path.isfile(path)), None), searched


def _exoscale_account(path, wanted):
    """(the selected account with lowercase keys or None, notes explaining why none was selected)."""
    if path is None:
        return None, []
    data = lowercase_keys(read_toml(path) or {})
    accounts = [lowercase_keys(account) for account in data.get("accounts") or [] if isinstance(account, dict)]
    names = [str(account.get("name")) for account in accounts]
    name = wanted or data.get("defaultaccount")
    if not name:
        if not accounts:
            return None, ["%s has no [[accounts]]." % path]
        return None, [
            "%s has no defaultAccount: set profile or EXOSCALE_ACCOUNT to one of %s." % (path, ", ".join(names))
        ]
    for account in accounts:
        if account.get("name") == name:
            return account, []
    return None, ["%s has no account named %r (accounts there: %s)." % (path, name, ", ".join(names) or "none")]


def _exoscale_account_source(path, account):
    secret = account.get("secret")
    command = account.get("secretcommand")
    if not is_set(secret) and is_set(account.get("key")) and command:
        argv = command if isinstance(command, list) else shlex.split(str(command))
        secret = run_secret_command(
            [str(part) for part in argv], "The secretCommand of Exoscale account %r" % account.get("name")
        ).rstrip("\r\n")
    label = "%s (account %s)" % (path, account.get("name"))
    return Source(
        label, {"api_key": account.get("key"), "api_secret": secret}, {"api_key": "key", "api_secret": "secret"}
    )


def _sks_location(look, account):
    endpoint = first(look.option("endpoint"), look.env_value("EXOSCALE_API_ENDPOINT"))
    zone = first(look.option("zone"), look.env_value("EXOSCALE_ZONE"), account.get("defaultzone")) or SKS_DEFAULT_ZONE
    if endpoint:
        return {"zone": zone, "endpoint": with_scheme(endpoint)}
    check_listed(zone, SKS_ZONES, "Exoscale zone", "zone", ("EXOSCALE_ZONE",))
    return {"zone": zone, "endpoint": SKS_ENDPOINT_PATTERN.format(zone=zone)}


def _sks_missing(searched, notes):
    return CredentialsError(
        "No Exoscale credentials found. Set the options api_key and api_secret, or the environment variables "
        "EXOSCALE_API_KEY and EXOSCALE_API_SECRET, or an account in exoscale.toml (EXOSCALE_CONFIG, else the first of "
        "%s), chosen by profile, EXOSCALE_ACCOUNT or its defaultAccount.%s"
        % (", ".join(searched), "".join(" " + note for note in notes)),
        options=("api_key", "api_secret", "profile"),
        env_vars=KEY_VARIABLES + SECRET_VARIABLES + ("EXOSCALE_ACCOUNT", "EXOSCALE_CONFIG"),
        files=searched,
    )
