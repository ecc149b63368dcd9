#!/usr/bin/env bash
# The Python package's step of CI (.ci/run runs it after the Rust tests): a fresh virtual
# environment, the wheel built from this folder and installed in it, then pytest. The tests compare
# the package with the real `factdesk` binary, the one `cargo test` built (FACTDESK_BIN to use
# another). Runs on its own too: `bash python/ci.sh`.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${HOME:-/tmp}/.cache/factdesk/target}"
PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; assert sys.version_info >= (3, 9), sys.version' \
    || { echo "python/ci.sh: needs Python 3.9 or newer as \$PYTHON or python3" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/factdesk-python-ci.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$PYTHON" -m venv "$work/venv"
venv="$work/venv/bin"
"$venv/pip" install --quiet --disable-pip-version-check -r requirements-ci.txt

# The engine-only cdylib, release: about 5 minutes from cold on 2 cores.
"$venv/maturin" build --release --quiet --interpreter "$venv/python" --out "$work/wheels"
"$venv/pip" install --quiet --disable-pip-version-check --no-deps "$work"/wheels/factdesk-*.whl

export FACTDESK_BIN="${FACTDESK_BIN:-$CARGO_TARGET_DIR/debug/factdesk}"
if [ ! -x "$FACTDESK_BIN" ]; then
    (cd .. && cargo build --bin factdesk)
fi
# Run from tests/ so `import factdesk` is the installed wheel, never a folder of this checkout.
cd tests
"$venv/python" -m pytest -p no:cacheprovider -q
