"""JSON Schemas of the data files, generated from the model (schema/*.schema.json)."""

from __future__ import annotations

from typing import Any

from vlmguide.catalogue.model import CatalogueFile, Essay, ScriptTerms
from vlmguide.pages.exports import CatalogueExport


def schemas() -> dict[str, dict[str, Any]]:
    """{file stem: JSON Schema} for data/papers.yaml, data/essay.yaml, data/zh-hans.yaml and
    downloads/catalogue.json."""
    out = {}
    models = (
        ("papers", CatalogueFile),
        ("essay", Essay),
        ("zh-hans", ScriptTerms),
        ("catalogue-export", CatalogueExport),
    )
    for name, model in models:
        document = model.model_json_schema(mode="validation")
        document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        document["$id"] = f"{name}.schema.json"
        out[name] = document
    return out
