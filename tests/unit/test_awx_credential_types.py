# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWX credential types of extensions/awx/credential_types/ inject what the modules read.

Each type's injectors are rendered as AWX does (Jinja, a field left empty renders as an empty string), the result
is given to the cloud's resolver as its environment (with an empty home: no config file can help), and every
injected value must come out of the resolver: a variable the modules do not honour, or a field injected under the
wrong name, fails here.
"""

from __future__ import annotations

import importlib
import pathlib

import jinja2
import pytest
import yaml

from ansible_collections.managedk8s.clusters.plugins.module_utils.core import credentials
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import is_secret_key

COLLECTION_ROOT = pathlib.Path(__file__).resolve().parents[2]
TYPES_DIR = COLLECTION_ROOT / "extensions" / "awx" / "credential_types"
CLOUDS = ("oks", "sks", "eks", "ske", "huawei")

# Values that each resolver accepts for the fields that it checks; every other field gets a made-up unique value.
VALID_VALUES = {
    ("oks", "region"): "cloudgouv-eu-west-1",
    ("sks", "zone"): "de-fra-1",
    ("eks", "region"): "ap-southeast-2",
    ("huawei", "region"): "cn-north-4",
}
# Fields filled together in one credential: the ways of authenticating that exclude each other get one set each.
CREDENTIAL_SETS = {
    "oks": [("access_key", "secret_key"), ("username", "password", "otp_code")],
    "sks": [("api_key", "api_secret")],
    "eks": [("access_key", "secret_key", "session_token")],
    "ske": [("access_key", "secret_key", "auth_token")],
    "huawei": [("access_key", "secret_key", "security_token"), ("auth_token",)],
}
RESOLVERS = {
    cloud: importlib.import_module(
        "ansible_collections.managedk8s.clusters.plugins.module_utils.%s.credentials" % cloud
    ).resolve
    for cloud in CLOUDS
}


def credential_type(cloud):
    return yaml.safe_load((TYPES_DIR / ("%s.yml" % cloud)).read_text(encoding="utf-8"))


def field_ids(definition):
    return [field["id"] for field in definition["inputs"]["fields"]]


def sample_value(cloud, field):
    if field == "endpoint":
        return "https://%s-endpoint.example.test/api" % cloud
    return VALID_VALUES.get((cloud, field), "%s-%s-value" % (cloud, field.replace("_", "-")))


def render_env(definition, inputs):
    """The environment AWX gives the job for a credential with these inputs."""
    jinja = jinja2.Environment(undefined=jinja2.StrictUndefined)
    values = {field: inputs.get(field, "") for field in field_ids(definition)}
    return {
        name: jinja.from_string(template).render(values) for name, template in definition["injectors"]["env"].items()
    }


def scenarios(cloud):
    definition = credential_type(cloud)
    credential_fields = {field for fields in CREDENTIAL_SETS[cloud] for field in fields}
    others = [field for field in field_ids(definition) if field not in credential_fields]
    for fields in CREDENTIAL_SETS[cloud]:
        yield pytest.param(cloud, fields + tuple(others), id="%s-%s" % (cloud, "-".join(fields)))


def all_scenarios():
    return [scenario for cloud in CLOUDS for scenario in scenarios(cloud)]


def test_there_is_one_type_per_cloud():
    assert sorted(path.stem for path in TYPES_DIR.glob("*.yml")) == sorted(CLOUDS)


@pytest.mark.parametrize("cloud", CLOUDS)
def test_type_is_well_formed(cloud):
    definition = credential_type(cloud)
    ids = field_ids(definition)
    assert definition["kind"] == "cloud"
    assert definition["name"] and definition["description"]
    assert len(ids) == len(set(ids)), "duplicate field ids"
    assert set(definition["inputs"].get("required", [])) <= set(ids)
    for field in definition["inputs"]["fields"]:
        assert field["type"] == "string" and field["label"], field["id"]
        assert bool(field.get("secret")) == (is_secret_key(field["id"]) and field["id"] != "access_key"), (
            "%s: secret fields are masked in AWX, the others are not" % field["id"]
        )


@pytest.mark.parametrize("cloud", CLOUDS)
def test_every_field_is_injected_once(cloud):
    definition = credential_type(cloud)
    templates = list(definition["injectors"]["env"].values())
    assert sorted(templates) == sorted("{{ %s }}" % field for field in field_ids(definition))


@pytest.mark.parametrize("cloud", CLOUDS)
def test_credential_sets_cover_every_credential_field(cloud):
    secrets_and_keys = {
        field for field in field_ids(credential_type(cloud)) if is_secret_key(field) or field.endswith("_key")
    }
    covered = {field for fields in CREDENTIAL_SETS[cloud] for field in fields}
    assert secrets_and_keys <= covered


@pytest.mark.parametrize("cloud, filled", all_scenarios())
def test_resolver_picks_up_every_injected_value(cloud, filled, tmp_path):
    definition = credential_type(cloud)
    inputs = {field: sample_value(cloud, field) for field in filled}
    env = render_env(definition, inputs)

    resolved = RESOLVERS[cloud]({}, env=env, home=str(tmp_path))

    resolved_values = {str(value) for value in resolved.values() if value is not None}
    for name, value in env.items():
        if value:
            assert value in resolved_values, "%s=%r is injected but the %s resolver did not use it" % (
                name,
                value,
                cloud,
            )
    assert resolved["credentials_source"].startswith("the environment")


@pytest.mark.parametrize("cloud", CLOUDS)
def test_injected_variables_are_the_ones_the_resolver_names(cloud, tmp_path):
    """Without the credential, the resolver's error names the variables the type injects for the credentials."""
    definition = credential_type(cloud)
    injected = set(definition["injectors"]["env"])
    with pytest.raises(credentials.CredentialsError) as raised:
        RESOLVERS[cloud]({}, env={}, home=str(tmp_path))
    credential_variables = {
        name
        for name, template in definition["injectors"]["env"].items()
        if any("{{ %s }}" % field == template for fields in CREDENTIAL_SETS[cloud] for field in fields)
    }
    assert credential_variables <= injected
    assert credential_variables & set(raised.value.env_vars), raised.value.env_vars
