# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check EKS request bodies against botocore's service model (test-only: botocore is not a run-time need).

The emulator answers InvalidParameterException when a body misses a required member, has a member the model
does not know, or a value of the wrong type, outside an enum, a length/range or a pattern. This is stricter
than EKS (which ignores unknown members) on purpose: a typo in the collection's payloads must fail the tests.
"""

from __future__ import annotations

import functools
import re

from botocore.loaders import Loader
from botocore.model import ServiceModel

BODY_LOCATIONS = (None, "")


@functools.lru_cache(maxsize=1)
def service_model():
    return ServiceModel(Loader().load_service_model("eks", "service-2"), "eks")


def input_shape(operation):
    return service_model().operation_model(operation).input_shape


def _check_length(shape, size, path, problems, unit):
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and size < low:
        problems.append("%s: needs at least %s %s, got %d" % (path, low, unit, size))
    if high is not None and size > high:
        problems.append("%s: allows at most %s %s, got %d" % (path, high, unit, size))


def _check_structure(shape, value, path, problems, body_only=False):
    if not isinstance(value, dict):
        problems.append("%s: expected an object, got %s" % (path, type(value).__name__))
        return
    members = shape.members
    for name in shape.required_members:
        member = members[name]
        if body_only and member.serialization.get("location") not in BODY_LOCATIONS:
            continue
        if value.get(name) is None:
            problems.append("%s: the required member '%s' is missing" % (path, name))
    for name, item in value.items():
        member = members.get(name)
        if member is None:
            problems.append("%s: '%s' is not a member of %s" % (path, name, shape.name))
        elif body_only and member.serialization.get("location") not in BODY_LOCATIONS:
            problems.append(
                "%s: '%s' belongs in the %s, not in the body" % (path, name, member.serialization["location"])
            )
        elif item is not None:
            check_value(member, item, "%s.%s" % (path, name) if path else name, problems)


def check_value(shape, value, path, problems):
    kind = shape.type_name
    if kind == "structure":
        _check_structure(shape, value, path, problems)
    elif kind == "list":
        if not isinstance(value, list):
            problems.append("%s: expected a list, got %s" % (path, type(value).__name__))
            return
        _check_length(shape, len(value), path, problems, "items")
        for index, item in enumerate(value):
            check_value(shape.member, item, "%s[%d]" % (path, index), problems)
    elif kind == "map":
        if not isinstance(value, dict):
            problems.append("%s: expected a map, got %s" % (path, type(value).__name__))
            return
        _check_length(shape, len(value), path, problems, "entries")
        for key, item in value.items():
            check_value(shape.key, key, "%s (key %r)" % (path, key), problems)
            check_value(shape.value, item, "%s[%r]" % (path, key), problems)
    elif kind == "string":
        if not isinstance(value, str):
            problems.append("%s: expected a string, got %s" % (path, type(value).__name__))
            return
        if shape.enum and value not in shape.enum:
            problems.append("%s: %r is not one of %s" % (path, value, ", ".join(shape.enum)))
        _check_length(shape, len(value), path, problems, "characters")
        pattern = shape.metadata.get("pattern")
        if pattern and not re.fullmatch(pattern.rstrip("$").lstrip("^"), value):
            problems.append("%s: %r does not match the pattern %s" % (path, value, pattern))
    elif kind == "boolean":
        if not isinstance(value, bool):
            problems.append("%s: expected a boolean, got %s" % (path, type(value).__name__))
    elif kind in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append("%s: expected an integer, got %s" % (path, type(value).__name__))
            return
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            problems.append("%s: %d is outside [%s, %s]" % (path, value, low, high))
    elif kind in ("float", "double"):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            problems.append("%s: expected a number, got %s" % (path, type(value).__name__))


def body_problems(operation, body):
    """Every way body (the parsed JSON) departs from the operation's input shape; [] when it matches."""
    problems = []
    if body is None:
        body = {}
    _check_structure(input_shape(operation), body, "", problems, body_only=True)
    return [problem.lstrip(": ") if problem.startswith(":") else problem for problem in problems]
