# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HSS contract of the Huawei emulator, read from the vendor's Python SDK (huaweicloudsdkhss, test-only).

Huawei publishes no OpenAPI document for HSS; its SDK is generated from one, and keeps what it said in two places:

- ``HssClient._<operation>_http_info(request)`` (v5/hss_client.py): the method, the resource path and the name of the
  ``*Response`` class of each operation;
- the model classes (v5/model/): ``openapi_types`` (field -> type: ``str``, ``int``, ``bool``, ``list[X]``,
  ``dict(str, X)`` or another model class) and ``attribute_map`` (field -> JSON name). A request class holds the
  path and query parameters and ``body`` (the body class); a field its ``__init__`` assigns without an
  ``if x is not None`` guard is required (the generator writes required fields that way: ``kube_config`` of
  ``MultiCloudClusterCreateRequestBody``, ``cluster_id`` of the path).

HssContract(operations) checks what the emulator frame asks (see ../spec.py): a request's query and body (unknown
fields, wrong types, missing required fields) and a 2xx answer's body (unknown fields, wrong types). A JSON null is
accepted for a field that is not required, as the SDK's deserializer reads it as None. A request to a path the
contract does not know is left to the emulator (404); an answer from one is a problem.
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import json
import re

# operation of huaweicloudsdkhss -> (its request class); the method and path come from HssClient
OPERATIONS = (
    "create_multi_cloud_clusters",
    "list_multi_cloud_clusters",
    "update_multi_cloud_clusters",
    "remove_multi_cloud_clusters",
    "sync_multi_cloud_cluster_status",
)

_LIST = re.compile(r"^list\[(.+)\]$")
_DICT = re.compile(r"^dict\(([^,]+),\s*(.+)\)$")
_PRIMITIVES = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "object": (object,),
    "date": (str,),
    "datetime": (str,),
}


def _camel(snake):
    return "".join(part.capitalize() for part in snake.split("_"))


@functools.lru_cache(maxsize=None)
def required_fields(model_class):
    """The fields model_class.__init__ assigns without a None guard: the ones the SDK marks required."""
    tree = ast.parse(inspect.getsource(model_class))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "__init__":
            return tuple(
                statement.targets[0].attr
                for statement in node.body
                if isinstance(statement, ast.Assign)
                and isinstance(statement.targets[0], ast.Attribute)
                and not statement.targets[0].attr.startswith("_")
                and statement.targets[0].attr != "discriminator"
            )
    return ()


class Operation:
    """One SDK operation: method, path template, request class, body class (or None), response class."""

    def __init__(self, name, method, template, request_class, body_class, response_class):
        self.name = name
        self.method = method
        self.template = template
        self.request_class = request_class
        self.body_class = body_class
        self.response_class = response_class
        self.path_params = tuple(re.findall(r"{(\w+)}", template))
        self.query_params = tuple(
            field for field in request_class.openapi_types if field not in self.path_params and field != "body"
        )
        pattern = re.sub(r"{(\w+)}", lambda match: "(?P<%s>[^/]+)" % match.group(1), template)
        self.regex = re.compile("^%s$" % pattern)

    def match(self, method, path):
        return method.upper() == self.method and self.regex.match(path) is not None


