#!/usr/bin/env python3
"""Rebuild fonts/NotoSansSC-Regular-subset.ttf, the CJK font bundled with factdesk.

The source font is Noto Sans SC Regular (SIL Open Font License 1.1) as shipped
in the npm package @expo-google-fonts/noto-sans-sc, version 0.4.3, file
400Regular/NotoSansSC_400Regular.ttf. To fetch it:

    mkdir -p /tmp/notosc && cd /tmp/notosc
    npm pack @expo-google-fonts/noto-sans-sc@0.4.3
    tar xzf expo-google-fonts-noto-sans-sc-0.4.3.tgz
    # -> package/400Regular/NotoSansSC_400Regular.ttf
    #    (sha256 d45f67f0a7c0ca3f256950777ce6a61cc7ce5f9696d02900cbbaac25f8aa7d16)

Then, from anywhere (needs `pip install fonttools`):

    python3 scripts/subset_font.py /tmp/notosc/package/400Regular/NotoSansSC_400Regular.ttf

The subset keeps every character of:
  * seeds/*.txt (all characters except control/format/whitespace characters;
    the space is covered by the ASCII range anyway),
  * GB2312 (every two-byte sequence 0xA1A1..0xF7FE that Python's gb2312 codec
    decodes: 7445 characters),
  * assets/general-standard-chinese-characters-8105.txt (通用规范汉字表, 8105 characters),
  * and these ranges (code points the font does not have are silently skipped):
    ASCII U+0020-007E, Latin-1 Supplement U+00A0-00FF, General Punctuation
    U+2000-206F, Letterlike Symbols U+2100-214F, Arrows U+2190-21FF,
    Mathematical Operators U+2200-22FF, Box Drawing U+2500-257F, Geometric
    Shapes U+25A0-25FF, CJK Symbols and Punctuation U+3000-303F, Halfwidth and
    Fullwidth Forms U+FF00-FFEF.

Subsetting options are those of the command

    pyftsubset IN.ttf --text-file=chars.txt --layout-features='*' --no-hinting \\
        --name-IDs='*' --name-languages='*' --notdef-outline --output-file=OUT

but fontTools.subset is called as a library. The output is deterministic
(fontTools keeps the source's head.modified timestamp), so rebuilding from the
same source with the same fontTools version gives a byte-identical file.

After writing the font the script checks that its cmap covers every character
of the seeds, of GB2312 and of the 8105 list, and exits with status 1 if not.
"""

import argparse
import glob
import hashlib
import os
import sys
import unicodedata

from fontTools import subset
from fontTools.ttLib import TTFont

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(REPO_ROOT, "fonts", "NotoSansSC-Regular-subset.ttf")
LIST_8105 = os.path.join(REPO_ROOT, "assets", "general-standard-chinese-characters-8105.txt")
SOURCE_SHA256 = "d45f67f0a7c0ca3f256950777ce6a61cc7ce5f9696d02900cbbaac25f8aa7d16"

EXTRA_RANGES = [
    (0x0020, 0x007E),  # ASCII (printable)
    (0x00A0, 0x00FF),  # Latin-1 Supplement (printable)
    (0x2000, 0x206F),  # General Punctuation
    (0x2100, 0x214F),  # Letterlike Symbols
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical Operators
    (0x2500, 0x257F),  # Box Drawing
    (0x25A0, 0x25FF),  # Geometric Shapes
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
]


def is_visible(ch):
    """False for whitespace and control/format/unassigned/surrogate characters."""
    return not ch.isspace() and not unicodedata.category(ch).startswith("C")


def seed_chars():
    paths = sorted(glob.glob(os.path.join(REPO_ROOT, "seeds", "*.txt")))
    if not paths:
        sys.exit("no seeds/*.txt found under %s" % REPO_ROOT)
    chars = set()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            chars.update(ch for ch in f.read() if is_visible(ch))
    return chars


def gb2312_chars():
    chars = set()
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes([lead, trail]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def list_8105_chars():
    with open(LIST_8105, encoding="utf-8") as f:
        chars = {ch for ch in f.read() if is_visible(ch)}
    if len(chars) != 8105:
        sys.exit("%s: expected 8105 characters, found %d" % (LIST_8105, len(chars)))
    return chars


def extra_chars():
    return {chr(cp) for lo, hi in EXTRA_RANGES for cp in range(lo, hi + 1)}


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def make_options():
    options = subset.Options()
    options.layout_features = ["*"]  # --layout-features='*'
    options.hinting = False          # --no-hinting
    options.name_IDs = ["*"]         # --name-IDs='*'
    options.name_languages = ["*"]   # --name-languages='*'
    options.notdef_outline = True    # --notdef-outline
    return options


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="path to NotoSansSC_400Regular.ttf")
    parser.add_argument("-o", "--output", default=DEFAULT_OUTPUT,
                        help="output path (default: fonts/NotoSansSC-Regular-subset.ttf)")
    args = parser.parse_args()

    digest = sha256_of(args.source)
    if digest != SOURCE_SHA256:
        print("warning: source sha256 is %s, expected %s "
              "(@expo-google-fonts/noto-sans-sc@0.4.3)" % (digest, SOURCE_SHA256),
              file=sys.stderr)

    required = {
        "seeds": seed_chars(),
        "GB2312": gb2312_chars(),
        "8105": list_8105_chars(),
    }
    wanted = set(extra_chars())
    for chars in required.values():
        wanted |= chars

    options = make_options()
    font = subset.load_font(args.source, options)
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(ord(ch) for ch in wanted))
    subsetter.subset(font)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    subset.save_font(font, args.output, options)
    font.close()

    out = TTFont(args.output)
    cmap = out.getBestCmap()
    print("wrote %s: %d bytes, %d glyphs, %d code points mapped"
          % (args.output, os.path.getsize(args.output), out["maxp"].numGlyphs, len(cmap)))
    ok = True
    for name, chars in required.items():
        missing = sorted(ch for ch in chars if ord(ch) not in cmap)
        print("%-7s %5d characters, missing %d%s" % (
            name, len(chars), len(missing),
            (": " + " ".join("U+%04X" % ord(ch) for ch in missing)) if missing else ""))
        ok = ok and not missing
    extra = extra_chars()
    extra_missing = sum(1 for ch in extra if ord(ch) not in cmap)
    print("extra   %5d code points in ranges, %d not in the font (not an error)"
          % (len(extra), extra_missing))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
