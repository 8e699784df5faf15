# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check requests and answers against a vendor's OpenAPI 3.0 or 3.1 document.

Used by every cloud whose vendor publishes an OpenAPI contract: SKS (``openapi.json`` in the PyPI ``exoscale``
package), OKS and SKE (``contracts/``, see contracts/README.md). OpenAPI 3.0 schemas are not quite JSON Schema,
so they are translated once: ``nullable: true`` admits null and the boolean ``exclusiveMinimum``/
``exclusiveMaximum`` of draft 4 become the numeric ones; 3.1 schemas are JSON Schema already and pass through.
When jsonschema is missing, ``load()`` returns None and nothing is checked.
"""

from __future__ import annotations

import json
import pathlib
import re

import yaml

try:
    import jsonschema

    HAS_JSONSCHEMA = True
except ImportError:  # pragma: no cover - the emulator then accepts every well-formed body
    jsonschema = None
    HAS_JSONSCHEMA = False

# libyaml's loader reads the OKS contract six times faster than the pure-Python one (0.1 s against 0.65 s).
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SCHEMA_KEYS_WITH_SCHEMA_VALUES = ("items", "additionalProperties", "not")
SCHEMA_KEYS_WITH_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")


def translate(schema):
    """An OpenAPI 3.0 schema object as a JSON Schema (draft 2020-12) object."""
    if not isinstance(schema, dict):
        return schema
    result = {}
    for key, value in schema.items():
        if key == "properties":
            result[key] = {name: translate(item) for name, item in value.items()}
        elif key in SCHEMA_KEYS_WITH_SCHEMA_VALUES and isinstance(value, dict):
            result[key] = translate(value)
        elif key in SCHEMA_KEYS_WITH_SCHEMA_LISTS:
            result[key] = [translate(item) for item in value]
        elif key in ("exclusiveMinimum", "exclusiveMaximum"):
            continue
        elif key in ("nullable", "example", "x-go-findable", "title", "description"):
            continue
        else:
            result[key] = value
    for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
        if schema.get(exclusive) is True and bound in result:
            result[exclusive] = result.pop(bound)
    if schema.get("nullable"):
        if "$ref" in result or "allOf" in result:
            result = {"anyOf": [result, {"type": "null"}]}
        elif "type" in result:
            result["type"] = [result["type"], "null"]
            if "enum" in result:
                result["enum"] = list(result["enum"]) + [None]
    return result


def _path_regex(template):
    """'/sks-cluster/{id}/nodepool/{sks-nodepool-id}:scale' -> a regex with one named group per parameter."""
    names = []

    def group(match):
        names.append(match.group(1).replace("\\", ""))
        return "(?P<p%d>[^/:]+)" % (len(names) - 1)

    pattern = re.sub(r"\\\{([^}]+)\\\}", group, re.escape(template))
    return re.compile("^%s$" % pattern), names


class Operation:
    def __init__(self, spec, method, template, operation, path_item):
        self.spec = spec
        self.method = method
        self.template = template
        self.operation_id = operation.get("operationId")
        self.regex, self.param_names = _path_regex(template)
        self.parameters = list(path_item.get("parameters") or []) + list(operation.get("parameters") or [])
        body = operation.get("requestBody") or {}
        self.body_required = bool(body.get("required"))
        self.body_schema = ((body.get("content") or {}).get("application/json") or {}).get("schema")
        self.responses = operation.get("responses") or {}

    def match(self, method, path):
        if method != self.method:
            return None
        found = self.regex.match(path)
        if not found:
            return None
        return {name: found.group("p%d" % index) for index, name in enumerate(self.param_names)}


class OpenApiSpec:
    def __init__(self, document):
        self.document = document
        self._validators = {}
        self.version = str(document.get("openapi", "3.0"))
        self.components = {
            "schemas": {name: self.translate(schema) for name, schema in document["components"]["schemas"].items()}
        }
        self.operations = []
        for template, path_item in document["paths"].items():
            for method, operation in path_item.items():
                if method in ("get", "put", "post", "delete", "patch"):
                    self.operations.append(Operation(self, method.upper(), template, operation, path_item))
        # Literal paths before templated ones, so /sks-cluster-version never reads as /sks-cluster/{id}.
        self.operations.sort(key=lambda operation: operation.template.count("{"))

    def find(self, method, path):
        """(operation, path parameters) for a request path relative to /v2, or (None, None)."""
        for operation in self.operations:
            params = operation.match(method, path)
            if params is not None:
                return operation, params
        return None, None

    def translate(self, schema):
        """3.0 schemas translated to JSON Schema; 3.1 schemas are JSON Schema already."""
        return schema if self.version.startswith("3.1") else translate(schema)

    def validator(self, schema_json):
        """A validator for a translated schema (as sorted JSON text), made once per schema."""
        if schema_json not in self._validators:
            schema = dict(json.loads(schema_json))
            schema["components"] = self.components
            checker = jsonschema.FormatChecker(formats=("uuid", "date-time"))
            self._validators[schema_json] = jsonschema.Draft202012Validator(schema, format_checker=checker)
        return self._validators[schema_json]

    def errors(self, schema, value):
        """The validation errors of value against an (untranslated) schema, best first, as text."""
        validator = self.validator(json.dumps(self.translate(schema), sort_keys=True))
        problems = sorted(validator.iter_errors(value), key=lambda error: (len(error.path), str(error.path)))
        return [describe(problem) for problem in problems]

    def check_request(self, method, path, query, body_text):
        """None when the request fits the spec, else the message of the 400 answer."""
        operation, params = self.find(method, path)
        if operation is None:
            return None
        for parameter in operation.parameters:
            message = self._check_parameter(parameter, params, query)
            if message:
                return message
        if operation.body_schema is None:
            return None
        if not body_text.strip():
            return "Invalid request: a JSON body is required" if operation.body_required else None
        try:
            body = json.loads(body_text)
        except ValueError as error:
            return "Invalid request: the body is not valid JSON (%s)" % error
        problems = self.errors(operation.body_schema, body)
        return "Invalid request: %s" % problems[0] if problems else None

    def _check_parameter(self, parameter, params, query):
        location, name = parameter.get("in"), parameter.get("name")
        if location == "path":
            value = params.get(name)
        elif location == "query":
            value = query.get(name)
        else:
            return None
        if value is None:
            return "Invalid request: missing parameter %s" % name if parameter.get("required") else None
        schema = parameter.get("schema") or {}
        if schema.get("type") in ("integer", "number"):
            try:
                value = int(value) if schema["type"] == "integer" else float(value)
            except ValueError:
                return "Invalid request: parameter %s: %r is not a number" % (name, value)
        elif schema.get("type") == "boolean" and isinstance(value, str):
            # A query string carries text: true/false in any case (and 1/0), as servers parse it.
            value = {"true": True, "1": True, "false": False, "0": False}.get(value.lower(), value)
        problems = self.errors(schema, value)
        return "Invalid request: parameter %s: %s" % (name, problems[0]) if problems else None

    def check_response(self, method, path, status, body):
        """Validation errors of an answer against the documented response schema (for the emulator's own tests)."""
        operation, _params = self.find(method, path)
        if operation is None:
            return ["%s %s is not in the spec" % (method, path)]
        response = operation.responses.get(str(status)) or operation.responses.get("default")
        if response is None:
            return ["status %s is not documented for %s %s" % (status, method, operation.template)]
        schema = ((response.get("content") or {}).get("application/json") or {}).get("schema")
        return self.errors(schema, body) if schema else []


def describe(error):
    where = ".".join(str(part) for part in error.absolute_path)
    return "%s: %s" % (where, error.message) if where else error.message


def load(path):
    """The OpenApiSpec of a JSON or YAML document, or None when jsonschema is not installed."""
    if not HAS_JSONSCHEMA:
        return None
    path = pathlib.Path(path)
    with path.open(encoding="utf-8") as handle:
        document = json.load(handle) if path.suffix == ".json" else yaml.load(handle, Loader=YAML_LOADER)
    return OpenApiSpec(document)
