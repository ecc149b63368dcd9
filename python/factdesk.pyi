# Type hints for the compiled module (maturin ships this file in the wheel).
from typing import Any, Iterable, Literal, Mapping, Optional, Tuple, Union

__version__: str

Text = Union[str, bytes]
Item = Union[Tuple[str, Text], Tuple[str, Text, Optional[str]], Mapping[str, Any]]
# A FACTS.md mention record: the fields of `factdesk extract --format jsonl`; `value` and
# `value_max` are Decimal (or str in string mode), ISO strings for dates and periods.
Mention = dict[str, Any]

class ExtractionError(Exception): ...

class Extractor:
    def __init__(self, values: Literal["decimal", "str"] = "decimal") -> None: ...
    @property
    def values(self) -> Literal["decimal", "str"]: ...
    def extract(
        self,
        text: Text,
        doc: str = "-",
        published: Optional[str] = None,
        values: Optional[Literal["decimal", "str"]] = None,
    ) -> list[Mention]: ...
    def extract_batch(
        self,
        items: Iterable[Item],
        published: Optional[str] = None,
        values: Optional[Literal["decimal", "str"]] = None,
        threads: Optional[int] = None,
    ) -> list[Mention]: ...
    def extract_jsonl(
        self,
        items: Iterable[Item],
        published: Optional[str] = None,
        threads: Optional[int] = None,
    ) -> str: ...
    def __reduce__(self) -> Tuple[type, Tuple[str]]: ...

def _engine_loads() -> int: ...
