#!/usr/bin/env python3
"""End-to-end throughput of `factdesk extract` on one large document (issue 9's measure).

Builds one document from the bundled seeds (joined by blank lines, repeated to about --mb
megabytes), runs the release binary on it --runs times pinned to one core, and prints each run's
wall, user and system time and the throughput of its CPU time (user + system): start-up,
reading, extraction and writing the JSONL all count.

    cargo build --release
    python3 scripts/bench_extract.py                      # 20 MB, 10 runs
    python3 scripts/bench_extract.py --mb 4 --runs 5 --binary path/to/factdesk

CPU time is reported beside wall time because the machines this runs on are shared: waiting for
a core is not the program's cost. Unix only (it reads the child's resource usage).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def make_input(mb: float, folder: Path) -> Path:
    seeds = [p.read_bytes() for p in sorted((REPO / "seeds").glob("*.txt"))]
    if not seeds:
        sys.exit(f"no seeds found in {REPO / 'seeds'}")
    unit = b"\n\n".join(seeds) + b"\n\n"
    copies = max(1, round(mb * 1_000_000 / len(unit)))
    path = folder / f"seeds-{mb:g}mb.txt"
    path.write_bytes(unit * copies)
    return path


def run_once(binary: Path, document: Path, out: Path, core: int | None):
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            if core is not None:
                os.sched_setaffinity(0, {core})
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            os.execv(str(binary), [str(binary), "extract", str(document), "-o", str(out)])
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{binary} failed on {document} (exit status {status})")
    return wall, usage.ru_utime, usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", type=Path, default=REPO / "target" / "release" / "factdesk")
    parser.add_argument("--mb", type=float, default=20.0, help="size of the document (MB)")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--core", type=int, default=None, help="core to pin to (default: the last allowed)")
    args = parser.parse_args()
    if not args.binary.is_file():
        sys.exit(f"{args.binary}: no such binary (build it with `cargo build --release`)")
    core = args.core
    if core is None and hasattr(os, "sched_getaffinity"):
        core = max(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        document = make_input(args.mb, folder)
        size = document.stat().st_size
        out = folder / "out.jsonl"
        print(f"{args.binary}  on {size / 1e6:.1f} MB, one document, core {core}")
        run_once(args.binary, document, out, core)  # warm-up: the file in the page cache
        rates = []
        for k in range(args.runs):
            wall, user, system = run_once(args.binary, document, out, core)
            cpu = user + system
            rates.append(size / 1e6 / cpu)
            print(f"run {k + 1:>2}: wall {wall:.3f} s  user {user:.3f} s  system {system:.3f} s"
                  f"  -> {rates[-1]:.1f} MB/s of CPU time")
        print(f"median {statistics.median(rates):.1f} MB/s, best {max(rates):.1f}, worst {min(rates):.1f}"
              f" ({out.stat().st_size / 1e6:.1f} MB of JSONL)")


if __name__ == "__main__":
    main()
