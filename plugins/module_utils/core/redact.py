# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One list of secret names, and the functions that mask them everywhere.

Every error, debug line and returned value passes through here before it leaves the collection.
"""

from __future__ import annotations

import re

MASK = "********"

# Shorter values (an OTP code, a region name) would mask unrelated text such as account ids inside ARNs.
MIN_SECRET_LENGTH = 8

# Field, option and header names whose values are secrets, compared case-insensitively with
# '-' and '_' treated alike.
_SECRET_KEYS = {
    name.replace("-", "_").lower()
    for name in (
        "secret_key",
        "secretkey",
        "secret",
        "api_secret",
        "password",
        "session_token",
        "security_token",
        "x-security-token",
        "auth_token",
        "x-auth-token",
        "access_token",
        "accesstoken",
        "refresh_token",
        "refreshtoken",
        "access-token",
        "refresh-token",
        "authorization",
        "otp_code",
        "x-otp-code",
        "kubeconfig",
        "kube_config",
        "client-key-data",
        "client_key_data",
        "token",
        "private_key",
    )
}


def add_secret_keys(*names):
    """Declare more field or header names whose values are secrets (each cloud declares its own)."""
    _SECRET_KEYS.update(name.replace("-", "_").lower() for name in names)


def secret_keys():
    return frozenset(_SECRET_KEYS)


_known_secrets = set()


def is_secret_key(name):
    return isinstance(name, str) and name.replace("-", "_").lower() in _SECRET_KEYS


def register_secret(value):
    """Remember a value learned at run time (a refreshed token, a kubeconfig) so text redaction masks it."""
    if isinstance(value, str) and len(value) >= MIN_SECRET_LENGTH:
        _known_secrets.add(value)


def known_secrets():
    return frozenset(_known_secrets)


def forget_secrets():
    _known_secrets.clear()


def redact(obj):
    """A deep copy of obj with the values of secret keys masked, and known secret values masked in strings."""
    if isinstance(obj, dict):
        return {
            key: (MASK if is_secret_key(key) and value not in (None, "", [], {}) else redact(value))
            for key, value in obj.items()
        }
    if isinstance(obj, (list, tuple)):
        return type(obj)(redact(item) for item in obj)
    if isinstance(obj, str):
        return redact_text(obj)
    return obj


_INLINE_SECRET = re.compile(
    r"(?i)([\"']?(?:client-key-data|token|password|secret(?:_key)?|access_?token|refresh_?token)[\"']?\s*[:=]\s*)"
    r"(\"[^\"]*\"|'[^']*'|[^\s,}\]]+)"
)

# An unquoted value made of letters only and shorter than this is a word of prose ("a token: the option ..."),
# not a secret: every token, key and generated password has a digit, a symbol or length.
PROSE_WORD_MAX_LENGTH = 16


def _mask_inline(match):
    value = match.group(2)
    quoted = value[:1] in ("'", '"')
    if not quoted and value.isalpha() and len(value) < PROSE_WORD_MAX_LENGTH:
        return match.group(0)
    return match.group(1) + MASK


def redact_text(text, extra_values=()):
    """Mask every known secret value, every value in extra_values, and key: value pairs that name a secret."""
    if not isinstance(text, str) or not text:
        return text
    for value in sorted(set(extra_values) | _known_secrets, key=len, reverse=True):
        if isinstance(value, str) and len(value) >= MIN_SECRET_LENGTH and value in text:
            text = text.replace(value, MASK)
    return _INLINE_SECRET.sub(_mask_inline, text)


def redact_headers(headers):
    return {name: (MASK if is_secret_key(name) else value) for name, value in (headers or {}).items()}
