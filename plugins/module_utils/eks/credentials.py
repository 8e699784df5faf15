# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where AWS EKS credentials come from (see core/credentials.py for the shared precedence rules)."""

from __future__ import annotations

import datetime
import json
import shlex

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.credentials import (
    CredentialsError,
    Lookup,
    Scheme,
    Source,
    and_list,
    check_region_name,
    choose_credentials,
    first,
    is_set,
    read_ini,
    registered,
    result_credentials,
    run_secret_command,
    with_scheme,
)
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import redact_text

EKS_ENDPOINT_PATTERN = "https://eks.{region}.{domain}"


_EKS_SCHEMES = (Scheme("access_key", ("access_key", "secret_key"), ("session_token",)),)
_EKS_FIELDS = ("access_key", "secret_key", "session_token")
# Profile settings only botocore knows how to turn into credentials (STS, SSO, web identity, login sessions).
_BOTOCORE_PROFILE_KEYS = (
    "role_arn",
    "credential_source",
    "web_identity_token_file",
    "sso_start_url",
    "sso_session",
    "sso_account_id",
    "login_session",
)


def config_profiles(sections):
    """{profile name: settings} of the config file's sections, named as botocore's configloader names them.

    [default] is the default profile; any other section starting with "profile" is split as a shell would split it
    and names a profile when it gives exactly two words, so [profile  x] and [profile "x"] are profile x and
    [profile "my x"] is profile "my x"; other sections are not profiles. A later section of the same profile
    replaces an earlier one.
    """
    profiles = {}
    for section, values in sections.items():
        if section == "default":
            profiles["default"] = values
        elif section.startswith("profile"):
            try:
                words = shlex.split(section)
            except ValueError:
                continue
            if len(words) == 2:
                profiles[words[1]] = values
    return profiles


class _AwsProfile:
    """One profile of the shared files: its [profile x] section in config and its [x] section in credentials."""

    def __init__(self, name, config_path, credentials_path):
        self.name = name
        self.config_path = config_path
        self.credentials_path = credentials_path
        profiles = config_profiles(read_ini(config_path) or {})
        credentials = read_ini(credentials_path) or {}
        self.config = dict(profiles.get(name) or {})
        self.credentials = credentials.get(name)
        self.exists = self.credentials is not None or name in profiles
        self.credentials = self.credentials or {}
        self.known = sorted(set(profiles) | set(credentials))

    def get(self, key):
        """A setting as botocore sees it: the credentials file wins over the config file."""
        return first(self.credentials.get(key), self.config.get(key))


def resolve(params, env=None, home=None):
    """EKS credentials, region, endpoint and CA bundle.

    Credentials: options, then AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY(/AWS_SESSION_TOKEN), then the profile (profile,
    AWS_PROFILE, AWS_DEFAULT_PROFILE, else default) of the shared files: keys in the credentials file,
    credential_process, keys in the config file; role, SSO and web identity profiles, and instance or container
    roles, through botocore when it is installed. The profile option skips the environment, as the AWS CLI does.
    """
    look = Lookup(params, env, home)
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
            options=("profile",),
            env_vars=("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"),
            files=(profile.config_path, profile.credentials_path),
        )

    sources = [look.option_source(_EKS_FIELDS)]
    if not from_option:
        sources.append(
            look.env_source(
                "the environment",
                {
                    "access_key": "AWS_ACCESS_KEY_ID",
                    "secret_key": "AWS_SECRET_ACCESS_KEY",
                    "session_token": "AWS_SESSION_TOKEN",
                },
            )
        )
    chosen = choose_credentials("AWS", sources, _EKS_SCHEMES)
    result = result_credentials(chosen, _EKS_FIELDS) if chosen else _eks_profile_credentials(profile)
    result.setdefault("expiration", None)
    result["profile"] = name if profile.exists else None
    result["region"] = _eks_region(look, profile)
    result["endpoint"] = _eks_endpoint(look, profile, result["region"])
    result["ca_path"] = first(look.option("ca_path"), look.env_value("AWS_CA_BUNDLE"), profile.get("ca_bundle"))
    return registered(result)


def _eks_profile_credentials(profile):
    """Credentials from the shared files, in botocore's order: roles and SSO, credentials file, process, config file."""
    if not profile.exists:
        return _botocore_result(profile, required=None)
    needs_botocore = [key for key in _BOTOCORE_PROFILE_KEYS if is_set(profile.get(key))]
    if needs_botocore:
        return _botocore_result(profile, required="profile %r uses %s" % (profile.name, and_list(needs_botocore)))
    chosen = choose_credentials(
        "AWS", [_aws_file_source(profile.credentials_path, profile.name, profile.credentials)], _EKS_SCHEMES
    )
    if chosen:
        return result_credentials(chosen, _EKS_FIELDS)
    process = profile.get("credential_process")
    if is_set(process):
        return _credential_process(process, profile)
    chosen = choose_credentials(
        "AWS", [_aws_file_source(profile.config_path, profile.name, profile.config)], _EKS_SCHEMES
    )
    if chosen:
        return result_credentials(chosen, _EKS_FIELDS)
    return _botocore_result(profile, required=None)


