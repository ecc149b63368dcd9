"""Shared fixtures: the real `factdesk` binary, whose JSONL output the package must equal."""

from __future__ import annotations

import json
import os
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from sample_corpus import REPO

EXACT_FIELDS = ("value", "value_max")


def find_binary() -> Path | None:
    """FACTDESK_BIN, else the binary `cargo test` or `cargo build` left in the target folder."""
    if os.environ.get("FACTDESK_BIN"):
        return Path(os.environ["FACTDESK_BIN"])
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    for profile in ("release", "debug"):
        candidate = target / profile / "factdesk"
        if candidate.is_file():
            return candidate
    return None


@pytest.fixture(scope="session")
def factdesk_bin() -> Path:
    binary = find_binary()
    if binary is None or not binary.is_file():
        pytest.fail(
            "no factdesk binary: set FACTDESK_BIN or build one (cargo build --release --no-default-features)"
        )
    return binary


def run_cli(binary: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(binary), *args], capture_output=True, check=check, timeout=600
    )


def cli_jsonl(binary: Path, *args: str) -> list[str]:
    """The lines `factdesk extract --format jsonl ARGS` prints."""
    done = run_cli(binary, "extract", "--format", "jsonl", *args)
    return done.stdout.decode("utf-8").splitlines()


def record_from_jsonl(line: str) -> dict:
    """A JSONL line as the package should give it: exact values as Decimal (read from the
    number's text, never through float), everything else as `json` reads it."""
    record = json.loads(line)
    exact = json.loads(line, parse_float=Decimal, parse_int=Decimal)
    for field in EXACT_FIELDS:
        record[field] = exact[field]
    return record


def raw_exact_values(line: str) -> dict:
    """The exact fields as the text the JSON line writes (numbers unquoted, dates as strings)."""
    raw = json.loads(line, parse_float=str, parse_int=str)
    return {field: raw[field] for field in EXACT_FIELDS}