class HssContract:
    """check_request / check_response for the emulator frame, from the SDK's operations and models."""

    def __init__(self, operations, models):
        self.operations = list(operations)
        self.models = models

    def find(self, method, path):
        # status-synchronize is a literal segment where {cluster_id} would also match: literal paths first
        candidates = [operation for operation in self.operations if operation.match(method, path)]
        candidates.sort(key=lambda operation: len(operation.path_params))
        return candidates[0] if candidates else None

    # --- types ---
    def type_problems(self, type_name, value, where):
        """The problems of value against an openapi_types type name."""
        listed = _LIST.match(type_name)
        if listed:
            if not isinstance(value, list):
                return ["%s must be a list, not %s" % (where, _json_type(value))]
            problems = []
            for index, item in enumerate(value):
                problems.extend(self.type_problems(listed.group(1), item, "%s[%d]" % (where, index)))
            return problems
        mapped = _DICT.match(type_name)
        if mapped:
            if not isinstance(value, dict):
                return ["%s must be an object, not %s" % (where, _json_type(value))]
            problems = []
            for key, item in value.items():
                problems.extend(self.type_problems(mapped.group(2), item, "%s.%s" % (where, key)))
            return problems
        if type_name in _PRIMITIVES:
            allowed = _PRIMITIVES[type_name]
            if type_name in ("int", "float") and isinstance(value, bool):
                return ["%s must be %s, not a boolean" % (where, type_name)]
            if not isinstance(value, allowed):
                return ["%s must be %s, not %s" % (where, type_name, _json_type(value))]
            return []
        return self.model_problems(self.models(type_name), value, where)

    def model_problems(self, model_class, value, where, check_required=True):
        if not isinstance(value, dict):
            return ["%s must be an object (%s), not %s" % (where, model_class.__name__, _json_type(value))]
        by_json_name = {json_name: field for field, json_name in model_class.attribute_map.items()}
        problems = []
        for key, item in value.items():
            field = by_json_name.get(key)
            if field is None:
                problems.append(
                    "%s: unknown field %s (%s has: %s)"
                    % (where, key, model_class.__name__, ", ".join(model_class.attribute_map.values()))
                )
                continue
            if item is None and field not in required_fields(model_class):
                continue
            problems.extend(self.type_problems(model_class.openapi_types[field], item, "%s.%s" % (where, key)))
        if check_required:
            for field in required_fields(model_class):
                if value.get(model_class.attribute_map[field]) is None:
                    problems.append(
                        "%s: missing required field %s (%s)"
                        % (where, model_class.attribute_map[field], model_class.__name__)
                    )
        return problems

    # --- the frame's two calls ---
    def check_request(self, method, path, query, body_text):
        """None when the request fits the SDK's request model, else the message of the 400 answer."""
        operation = self.find(method, path)
        if operation is None:
            return None
        request_class = operation.request_class
        for name, value in (query or {}).items():
            if name not in operation.query_params:
                return "Invalid request: unknown query parameter %s (%s takes: %s)" % (
                    name,
                    request_class.__name__,
                    ", ".join(operation.query_params) or "none",
                )
            type_name = request_class.openapi_types[name]
            if type_name == "int" and not re.match(r"^-?\d+$", str(value)):
                return "Invalid request: query parameter %s must be an integer, not %r" % (name, value)
        for name in required_fields(request_class):
            if name in operation.query_params and name not in (query or {}):
                return "Invalid request: missing required query parameter %s" % name
        text = (body_text or "").strip()
        if operation.body_class is None:
            return "Invalid request: %s takes no body" % request_class.__name__ if text else None
        if not text:
            required = required_fields(operation.body_class)
            return "Invalid request: a JSON body is required (%s)" % operation.body_class.__name__ if required else None
        try:
            body = json.loads(text)
        except ValueError as error:
            return "Invalid request: the body is not valid JSON (%s)" % error
        problems = self.model_problems(operation.body_class, body, "body")
        return "Invalid request: %s" % problems[0] if problems else None

    def check_response(self, method, path, status, body):
        """The problems of a 2xx answer against the operation's *Response class."""
        operation = self.find(method, path)
        if operation is None:
            return ["%s %s is not an operation of huaweicloudsdkhss" % (method, path)]
        return self.model_problems(operation.response_class, body, "answer", check_required=False)


def _json_type(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def load():
    """The contract from the installed huaweicloudsdkhss, or None when the package is not installed."""
    try:
        client_module = importlib.import_module("huaweicloudsdkhss.v5.hss_client")
        models = importlib.import_module("huaweicloudsdkhss.v5.model")
    except ImportError:
        return None

    def model(name):
        return getattr(models, name)

    operations = []
    for name in OPERATIONS:
        request_class = model(_camel(name) + "Request")
        info = getattr(client_module.HssClient, "_%s_http_info" % name)(request_class())
        body_type = request_class.openapi_types.get("body")
        operations.append(
            Operation(
                name,
                info["method"],
                info["resource_path"],
                request_class,
                model(body_type) if body_type else None,
                model(info["response_type"]),
            )
        )
    return HssContract(operations, model)
