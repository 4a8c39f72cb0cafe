"""The shipped JSON Schemas match the model, and accept/refuse what the loader does."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from vlmguide.schema import schemas

from .conftest import ROOT


def test_committed_schemas_are_generated_from_the_model():
    for name, document in schemas().items():
        committed = json.loads((ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert committed == document, f"schema/{name}.schema.json is stale: run `vlmguide schema --write schema`"


@pytest.mark.parametrize("name", ["papers", "essay"])
def test_data_files_declare_and_satisfy_their_schema(name):
    path = ROOT / "data" / f"{name}.yaml"
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema=../schema/{name}.schema.json"
    schema = json.loads((ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    # Dates are YAML timestamps; the schema describes them as strings, as editors see them.
    data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
    jsonschema.Draft202012Validator(schema).validate(data)


def test_schema_flags_a_typo_and_a_malformed_id_for_editors():
    schema = json.loads((ROOT / "schema" / "papers.schema.json").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(yaml.safe_load((ROOT / "data" / "papers.yaml").read_text(encoding="utf-8")), default=str))
    data["papers"][0]["sumary"] = data["papers"][0].pop("summary")
    data["papers"][1]["arxiv"] = "1707.5612"
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    messages = " | ".join(e.message for e in errors)
    assert "'sumary' was unexpected" in messages
    assert "'summary' is a required property" in messages
    assert "'1707.5612' does not match" in messages
