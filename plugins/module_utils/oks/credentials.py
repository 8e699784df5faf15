# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where OUTSCALE OKS credentials come from (see core/credentials.py for the shared precedence rules)."""

from __future__ import annotations

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.credentials import (
    CredentialsError,
    Lookup,
    Scheme,
    Source,
    check_listed,
    choose_credentials,
    file_error,
    first,
    read_json,
    registered,
    result_credentials,
    with_scheme,
)

OKS_REGIONS = ("eu-west-2", "cloudgouv-eu-west-1")
OKS_DEFAULT_REGION = "eu-west-2"
OKS_ENDPOINT_PATTERN = "https://api.{region}.oks.outscale.com/api/v2"


_OKS_SCHEMES = (
    Scheme("token", ("access_token",), ("refresh_token",)),
    Scheme("access_key", ("access_key", "secret_key")),
    Scheme("basic", ("username", "password")),
)
_OKS_FIELDS = ("access_key", "secret_key", "username", "password", "access_token", "refresh_token")


def resolve(params, env=None, home=None):
    """OKS credentials, region and endpoint.

    Credentials: options, then OSC_ACCESS_KEY/OSC_SECRET_KEY or OSC_LOGIN/OSC_PASSWORD, then OKS_ACCESS_KEY/
    OKS_SECRET_KEY or OKS_USERNAME/OKS_PASSWORD (the OKS CLI), then the profile in OSC_CONFIG_FILE
    (~/.osc/config.json), then the profile in ~/.oks_cli/config.json. The profile option skips the environment.
    The profile is the option, else OSC_PROFILE, else OKS_PROFILE (oks-cli's selector, utils.py login_profile),
    else ``default``. An oks-cli profile's ``jwt`` flag turns on the tokens the API hands out (is_jwt_enabled).
    """
    look = Lookup(params, env, home)
    profile, explicit, from_option = look.profile("profile", "OSC_PROFILE", "OKS_PROFILE")
    osc_path, osc_profile = _osc_profile(look, profile)
    oks_cli_path = look.path("~/.oks_cli/config.json")
    oks_cli_profile = _json_profile(oks_cli_path, profile)
    if explicit and osc_profile is None and oks_cli_profile is None:
        raise _oks_profile_missing(profile, osc_path, oks_cli_path)

    sources = [look.option_source(_OKS_FIELDS)]
    if not from_option:
        sources.append(
            look.env_source(
                "the environment (OSC_*)",
                {
                    "access_key": "OSC_ACCESS_KEY",
                    "secret_key": "OSC_SECRET_KEY",
                    "username": "OSC_LOGIN",
                    "password": "OSC_PASSWORD",
                },
            )
        )
        sources.append(
            look.env_source(
                "the environment (OKS_*)",
                {
                    "access_key": "OKS_ACCESS_KEY",
                    "secret_key": "OKS_SECRET_KEY",
                    "username": "OKS_USERNAME",
                    "password": "OKS_PASSWORD",
                },
            )
        )
    if osc_profile is not None:
        sources.append(_osc_source(osc_path, profile, osc_profile))
    if oks_cli_profile is not None:
        sources.append(_oks_cli_source(oks_cli_path, profile, oks_cli_profile))

    chosen = choose_credentials("OKS", sources, _OKS_SCHEMES)
    if chosen is None:
        raise _oks_missing(osc_path, oks_cli_path)
    result = result_credentials(chosen, _OKS_FIELDS)
    result["otp_code"] = first(look.option("otp_code"), look.env_value("OKS_OTP_CODE"))
    result["profile"] = profile if (osc_profile is not None or oks_cli_profile is not None) else None
    result["jwt"] = (oks_cli_profile or {}).get("jwt") is True
    result.update(_oks_location(look, osc_profile or {}, oks_cli_profile or {}))
    result["ca_path"] = look.option("ca_path")
    return registered(result)


def _osc_profile(look, profile):
    configured = look.env_value("OSC_CONFIG_FILE")
    path = look.path(configured or "~/.osc/config.json")
    data = read_json(path)
    if data is None:
        if configured:
            raise CredentialsError(
                "OSC_CONFIG_FILE names %s, which does not exist." % path, env_vars=("OSC_CONFIG_FILE",), files=(path,)
            )
        return path, None
    section = data.get(profile)
    if section is not None and not isinstance(section, dict):
        raise file_error(path, "profile %r is not a JSON object" % profile)
    return path, section


