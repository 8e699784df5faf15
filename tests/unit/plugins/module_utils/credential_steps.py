# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every cloud's credential tests share: files under a temporary home, precedence ladders, message checks."""

from __future__ import annotations

import json
import os
import shlex
import sys
import textwrap


def clear_vendor_environment(monkeypatch, prefixes):
    """No vendor variable of the machine running the tests leaks into the resolver."""
    for name in list(os.environ):
        if name.startswith(tuple(prefixes)):
            monkeypatch.delenv(name)


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def write_json(path, data):
    return write(path, json.dumps(data))


def python_command(tmp_path, body, name="helper.py"):
    """A command line that runs a tiny Python script: the stand-in for a credential helper command."""
    script = write(tmp_path / "bin" / name, body)
    return "%s %s" % (shlex.quote(sys.executable), shlex.quote(str(script)))


def ladder(tmp_path, resolve, field, steps, params=None, env=None):
    """Check one field's precedence: steps go from the highest to the lowest, each (expected, apply(params, env, home)).

    With steps[i:] applied, the result must be the expected value of step i: each step beats all the ones after it.
    """
    for index, (expected, _apply) in enumerate(steps):
        home = tmp_path / ("step%d" % index)
        home.mkdir(parents=True)
        step_params, step_env = dict(params or {}), dict(env or {})
        for _expected, apply in steps[index:]:
            apply(step_params, step_env, home)
        result = resolve(step_params, env=step_env, home=str(home))
        assert result[field] == expected, "step %d" % index


def option(name, value):
    def apply(params, _env, _home):
        params[name] = value

    return apply


def env_var(name, value):
    def apply(_params, env, _home):
        env[name] = value

    return apply


def json_file(relative, data):
    def apply(_params, _env, home):
        write_json(home / relative, data)

    return apply


def text_file(relative, text):
    def apply(_params, _env, home):
        write(home / relative, text)

    return apply


def both(first, second):
    """One ladder step that applies two others."""

    def apply(params, env, home):
        first(params, env, home)
        second(params, env, home)

    return apply


def assert_mentions(error, *words):
    message = str(error)
    for word in words:
        assert word in message, "%r not in %r" % (word, message)


def assert_no_secret(error, *secrets):
    for secret in secrets:
        assert secret not in str(error)
