"""Entities, numeric facts and topics from French and English news text.

Records come as dicts in the shape of the CLI's JSON Lines, or as Arrow tables
(the columns of `newsfacts extract --format parquet`) for Spark's `mapInArrow`
and Ray Data's `map_batches(batch_format="pyarrow")`.

Every extraction releases the GIL and runs on the calling thread (no thread
pool of its own: engine workers already run one task per core).
"""

import os
from collections.abc import Sequence
from typing import Any, Literal, TypedDict

import pyarrow as pa

__version__: str

_Path = str | os.PathLike[str]
_Paths = _Path | Sequence[_Path]
_ArrowStrings = Any
"""A pyarrow `Array` or `ChunkedArray` of `string`, `large_string` or
`string_view` (anything with `__arrow_c_array__` or `__arrow_c_stream__`)."""

class Entity(TypedDict):
    start: int
    end: int
    text: str
    kind: Literal["company", "organization", "country", "location", "person"]
    name: str
    id: str

class Fact(TypedDict):
    start: int
    end: int
    text: str
    kind: Literal["money", "percent", "quantity", "number"]
    value: float
    unit: str | None
    qualifier: Literal["about", "more_than", "less_than", "up_to", "at_least"] | None
    subject: str | None
    subject_id: str | None
    predicate: str | None
    year: int | None
    equivalent_of: int | None
    change_from: int | None
    range_with: int | None

class Topic(TypedDict):
    id: str
    score: float

class Keyphrase(TypedDict):
    text: str
    score: float

class Document(TypedDict):
    id: str | None
    lang: Literal["fr", "en"]
    entities: list[Entity]
    facts: list[Fact]
    topics: list[Topic]
    keyphrases: list[Keyphrase]

class Extractor:
    """Extracts entities, numeric facts and topics from French and English news.

    Building compiles the gazetteers (0.1 to 0.5 s): build once and reuse.
    In engine workers use `Extractor.shared(...)`, one per process.

    Args:
        gazetteers: user gazetteer TSV file(s), as `newsfacts extract --gazetteer`.
        taxonomy: user taxonomy TSV file(s), as `--taxonomy`.
        lang: `"fr"` or `"en"` reads every document in that language, as
            `--lang` (it wins over per-document languages); None detects.
        default_gazetteers: keep the embedded gazetteers (default True).
        default_taxonomy: keep the embedded taxonomy (default True).

    Raises:
        ValueError: a malformed file, with its `path:line`, or an unknown `lang`.
        OSError: a file that cannot be read.
    """

    def __init__(
        self,
        gazetteers: _Paths | None = None,
        taxonomy: _Paths | None = None,
        lang: str | None = None,
        *,
        default_gazetteers: bool = True,
        default_taxonomy: bool = True,
    ) -> None: ...
    @staticmethod
    def shared(
        gazetteers: _Paths | None = None,
        taxonomy: _Paths | None = None,
        lang: str | None = None,
        *,
        default_gazetteers: bool = True,
        default_taxonomy: bool = True,
    ) -> Extractor:
        """The process-wide extractor for these options, built on first use and
        returned (the same object) by later calls. Files are read once per
        process. An `Extractor` pickles as a call to this, so a Spark or Ray
        closure that captures one gets its worker's shared extractor."""
    def extract(self, text: str, id: str | None = None, lang: str | None = None) -> Document:
        """One document as a dict in the CLI's JSON Lines shape.

        `lang` (`fr`, `en`, regional tags such as `fr-CA`) skips detection,
        unless the extractor has its own `lang`. Raises ValueError for another
        language."""
    def extract_batch(
        self,
        texts: Sequence[str],
        ids: Sequence[str | None] | None = None,
        langs: Sequence[str | None] | None = None,
    ) -> list[Document]:
        """Several documents, in order. A document's language that is not fr or
        en is detected instead, as the CLI does with a line's `lang`. Raises
        ValueError when `ids` or `langs` is not as long as `texts`."""
    def extract_arrow(
        self,
        texts: _ArrowStrings,
        ids: _ArrowStrings | None = None,
        langs: _ArrowStrings | None = None,
    ) -> dict[Literal["documents", "entities", "facts", "topics"], pa.RecordBatch]:
        """Arrow strings in, the four tables of `newsfacts extract --format
        parquet` out (same columns and types), documents in input order. The
        texts are read in place and the tables handed over without copies
        (Arrow PyCapsule interface). Raises ValueError for a null text, a
        column that is not strings, or lengths that differ."""
    def extract_arrow_nested(
        self,
        texts: _ArrowStrings,
        ids: _ArrowStrings | None = None,
        langs: _ArrowStrings | None = None,
    ) -> pa.RecordBatch:
        """Like `extract_arrow`, as one table: a row per document with the
        `documents` columns, then `entities`, `facts` and `topics` as lists of
        structs (each table's columns but `doc_id`). The shape an engine's map
        stage returns; explode it into the four tables afterwards."""
    @property
    def entity_count(self) -> int:
        """Number of distinct entities in the compiled gazetteers."""
    @property
    def lang(self) -> Literal["fr", "en"] | None:
        """The language every document is read as, or None (per document)."""

def arrow_schema(name: Literal["documents", "entities", "facts", "topics", "nested"]) -> pa.Schema:
    """The Arrow schema of a table, or of `extract_arrow_nested`'s result."""
