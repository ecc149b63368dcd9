"""Mentions per second: the command line against the Python package on Dask, same files, same machine.

    python python/bench.py [--files 10000] [--repeat 5] [--dates] [--cli PATH]

Makes a corpus of FILES files from the repository's texts (python/tests/sample_corpus.py), then
times, each over REPEAT runs:
- `factdesk extract FOLDER --out x.jsonl` with hyperfine (release binary; all cores, and with
  RAYON_NUM_THREADS=1 for one), start-up and writing included; with --dates, every run gives the
  publication dates (`--metadata META`, `published=`);
- the README's Dask recipe (dask.bag over the paths, JSONL shards written) on a LocalCluster of 1
  and of 2 worker processes with one thread each, the cluster started and each worker's engine
  loaded before the clock starts (as on a cluster that stays up);
- the same files in this process with `Extractor.extract_jsonl(threads=1|2)`, for the cost of Dask.
Every run's output is checked against the command line's. Prints a table of medians, wall and
CPU time (CPU time says more than wall time on a machine shared with other work). Needs hyperfine, maturin-installed `factdesk`, dask[distributed].
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import resource
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "tests"))

import dask.bag as db  # noqa: E402
from dask.distributed import Client, LocalCluster  # noqa: E402

import factdesk  # noqa: E402
from sample_corpus import make_corpus  # noqa: E402


def extract_files(paths, ex, published):
    """The README recipe's task: one partition of paths → JSONL lines."""
    items = [(Path(p).name, Path(p).read_bytes(), published.get(Path(p).name)) for p in paths]
    return ex.extract_jsonl(items, threads=1).splitlines()


def load_engine() -> int:
    factdesk.Extractor()
    return factdesk._engine_loads()


def cpu_seconds() -> float:
    """User and system time of this process so far, all its threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def hyperfine(command: list[str], repeat: int, env: dict[str, str], export: Path) -> tuple[float, float]:
    """Median wall seconds and mean CPU seconds (user + system) of `command`."""
    subprocess.run(
        ["hyperfine", "-N", "-w", "1", "-r", str(repeat), "--export-json", str(export), "--", " ".join(command)],
        check=True,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
    )
    result = json.loads(export.read_text())["results"][0]
    return statistics.median(result["times"]), result["user"] + result["system"]


def time_dask(workers: int, paths: list[str], published: dict, out: Path, repeat: int) -> tuple[float, float, float, int]:
    """Median wall seconds, median CPU seconds (the workers' and this process's, which holds the
    scheduler and the client), cluster start-up seconds, mentions written."""
    started = time.perf_counter()
    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, Client(cluster) as client:
        ex = factdesk.Extractor()
        client.run(load_engine)
        startup = time.perf_counter() - started
        times, cpus = [], []
        for _ in range(repeat + 1):  # the first run warms up (imports, first tasks)
            shutil.rmtree(out, ignore_errors=True)
            cpu = sum(client.run(cpu_seconds).values()) + cpu_seconds()
            t = time.perf_counter()
            bag = db.from_sequence(paths, partition_size=max(1, len(paths) // (8 * workers)))
            bag.map_partitions(extract_files, ex, published).to_textfiles(str(out / "*.jsonl"))
            times.append(time.perf_counter() - t)
            cpus.append(sum(client.run(cpu_seconds).values()) + cpu_seconds() - cpu)
        mentions = sum(len(p.read_bytes().splitlines()) for p in out.glob("*.jsonl"))
        return statistics.median(times[1:]), statistics.median(cpus[1:]), startup, mentions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dates", action="store_true", help="give publication dates (--metadata, published=)")
    parser.add_argument("--cli", type=Path, help="the factdesk binary (default: release in CARGO_TARGET_DIR)")
    args = parser.parse_args()
    target = Path(os.environ.get("CARGO_TARGET_DIR", HERE.parent / "target"))
    cli = args.cli or target / "release" / "factdesk"
    if not cli.is_file():
        sys.exit(f"no {cli}: cargo build --release --no-default-features, or --cli PATH")

    work = Path(tempfile.mkdtemp(prefix="factdesk-bench-"))
    try:
        folder = work / "corpus"
        paths, published = make_corpus(folder, args.files)
        size = sum(p.stat().st_size for p in paths)
        meta = work / "metadata.csv"  # written by make_corpus
        # Without dates: the command line's --metadata lookup costs time of its own (see --dates).
        command = [str(cli), "extract", str(folder), "--out", str(work / "x.jsonl")]
        if not args.dates:
            published = {}
        else:
            command[3:3] = ["--metadata", str(meta)]
        subprocess.run(command, check=True)
        cli_lines = (work / "x.jsonl").read_bytes().splitlines()
        mentions = len(cli_lines)
        print(f"{args.files} files, {size / 1e6:.1f} MB, {mentions} mentions; {os.cpu_count()} cores", flush=True)

        rows = []
        for label, env in (("command line, all cores", {}), ("command line, RAYON_NUM_THREADS=1", {"RAYON_NUM_THREADS": "1"})):
            seconds, cpu = hyperfine(command, args.repeat, env, work / "hyperfine.json")
            rows.append((label, seconds, cpu, "start-up and writing included"))

        str_paths = [str(p) for p in paths]
        items = [(p.name, p.read_bytes(), published.get(p.name)) for p in paths]
        ex = factdesk.Extractor()
        for threads in (1, 2):
            times, cpus = [], []
            for _ in range(args.repeat):
                cpu, t = cpu_seconds(), time.perf_counter()
                text = ex.extract_jsonl(items, threads=threads)
                times.append(time.perf_counter() - t)
                cpus.append(cpu_seconds() - cpu)
            assert text.encode().splitlines() == cli_lines
            rows.append((f"Python, one process, extract_jsonl(threads={threads})", statistics.median(times), statistics.median(cpus), "files read beforehand, nothing written"))

        for workers in (1, 2):
            seconds, cpu, startup, dask_mentions = time_dask(workers, str_paths, published, work / f"shards{workers}", args.repeat)
            assert dask_mentions == mentions, (dask_mentions, mentions)
            rows.append((f"Dask LocalCluster, {workers} worker{'s' if workers > 1 else ''} x 1 thread", seconds, cpu, f"shards written; cluster start {startup:.1f} s not included"))

        print("\n| run | wall s (median) | mentions/s | MB/s | CPU s | mentions per CPU s | note |")
        print("|---|---|---|---|---|---|---|")
        for label, seconds, cpu, note in rows:
            print(f"| {label} | {seconds:.2f} | {mentions / seconds:,.0f} | {size / 1e6 / seconds:.2f} | {cpu:.2f} | {mentions / cpu:,.0f} | {note} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
