"""A corpus of many files made from the repository's real texts (the seeds and tests/frames/texts),
for the Dask test and the benchmark: nothing is downloaded and the same count gives the same files.

Each file is a window of consecutive paragraphs of one source text, so files differ in length and
content; some are written as GB18030, UTF-8 with a BOM or with CRLF line ends, so the decoding the
command line does is exercised too. Publication dates come from tests/frames/texts/published.tsv
and are written as the `--metadata` CSV the command line reads.
"""

from __future__ import annotations

import csv
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
TEXTS = REPO / "tests" / "frames" / "texts"


def source_texts() -> list[tuple[str, str]]:
    """(file name, text) of every seed and real test text, in name order."""
    paths = sorted(SEEDS.glob("*.txt")) + sorted(TEXTS.glob("*.txt"))
    return [(p.name, p.read_text(encoding="utf-8-sig")) for p in paths]


def published_dates() -> dict[str, str]:
    """File name → publication date, from tests/frames/texts/published.tsv."""
    dates = {}
    for line in (TEXTS / "published.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, date = line.split("\t")[:2]
        dates[name] = date.strip()
    return dates


def make_corpus(folder: Path, count: int) -> tuple[list[Path], dict[str, str]]:
    """Writes `count` files into `folder`; returns their paths in the command line's order (file
    name order) and the publication date of each file that has one (by file name). Also writes
    `folder`/../metadata.csv, the same dates for `factdesk extract --metadata`."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = source_texts()
    dates = published_dates()
    given: dict[str, str] = {}
    paths = []
    for i in range(count):
        source_name, text = sources[i % len(sources)]
        paragraphs = [p for p in text.split("\n") if p.strip()]
        round_ = i // len(sources)
        # A window of 3 to 14 paragraphs, starting further in on every round over the sources.
        width = 3 + (i * 7) % 12
        first = (round_ * 5) % max(1, len(paragraphs) - 1)
        body = "\n".join(paragraphs[first : first + width]) + "\n"
        name = f"{i:05d}_{Path(source_name).stem}.txt"
        path = folder / name
        if i % 10 == 3:
            path.write_bytes(body.encode("gb18030"))
        elif i % 10 == 6:
            path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
        elif i % 10 == 8:
            path.write_bytes(body.replace("\n", "\r\n").encode("utf-8"))
        else:
            path.write_bytes(body.encode("utf-8"))
        if source_name in dates:
            given[name] = dates[source_name]
        paths.append(path)
    with open(folder.parent / "metadata.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "published"])
        for name, date in sorted(given.items()):
            writer.writerow([name, date])
    return sorted(paths, key=lambda p: p.name), given
