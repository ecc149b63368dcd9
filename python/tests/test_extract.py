"""The package against the command line on the repository's real texts: the same records, exact
values as Decimal (or their text), pickling that ships no dictionaries, errors as exceptions."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import threading
import time
from collections import defaultdict
from decimal import Decimal

import pytest

import factdesk
from conftest import (
    EXACT_FIELDS,
    cli_jsonl,
    raw_exact_values,
    record_from_jsonl,
    run_cli,
)
from sample_corpus import SEEDS, TEXTS, published_dates

SEED_PATHS = sorted(SEEDS.glob("*.txt"))
TEXT_PATHS = sorted(TEXTS.glob("*.txt"))


@pytest.fixture(scope="module")
def ex():
    return factdesk.Extractor()


@pytest.fixture(scope="module")
def seed_lines(factdesk_bin):
    """The command line's JSONL for the seeds, grouped by document."""
    lines = cli_jsonl(factdesk_bin, str(SEEDS))
    by_doc = defaultdict(list)
    for line in lines:
        by_doc[json.loads(line)["doc"]].append(line)
    assert set(by_doc) == {p.name for p in SEED_PATHS}
    return by_doc


def test_seed_mentions_equal_the_command_lines_jsonl(ex, seed_lines):
    for path in SEED_PATHS:
        expected = [record_from_jsonl(line) for line in seed_lines[path.name]]
        from_bytes = ex.extract(path.read_bytes(), doc=path.name)
        from_text = ex.extract(path.read_text(encoding="utf-8"), doc=path.name)
        assert from_bytes == expected, path.name
        assert from_text == expected, path.name
        # The same fields, named and ordered as the JSONL line writes them.
        for got, line in zip(from_bytes, seed_lines[path.name]):
            assert list(got) == list(json.loads(line))


def test_given_publication_dates_equal_the_command_line(ex, factdesk_bin, tmp_path):
    dates = published_dates()
    metadata = tmp_path / "metadata.csv"
    metadata.write_text(
        "".join(f"{name},{date}\n" for name, date in dates.items()), encoding="utf-8"
    )
    lines = cli_jsonl(factdesk_bin, *map(str, TEXT_PATHS), "--metadata", str(metadata))
    expected = [record_from_jsonl(line) for line in lines]
    got = []
    for path in TEXT_PATHS:
        got += ex.extract(
            path.read_bytes(), doc=path.name, published=dates.get(path.name)
        )
    assert len(got) > 500
    assert got == expected
    # A given date decides relative periods: 今年 in a 2016 release is 2016.
    assert any(m["period"] and m["period"].startswith("2016") for m in got)


def test_exact_values_are_decimals_written_as_the_jsonl_writes_them(ex, seed_lines):
    numbers = 0
    for path in SEED_PATHS:
        got = ex.extract(path.read_bytes(), doc=path.name)
        for mention, line in zip(got, seed_lines[path.name]):
            raw = raw_exact_values(line)
            for field in EXACT_FIELDS:
                value = mention[field]
                if mention["kind"] in ("date", "period"):
                    assert value is None or isinstance(value, str)
                elif value is not None:
                    assert isinstance(value, Decimal), (field, mention)
                    assert str(value) == raw[field]
                    numbers += 1
            # The only float is the extractor's own estimate.
            floats = [k for k, v in mention.items() if isinstance(v, float)]
            assert floats == ["confidence"]
    assert numbers > 150


def test_a_value_past_float_precision_stays_exact(ex):
    # 2**53 + 1 yuan: a float would read 9007199254740992.
    (mention,) = ex.extract("公司营业收入为9007199254740993元。", published="2025-01-01")
    assert mention["value"] == Decimal("9007199254740993")
    assert str(mention["value"]) == "9007199254740993"
    (cents,) = ex.extract("价格为34美分。", published="2025-01-01")
    assert cents["value"] == Decimal("0.34") and cents["unit"] == "USD"


