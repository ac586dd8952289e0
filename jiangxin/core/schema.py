"""The record contract as JSON Schema, generated from the record types and kept beside them.

    python -m jiangxin.core.schema --write    # regenerate jiangxin/core/records.schema.json
    python -m jiangxin.core.schema --check    # exit 1 when the committed file is not what the types give

One line of `jiangxin extract --json` for a file that was read is one of the records (told apart by
`kind`) with the keys the extractor adds: `source`, `kind_reasons` and `warnings` (typed warnings).
As the shared contract says, extra keys are allowed: a consumer may add its own (provenance, notes).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema

from .records import RECORD_TYPES, Record
from .warnings import FieldWarning

SCHEMA_FILE = Path(__file__).with_name("records.schema.json")
DIALECT = "https://json-schema.org/draft/2020-12/schema"


class _ContractSchema(GenerateJsonSchema):
    """pydantic's schema without the per-field titles it makes up from the keys ('Completed On')."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


# what `Extraction.to_json` adds to a record, beside its own keys
_SOURCE = {
    "type": "object",
    "description": "The file the record was read from: its name as given and the SHA-256 of its bytes.",
    "required": ["file", "sha256"],
    "properties": {"file": {"type": "string"}, "sha256": {"type": "string"}},
}
_KIND_REASONS = {
    "type": "array",
    "items": {"type": "string"},
    "description": "The evidence the kind was decided on.",
}
_WARNINGS = {
    "type": "array",
    "items": {"$ref": "#/$defs/FieldWarning"},
    "description": "What the reader could not read for sure; absent when it doubted nothing.",
}


def record_schema() -> dict[str, Any]:
    """The JSON Schema of one record as `jiangxin extract --json` prints it (and the store keeps it)."""
    adapter: TypeAdapter[Record] = TypeAdapter(Annotated[Record, Field(discriminator="kind")])
    body = adapter.json_schema(schema_generator=_ContractSchema)
    defs: dict[str, Any] = body["$defs"]
    defs["FieldWarning"] = FieldWarning.model_json_schema(
        schema_generator=_ContractSchema, ref_template="#/$defs/{model}"
    )
    _allow_extra_keys(defs)
    for kind, cls in RECORD_TYPES.items():
        record = defs[cls.__name__]
        record["required"] = ["kind", *[k for k in record.get("required", []) if k != "kind"]]
        record["properties"]["kind"] = {"const": kind}
        record["properties"].update(source=_SOURCE, kind_reasons=_KIND_REASONS, warnings=_WARNINGS)
    return {
        "$schema": DIALECT,
        "$id": "records.schema.json",
        "title": "A record extracted from one submitted document",
        "description": (
            "Generated from jiangxin.core.records by `python -m jiangxin.core.schema --write`; do not edit. "
            "Keys are English, values keep the document's Chinese text. Extra keys are allowed."
        ),
        "oneOf": body["oneOf"],
        "$defs": dict(sorted(defs.items())),
    }


def _allow_extra_keys(node: Any) -> None:
    """Drop `additionalProperties: false` (the models refuse unknown keys when they load a record; the
    contract lets consumers add theirs), keeping typed maps such as `confidence`."""
    if isinstance(node, dict):
        if node.get("additionalProperties") is False:
            del node["additionalProperties"]
        for value in node.values():
            _allow_extra_keys(value)
    elif isinstance(node, list):
        for value in node:
            _allow_extra_keys(value)


def render() -> str:
    """The schema file's text: stable key order, two-space indent, Chinese kept as written."""
    return json.dumps(record_schema(), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="The record contract's JSON Schema, from the record types.")
    group = ap.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help=f"write {SCHEMA_FILE.name} beside the types")
    group.add_argument("--check", action="store_true", help="exit 1 when the committed file is stale")
    args = ap.parse_args(argv)
    text = render()
    if args.write:
        SCHEMA_FILE.write_text(text, encoding="utf-8")
        print(f"wrote {SCHEMA_FILE}")
        return 0
    if args.check:
        current = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.is_file() else ""
        if current != text:
            print(f"{SCHEMA_FILE} is stale: run python -m jiangxin.core.schema --write", file=sys.stderr)
            return 1
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
