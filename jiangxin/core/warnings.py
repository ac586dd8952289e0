"""Typed extraction warnings: the field the reader doubted, a stable code, and the Chinese message.

People read a warning with its field in Chinese (`完成时间：无法识别…`); machines read its keys
(`{"field": "completed_on", "code": "unreadable", "message": "无法识别…"}`). Databases and ingest
logs written before warnings were typed hold text (`completed_on: 无法识别…`): `FieldWarning.parse`
reads both, so old stores keep loading.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from .labels import FIELD_LABELS
from .patterns import LazyPattern

if TYPE_CHECKING:
    from pydantic import BaseModel

# the code of a warning stored as text before warnings had codes
LEGACY = "legacy"

# prefixes of text warnings that named no record field, and the field each now belongs to
_TEXT_PREFIXES: dict[str, str | None] = {"format": None, "ocr": None, "score_sheet": "problems"}
_PREFIX = LazyPattern(r"^\s*([a-z][a-z0-9_]*)\s*[:：]\s*")
_CODE = LazyPattern(r"[a-z][a-z0-9_]*")  # a warning's code, whole
_KEYS = frozenset({"field", "code", "message"})


@cache
def warning_model() -> type[BaseModel]:
    """The pydantic model of a warning (its contract): it gives the JSON Schema and the validation errors.
    Built on first use, so that reading a file (which makes warnings) never loads pydantic."""
    from pydantic import BaseModel, ConfigDict, Field

    class FieldWarning(BaseModel):
        """What the reader could not read for sure: on one field of the record, or on the whole document."""

        model_config = ConfigDict(frozen=True, extra="forbid")

        field: str | None = Field(
            description="The record field the warning is about (its JSON key: members, completed_on, "
            "awards …); null for the document as a whole."
        )
        code: str = Field(
            pattern=f"^{_CODE.pattern}$",
            description="A stable English key of the kind of doubt (not_found, unreadable, template_text …); "
            "`legacy` for a warning stored as text before warnings had codes.",
        )
        message: str = Field(
            min_length=1, description="The Chinese text the office reads, without the field."
        )

    return FieldWarning


def _valid(field: object, code: object, message: object) -> bool:
    """What `warning_model` requires of the three values, checked without pydantic."""
    return (
        (field is None or isinstance(field, str))
        and isinstance(code, str)
        and _CODE.fullmatch(code) is not None
        and isinstance(message, str)
        and len(message) > 0
    )


@dataclass(frozen=True, slots=True)
class FieldWarning:
    """What the reader could not read for sure: on one field of the record, or on the whole document.

    A plain frozen dataclass (the readers make many, in processes that never load pydantic); values that
    `warning_model` refuses raise its `pydantic.ValidationError`."""

    field: str | None
    code: str
    message: str

    def __post_init__(self) -> None:
        if not _valid(self.field, self.code, self.message):  # pydantic says why
            warning_model()(field=self.field, code=self.code, message=self.message)

    @classmethod
    def model_validate(cls, data: Mapping[str, Any]) -> FieldWarning:
        """A warning from its JSON keys; unknown or missing keys raise pydantic's ValidationError."""
        if isinstance(data, Mapping) and set(data) == _KEYS:
            return cls(field=data["field"], code=data["code"], message=data["message"])
        checked = warning_model().model_validate(data)
        return cls(field=checked.field, code=checked.code, message=checked.message)  # type: ignore[attr-defined]

    @classmethod
    def model_json_schema(cls, **options: Any) -> dict[str, Any]:
        """The JSON Schema of a warning (pydantic's, from `warning_model`)."""
        return warning_model().model_json_schema(**options)

    @classmethod
    def of(cls, field: str | None, code: str, message: str) -> FieldWarning:
        """A warning from its field, code and message in that order (how the extractors write one)."""
        return cls(field=field, code=code, message=message)

    @property
    def label(self) -> str:
        """The field's Chinese name ('' for a document-level warning)."""
        if self.field is None:
            return ""
        return FIELD_LABELS.get(self.field, self.field)

    @property
    def readable(self) -> str:
        """The warning as the office reads it: `完成时间：…` (the message alone for the whole document)."""
        return f"{self.label}：{self.message}" if self.field else self.message

    @property
    def text(self) -> str:
        """The one-line text form (`completed_on: …`): how warnings were stored before they were typed,
        and how the office's confirmation of a warning names it."""
        return f"{self.field}: {self.message}" if self.field else self.message

    def __str__(self) -> str:
        return self.readable

    def to_json(self) -> dict[str, str | None]:
        return {"field": self.field, "code": self.code, "message": self.message}

    def same(self, other: FieldWarning) -> bool:
        """The same doubt (field and message), whatever code it was stored with."""
        return (self.field, self.message) == (other.field, other.message)

    @classmethod
    def parse(cls, value: FieldWarning | str | Mapping[str, Any]) -> FieldWarning:
        """A warning from its JSON keys, or from the text form stored before warnings were typed."""
        if isinstance(value, FieldWarning):
            return value
        if isinstance(value, Mapping):
            return cls.model_validate(dict(value))
        m = _PREFIX.match(value)
        if m is None:
            return cls(field=None, code=LEGACY, message=value.strip() or value)
        key = m.group(1)
        if key in _TEXT_PREFIXES:
            field = _TEXT_PREFIXES[key]
        elif key in FIELD_LABELS:
            field = key
        else:  # a word and a colon that name no field: the text is the message
            return cls(field=None, code=LEGACY, message=value.strip())
        return cls(field=field, code=LEGACY, message=value[m.end() :].strip() or value)


def warnings_from_json(values: Iterable[FieldWarning | str | Mapping[str, Any]] | None) -> list[FieldWarning]:
    """Stored warnings (JSON objects, or text from an older database) as typed warnings."""
    return [FieldWarning.parse(v) for v in values or ()]


def warnings_to_json(warnings: Iterable[FieldWarning]) -> list[dict[str, str | None]]:
    return [w.to_json() for w in warnings]


def readable_warnings(warnings: Iterable[FieldWarning], sep: str = "；") -> str:
    """Several warnings joined for one cell or sentence, each with its field in Chinese."""
    return sep.join(w.readable for w in warnings)


def readable_reason(reason: str | None) -> str:
    """An ingest event's reason, made of warnings joined by '；': text stored by older versions names
    fields by key (`members: …`), which becomes the Chinese name; other text is left as it is."""
    if not reason:
        return ""
    return "；".join(
        FieldWarning.parse(part).readable if part.strip() else part for part in reason.split("；")
    )
