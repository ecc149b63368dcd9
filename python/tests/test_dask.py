"""The README's Dask recipe on a real LocalCluster of two worker processes, over a few hundred
files: the JSONL shards it writes are the command line's output for the same folder, byte for
byte, and the mentions it returns are the command line's records."""

from __future__ import annotations

import logging

from pathlib import Path

import dask.bag as db
import pytest
from dask.distributed import Client, LocalCluster

import factdesk
from conftest import cli_jsonl, record_from_jsonl
from sample_corpus import make_corpus

FILES = 300


def extract_files(paths, ex, published):
    """The recipe's task: one partition of paths → JSONL lines (the crate's own writer)."""
    items = [(Path(p).name, Path(p).read_bytes(), published.get(Path(p).name)) for p in paths]
    return ex.extract_jsonl(items, threads=1).splitlines()


def extract_file(path, ex, published):
    name = Path(path).name
    return ex.extract(Path(path).read_bytes(), doc=name, published=published.get(name))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("dask")
    paths, published = make_corpus(root / "corpus", FILES)
    return root, paths, published


@pytest.fixture(scope="module")
def cli_lines(corpus, factdesk_bin):
    root, _, _ = corpus
    out = root / "cli.jsonl"
    cli_jsonl(
        factdesk_bin,
        str(root / "corpus"),
        "--metadata",
        str(root / "metadata.csv"),
        "--out",
        str(out),
    )
    return out.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def client():
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster, Client(cluster) as client:
        yield client


def test_shards_equal_the_command_lines_output(corpus, cli_lines, client):
    root, paths, published = corpus
    assert len(paths) == FILES
    assert len(cli_lines) > 5 * FILES
    ex = factdesk.Extractor()
    out = root / "shards"
    bag = db.from_sequence([str(p) for p in paths], partition_size=20)
    bag.map_partitions(extract_files, ex, published).to_textfiles(str(out / "*.jsonl"))
    shards = sorted(out.glob("*.jsonl"), key=lambda p: int(p.stem))
    assert len(shards) == FILES // 20
    lines = [line for shard in shards for line in shard.read_text(encoding="utf-8").splitlines()]
    assert lines == cli_lines

    # Both worker processes did work, and each loaded the engine once for all its tasks.
    loads = client.run(factdesk._engine_loads)
    assert sorted(loads.values()) == [1, 1]


def test_client_map_returns_the_command_lines_records(corpus, cli_lines, client):
    _, paths, published = corpus
    ex = factdesk.Extractor()
    futures = client.map(extract_file, [str(p) for p in paths], ex=ex, published=published)
    mentions = [m for per_file in client.gather(futures) for m in per_file]
    assert mentions == [record_from_jsonl(line) for line in cli_lines]
    assert sorted(client.run(factdesk._engine_loads).values()) == [1, 1]