def test_string_mode_gives_the_numbers_text(seed_lines):
    by_option = factdesk.Extractor(values="str")
    by_call = factdesk.Extractor()
    assert by_option.values == "str" and by_call.values == "decimal"
    for path in SEED_PATHS:
        lines = seed_lines[path.name]
        for got in (
            by_option.extract(path.read_bytes(), doc=path.name),
            by_call.extract(path.read_bytes(), doc=path.name, values="str"),
        ):
            assert [{f: m[f] for f in EXACT_FIELDS} for m in got] == [
                raw_exact_values(line) for line in lines
            ]
    (pct,) = by_option.extract("同比增长6.70%。")
    assert pct["value"] == "6.7"


def test_batch_equals_one_document_at_a_time(ex):
    paths = SEED_PATHS + TEXT_PATHS
    dates = published_dates()
    one_by_one = []
    for p in paths:
        one_by_one += ex.extract(p.read_bytes(), doc=p.name, published=dates.get(p.name))
    items = [(p.name, p.read_bytes(), dates.get(p.name)) for p in paths]
    for threads in (None, 1, 2):
        assert ex.extract_batch(items, threads=threads) == one_by_one
    as_dicts = [
        {"doc": p.name, "text": p.read_text(encoding="utf-8"), "published": dates.get(p.name)}
        for p in paths
    ]
    assert ex.extract_batch(as_dicts) == one_by_one
    # A batch-wide date applies where an item gives none.
    pairs = [("a.txt", "今年上半年出口增长5%。"), ("b.txt", "今年上半年出口增长5%。", "2019-07-15")]
    batch = ex.extract_batch(pairs, published="2016-07-15")
    periods = [m["period"] for m in batch if m["kind"] == "percent"]
    assert periods == ["2016-01/2016-06", "2019-01/2019-06"]


def test_jsonl_is_the_command_lines_bytes(ex, factdesk_bin):
    items = [(p.name, p.read_bytes()) for p in SEED_PATHS]
    expected = run_cli(factdesk_bin, "extract", str(SEEDS)).stdout.decode("utf-8")
    assert ex.extract_jsonl(items, threads=2) == expected


def test_pickling_ships_the_options_not_the_engine(ex):
    data = pickle.dumps(factdesk.Extractor(values="str"))
    assert len(data) < 120  # the class name and "str": no word table
    copy = pickle.loads(data)
    assert isinstance(copy, factdesk.Extractor) and copy.values == "str"
    text = "双边贸易额去年达到948亿美元，同比增长35%。"
    assert copy.extract(text, published="2025-06-18") == factdesk.Extractor(
        values="str"
    ).extract(text, published="2025-06-18")
    assert factdesk._engine_loads() == 1  # every instance in this process shares one engine


def test_unpickling_in_a_new_process_loads_the_engine_once(ex):
    script = (
        "import pickle, sys, factdesk\n"
        "before = factdesk._engine_loads()\n"
        "copies = [pickle.loads(sys.stdin.buffer.read())]\n"
        "copies += [pickle.loads(pickle.dumps(copies[0])) for _ in range(20)]\n"
        "mentions = [c.extract('948亿美元') for c in copies]\n"
        "print(before, factdesk._engine_loads(), len(mentions[-1]), type(mentions[-1][0]['value']).__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=pickle.dumps(ex),
        capture_output=True,
        check=True,
        timeout=120,
    )
    assert done.stdout.decode().split() == ["0", "1", "1", "Decimal"]


def test_bad_inputs_raise_with_the_engines_message(ex, factdesk_bin, tmp_path):
    with pytest.raises(ValueError) as bad_date:
        ex.extract("948亿美元", doc="a.txt", published="2025-13-01")
    message = str(bad_date.value)
    assert message.startswith("a.txt: published: ")
    cli = run_cli(factdesk_bin, "extract", "--published", "2025-13-01", "-", check=False)
    assert cli.returncode == 2
    assert message.removeprefix("a.txt: published: ") in cli.stderr.decode()

    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    with pytest.raises(ValueError, match=r"^scan\.txt: binary file, not text$"):
        ex.extract(binary.read_bytes(), doc="scan.txt")
    cli = run_cli(factdesk_bin, "extract", str(binary), check=False)
    assert cli.returncode == 1
    assert "binary file, not text" in cli.stderr.decode()

    # In a batch, the bad document is named and nothing is returned.
    with pytest.raises(ValueError, match=r"^scan\.txt: binary file, not text$"):
        ex.extract_batch([("ok.txt", "35%"), ("scan.txt", binary.read_bytes())])
    with pytest.raises(TypeError, match="str or bytes"):
        ex.extract(948, doc="n.txt")
    with pytest.raises(ValueError, match="values must be"):
        factdesk.Extractor(values="float")
    with pytest.raises(ValueError, match=r"\(doc, text\)"):
        ex.extract_batch([("only-a-name.txt",)])
    with pytest.raises(ValueError, match="threads must be at least 1"):
        ex.extract_batch([("a.txt", "35%")], threads=0)
    with pytest.raises(UnicodeEncodeError):
        ex.extract("948亿美元\ud800")
    assert issubclass(factdesk.ExtractionError, Exception)


