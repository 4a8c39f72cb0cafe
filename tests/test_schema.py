"""The shipped JSON Schemas match the model, and accept/refuse what the loader does."""

from __future__ import annotations

import json

import jsonschema
import yaml

from devtools.project import FIXTURE_DATA, ROOT
from vlmguide.editing.schema import schemas


def test_committed_schemas_are_generated_from_the_model():
    for name, document in schemas().items():
        committed = json.loads((ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert committed == document, f"schema/{name}.schema.json is stale: run `vlmguide schema --write schema`"


def test_schema_flags_a_typo_and_a_malformed_id_for_editors():
    schema = json.loads((ROOT / "schema" / "papers.schema.json").read_text(encoding="utf-8"))
    data = json.loads(
        json.dumps(yaml.safe_load((FIXTURE_DATA / "papers.yaml").read_text(encoding="utf-8")), default=str)
    )
    data["papers"][0]["sumary"] = data["papers"][0].pop("summary")
    data["papers"][1]["arxiv"] = "1707.5612"
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    messages = " | ".join(e.message for e in errors)
    assert "'sumary' was unexpected" in messages
    assert "'summary' is a required property" in messages
    assert "'1707.5612' does not match" in messages


def test_written_yaml_has_no_anchors_even_for_shared_values(tmp_path):
    """PyYAML writes a value held twice as &id001 ... *id001, which the loader refuses."""
    from vlmguide.editing.writer import dump_yaml

    shared = ["contrastive"]
    text = dump_yaml({"papers": [{"topics": shared}, {"topics": shared}]}, "papers")
    assert "&" not in text and "*" not in text and text.count("- contrastive") == 2