def _aws_file_source(path, name, section):
    names = {
        "access_key": "aws_access_key_id",
        "secret_key": "aws_secret_access_key",
        "session_token": "aws_session_token",
    }
    return Source("%s (profile %s)" % (path, name), {field: section.get(key) for field, key in names.items()}, names)


def _credential_process(command, profile):
    what = "The credential_process of AWS profile %r" % profile.name
    try:
        argv = shlex.split(command)
    except ValueError:
        raise CredentialsError("%s is not a valid command line (unbalanced quotes)." % what) from None
    output = run_secret_command(argv, what)
    try:
        data = json.loads(output)
    except ValueError:
        raise CredentialsError("%s did not print JSON (its output is not shown)." % what) from None
    if not isinstance(data, dict):
        raise CredentialsError("%s did not print a JSON object (its output is not shown)." % what)
    if data.get("Version") != 1:
        raise CredentialsError("%s printed Version %r; only Version 1 is supported." % (what, data.get("Version")))
    missing = [key for key in ("AccessKeyId", "SecretAccessKey") if not is_set(data.get(key))]
    if missing:
        raise CredentialsError("%s printed no %s." % (what, and_list(missing)))
    expiration = _parse_expiration(data.get("Expiration"), what)
    if expiration is not None and expiration <= datetime.datetime.now(datetime.timezone.utc):
        raise CredentialsError("%s returned credentials that expired at %s." % (what, expiration.isoformat()))
    return {
        "access_key": data["AccessKeyId"],
        "secret_key": data["SecretAccessKey"],
        "session_token": data.get("SessionToken") or None,
        "expiration": expiration.isoformat() if expiration else None,
        "auth_method": "access_key",
        "credentials_source": "credential_process of %s (profile %s)" % (profile.config_path, profile.name),
    }


def _parse_expiration(value, what):
    if not is_set(value):
        return None
    try:
        moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise CredentialsError("%s printed an Expiration that is not an ISO 8601 date: %r." % (what, value)) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)


def _botocore_result(profile, required):
    """Credentials from botocore's own provider chain; required explains why nothing else will do (or None)."""
    try:
        loaded = _botocore_credentials(
            profile.name if profile.exists else None, profile.config_path, profile.credentials_path
        )
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
        "access_key": access_key,
        "secret_key": secret_key,
        "session_token": session_token or None,
        "auth_method": "access_key",
        "credentials_source": "botocore (profile %s)" % profile.name if profile.exists else "botocore",
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
        raise CredentialsError(
            "botocore could not load AWS credentials%s: %s"
            % (" for profile %r" % profile if profile else "", redact_text(str(error)))
        ) from None
    if frozen is None or not frozen.access_key or not frozen.secret_key:
        return None
    return frozen.access_key, frozen.secret_key, frozen.token


def _eks_missing(profile, botocore):
    return CredentialsError(
        "No AWS credentials found. Set the options access_key and secret_key (and session_token for temporary keys), "
        "or the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or use a profile "
        "of %s or %s (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE) chosen by profile, AWS_PROFILE or AWS_DEFAULT_PROFILE "
        "(profile %r %s). %s"
        % (
            profile.config_path,
            profile.credentials_path,
            profile.name,
            "has no keys" if profile.exists else "does not exist",
            "botocore found no instance or container role either."
            if botocore
            else "Instance and container roles need the Python library botocore, which is not installed.",
        ),
        options=("access_key", "secret_key", "session_token", "profile"),
        env_vars=(
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_PROFILE",
            "AWS_DEFAULT_PROFILE",
        ),
        files=(profile.config_path, profile.credentials_path),
    )


def _eks_region(look, profile):
    region = first(look.option("region"), look.env_value("AWS_REGION", "AWS_DEFAULT_REGION"), profile.get("region"))
    if not region:
        raise CredentialsError(
            "EKS needs a region: set the option region (aws_region), the environment variable AWS_REGION or "
            "AWS_DEFAULT_REGION, or region in profile %r of %s." % (profile.name, profile.config_path),
            options=("region",),
            env_vars=("AWS_REGION", "AWS_DEFAULT_REGION"),
            files=(profile.config_path,),
        )
    check_region_name(region, "AWS region", "region")
    return region


def _eks_endpoint(look, profile, region):
    endpoint = first(
        look.option("endpoint"),
        look.env_value("AWS_URL", "AWS_ENDPOINT_URL_EKS", "AWS_ENDPOINT_URL"),
        profile.get("endpoint_url"),
    )
    if endpoint:
        return with_scheme(endpoint)
    domain = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
    return EKS_ENDPOINT_PATTERN.format(region=region, domain=domain)