def _json_profile(path, profile):
    data = read_json(path)
    if data is None:
        return None
    section = data.get(profile)
    if section is not None and not isinstance(section, dict):
        raise file_error(path, "profile %r is not a JSON object" % profile)
    return section


def _profile_names(path):
    try:
        data = read_json(path) or {}
    except CredentialsError:
        return []
    return sorted(str(name) for name in data)


def _oks_profile_missing(profile, osc_path, oks_cli_path):
    known = sorted(set(_profile_names(osc_path)) | set(_profile_names(oks_cli_path)))
    return CredentialsError(
        "OKS profile %r was not found in %s or %s (profiles there: %s). Set profile, OSC_PROFILE or OKS_PROFILE to "
        "one of them." % (profile, osc_path, oks_cli_path, ", ".join(known) or "none"),
        options=("profile",),
        env_vars=("OSC_PROFILE", "OKS_PROFILE"),
        files=(osc_path, oks_cli_path),
    )


def _osc_source(path, profile, section):
    label = "%s (profile %s)" % (path, profile)
    values = {
        "access_key": section.get("access_key"),
        "secret_key": section.get("secret_key"),
        "username": first(section.get("login"), section.get("email")),
        "password": section.get("password"),
    }
    names = {"access_key": "access_key", "secret_key": "secret_key", "username": "login", "password": "password"}
    return Source(label, values, names)


def _oks_cli_source(path, profile, section):
    label = "%s (profile %s)" % (path, profile)
    fields = ("access_key", "secret_key", "username", "password")
    return Source(label, {field: section.get(field) for field in fields}, {field: field for field in fields})


def _oks_location(look, osc_profile, oks_cli_profile):
    protocol = first(osc_profile.get("protocol"), look.env_value("OSC_PROTOCOL")) or "https"
    osc_endpoints = osc_profile.get("endpoints") if isinstance(osc_profile.get("endpoints"), dict) else {}
    endpoint = first(
        look.option("endpoint"),
        look.env_value("OSC_ENDPOINT_OKS"),
        look.env_value("OKS_ENDPOINT"),
        osc_endpoints.get("oks"),
        oks_cli_profile.get("endpoint"),
    )
    region = (
        first(
            look.option("region"),
            look.env_value("OSC_REGION"),
            look.env_value("OKS_REGION"),
            osc_profile.get("region"),
            oks_cli_profile.get("region_name"),
        )
        or OKS_DEFAULT_REGION
    )
    if endpoint:
        return {"region": region, "endpoint": with_scheme(endpoint, protocol)}
    check_listed(region, OKS_REGIONS, "OKS region", "region", ("OSC_REGION", "OKS_REGION"))
    return {"region": region, "endpoint": OKS_ENDPOINT_PATTERN.format(region=region)}


def _oks_missing(osc_path, oks_cli_path):
    return CredentialsError(
        "No OKS credentials found. Use one of three ways: "
        "(1) an access key: the options access_key and secret_key, or the environment variables OSC_ACCESS_KEY and "
        "OSC_SECRET_KEY (or OKS_ACCESS_KEY and OKS_SECRET_KEY); "
        "(2) a user login: the options username and password (with otp_code when the account uses MFA), or "
        "OSC_LOGIN and OSC_PASSWORD (or OKS_USERNAME and OKS_PASSWORD, with OKS_OTP_CODE); "
        "(3) a token: the option access_token (with refresh_token). "
        "A profile in %s (OSC_CONFIG_FILE) or %s also works; choose it with profile, OSC_PROFILE or OKS_PROFILE."
        % (osc_path, oks_cli_path),
        options=(
            "access_key",
            "secret_key",
            "username",
            "password",
            "otp_code",
            "access_token",
            "refresh_token",
            "profile",
        ),
        env_vars=(
            "OSC_ACCESS_KEY",
            "OSC_SECRET_KEY",
            "OSC_LOGIN",
            "OSC_PASSWORD",
            "OKS_ACCESS_KEY",
            "OKS_SECRET_KEY",
            "OKS_USERNAME",
            "OKS_PASSWORD",
            "OKS_OTP_CODE",
            "OSC_PROFILE",
            "OKS_PROFILE",
            "OSC_CONFIG_FILE",
        ),
        files=(osc_path, oks_cli_path),
    )