def test_empty_and_blank_input_is_refused_as_the_command_line_refuses_the_file(
    ex, factdesk_bin, tmp_path
):
    for name, content, reason in [
        ("empty.txt", b"", "empty file: no text to extract"),
        ("blank.txt", " \n\t\u3000\n".encode(), "holds only white space: no text to extract"),
    ]:
        path = tmp_path / name
        path.write_bytes(content)
        cli = run_cli(factdesk_bin, "extract", str(path), check=False)
        assert cli.returncode == 1
        assert reason in cli.stderr.decode()
        for text in (content, content.decode()):
            with pytest.raises(ValueError, match=f"^{name}: {reason}$"):
                ex.extract(text, doc=name)
            with pytest.raises(ValueError, match=f"^{name}: {reason}$"):
                ex.extract_batch([("ok.txt", "35%"), (name, text)])
            with pytest.raises(ValueError, match=f"^{name}: {reason}$"):
                ex.extract_jsonl([(name, text)])


def test_damaged_utf8_bytes_warn_as_the_command_line_does(ex, factdesk_bin, tmp_path):
    path = SEED_PATHS[4]
    damaged = bytearray(path.read_bytes())
    damaged[40] = 0xFF  # inside the text: one bad byte sequence
    damaged_path = tmp_path / "damaged.txt"
    damaged_path.write_bytes(bytes(damaged))
    cli = run_cli(factdesk_bin, "extract", str(damaged_path))
    cli_warning = next(
        line for line in cli.stderr.decode().splitlines() if "warning:" in line
    )
    damage = cli_warning.split(f"{damaged_path}: ", 1)[1]
    assert damage.startswith("not valid UTF-8 at byte 40")
    cli_mentions = [json.loads(line) for line in cli.stdout.decode().splitlines()]

    for call in (
        lambda: ex.extract(bytes(damaged), doc="damaged.txt"),
        lambda: ex.extract_batch([("damaged.txt", bytes(damaged))]),
    ):
        with pytest.warns(UserWarning) as caught:
            got = call()
        assert [str(w.message) for w in caught] == [f"damaged.txt: {damage}"]
        assert [m["surface"] for m in got] == [m["surface"] for m in cli_mentions]
    with pytest.warns(UserWarning, match="^damaged.txt: not valid UTF-8 at byte 40"):
        ex.extract_jsonl([("damaged.txt", bytes(damaged))])

    # Clean bytes and a str never warn.
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ex.extract(path.read_bytes(), doc=path.name)
        ex.extract(path.read_text(encoding="utf-8"), doc=path.name)


def spin_rate(seconds: float = 0.05) -> float:
    """Iterations per second of the loop below with the GIL to itself."""
    ticks, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        ticks += 1
    return ticks / seconds


def test_batch_releases_the_gil_while_extracting(ex):
    text = SEED_PATHS[2].read_text(encoding="utf-8")
    items = [(f"{i}.txt", text) for i in range(600)]
    rate = spin_rate()
    done = threading.Event()
    worker = threading.Thread(target=lambda: (ex.extract_batch(items, threads=1), done.set()))
    ticks = 0
    start = time.perf_counter()
    worker.start()
    while not done.is_set():
        time.perf_counter()
        ticks += 1
    worker.join()
    elapsed = time.perf_counter() - start
    # Were the GIL held, this thread would stall for the whole batch but one switch interval
    # (5 ms); released, it spins at a good part of its own rate (the machine has 2 cores).
    assert elapsed > 0.3
    assert ticks > 0.1 * rate * elapsed, (ticks, rate, elapsed)
