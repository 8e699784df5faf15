# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""EKS's contract from botocore's service model (test-only: botocore is not a run-time need).

``CONTRACT`` (a ``BotocoreContract``) is the EKS CloudSpec's ``contract``: the frame checks every request against
the operation's input shape (InvalidParameterException when a body misses a required member, has a member the model
does not know, or a value of the wrong type, outside an enum, a length/range or a pattern; the same for the query
string) and every 2xx answer against its output shape (members, types, enums, required members). Unknown members
are refused on purpose, stricter than EKS (which ignores them): a typo in the collection's payloads or in the
emulator's answers must fail the tests.
"""

from __future__ import annotations

import functools
import json
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


def _check_structure(shape, value, path, problems, body_only=False, limits=True):
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
            check_value(member, item, "%s.%s" % (path, name) if path else name, problems, limits)


def check_value(shape, value, path, problems, limits=True):
    """Problems of value against shape; limits=False skips lengths, ranges and patterns (input-only constraints)."""
    kind = shape.type_name
    if kind == "structure":
        _check_structure(shape, value, path, problems, limits=limits)
    elif kind == "list":
        if not isinstance(value, list):
            problems.append("%s: expected a list, got %s" % (path, type(value).__name__))
            return
        if limits:
            _check_length(shape, len(value), path, problems, "items")
        for index, item in enumerate(value):
            check_value(shape.member, item, "%s[%d]" % (path, index), problems, limits)
    elif kind == "map":
        if not isinstance(value, dict):
            problems.append("%s: expected a map, got %s" % (path, type(value).__name__))
            return
        if limits:
            _check_length(shape, len(value), path, problems, "entries")
        for key, item in value.items():
            check_value(shape.key, key, "%s (key %r)" % (path, key), problems, limits)
            check_value(shape.value, item, "%s[%r]" % (path, key), problems, limits)
    elif kind == "string":
        if not isinstance(value, str):
            problems.append("%s: expected a string, got %s" % (path, type(value).__name__))
            return
        if shape.enum and value not in shape.enum:
            problems.append("%s: %r is not one of %s" % (path, value, ", ".join(shape.enum)))
        if not limits:
            return
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
        low, high = (shape.metadata.get("min"), shape.metadata.get("max")) if limits else (None, None)
        if (low is not None and value < low) or (high is not None and value > high):
            problems.append("%s: %d is outside [%s, %s]" % (path, value, low, high))
    elif kind in ("float", "double"):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            problems.append("%s: expected a number, got %s" % (path, type(value).__name__))
    elif kind == "timestamp":
        # rest-json sends epoch seconds (botocore's parser also reads ISO 8601 strings)
        if not isinstance(value, (int, float, str)) or isinstance(value, bool):
            problems.append("%s: expected a timestamp, got %s" % (path, type(value).__name__))


def body_problems(operation, body):
    """Every way body (the parsed JSON) departs from the operation's input shape; [] when it matches."""
    problems = []
    if body is None:
        body = {}
    _check_structure(input_shape(operation), body, "", problems, body_only=True)
    return [problem.lstrip(": ") if problem.startswith(":") else problem for problem in problems]


def _route_pattern(request_uri, greedy=False):
    """A regex of an operation's requestUri; greedy lets the labels hold '/' (an ARN decoded from %2F)."""
    path = request_uri.split("?", 1)[0]
    label = "(?P<%s>.+)" if greedy else "(?P<%s>[^/]+)"
    parts = re.split(r"\{([^}]+)\}", path)
    pattern = ""
    for index, part in enumerate(parts):
        pattern += re.escape(part) if index % 2 == 0 else label % re.sub(r"\W", "_", part.rstrip("+"))
    return re.compile("^%s$" % pattern)


def _query_problems(shape, query, problems):
    members = {member.serialization.get("name", name): member for name, member in shape.members.items()}
    located = {key: member for key, member in members.items() if member.serialization.get("location") == "querystring"}
    for name in shape.required_members:
        member = shape.members[name]
        if member.serialization.get("location") == "querystring":
            if query.get(member.serialization.get("name", name)) in (None, ""):
                problems.append("the required query parameter '%s' is missing" % member.serialization.get("name", name))
    for key, value in query.items():
        member = located.get(key)
        if member is None:
            problems.append("'%s' is not a query parameter of %s" % (key, shape.name))
            continue
        if member.type_name in ("integer", "long"):
            try:
                value = int(value)
            except ValueError:
                problems.append("%s: %r is not an integer" % (key, value))
                continue
        elif member.type_name == "boolean":
            # botocore's rest-json serializer writes a boolean query parameter as 'true' or 'false'
            if value not in ("true", "false"):
                problems.append("%s: %r is not a boolean (true or false)" % (key, value))
                continue
            value = value == "true"
        elif member.type_name == "list":
            member = member.member
        check_value(member, value, key, problems)


class BotocoreContract:
    """check_request/check_response of tests/mockcloud/spec.py, from botocore's model of one service."""

    def __init__(self, model=None):
        self._model = model
        self._routes = None

    @property
    def model(self):
        if self._model is None:
            self._model = service_model()
        return self._model

    def routes(self):
        if self._routes is None:
            self._routes = []
            for name in self.model.operation_names:
                http = self.model.operation_model(name).http
                self._routes.append((http["method"], http["requestUri"], name))
        return self._routes

    def operation(self, method, path):
        """The operation model serving method and path (relative to the cloud's prefix), or None.

        Labels first match one segment; when none does (an ARN decoded from %2F holds '/'), they may hold '/', and
        the most specific route wins (the most literal text: .../access-entries/{principalArn}/access-policies
        before .../access-entries/{principalArn})."""
        for greedy in (False, True):
            matches = [
                (len(re.sub(r"\{[^}]+\}", "", uri)), name)
                for verb, uri, name in self.routes()
                if verb == method.upper() and _route_pattern(uri, greedy).match(path)
            ]
            if matches:
                return self.model.operation_model(max(matches)[1])
        return None

    def check_request(self, method, path, query, body_text):
        operation = self.operation(method, path)
        if operation is None:
            return "mockcloud: %s %s is not an operation of the EKS API (botocore's service model)" % (method, path)
        try:
            body = json.loads(body_text) if body_text and body_text.strip() else {}
        except ValueError:
            return "mockcloud: the %s body is not valid JSON" % operation.name
        problems = []
        shape = operation.input_shape
        if shape is not None:
            _check_structure(shape, body, "", problems, body_only=True)
            _query_problems(shape, query or {}, problems)
        elif body:
            problems.append("%s takes no body" % operation.name)
        problems = [problem.lstrip(": ") if problem.startswith(":") else problem for problem in problems]
        if problems:
            return "mockcloud: the %s request does not match the service model: %s" % (
                operation.name,
                "; ".join(problems),
            )
        return None

    def check_response(self, method, path, status, body):
        operation = self.operation(method, path)
        if operation is None:
            return ["%s %s is not an operation of the EKS API" % (method, path)]
        problems = []
        shape = operation.output_shape
        if shape is None:
            if body:
                problems.append("%s answers no body, got %r" % (operation.name, body))
            return problems
        _check_structure(shape, body if body is not None else {}, "", problems, limits=False)
        return [problem.lstrip(": ") if problem.startswith(":") else problem for problem in problems]


CONTRACT = BotocoreContract()
