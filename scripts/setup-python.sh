#!/usr/bin/env bash
# Installs the Python side of the test suite: spaCy, which tests/spacy_alignment.rs uses to load
# the spaCy export and check that every span aligns (`Doc.char_span(..., alignment_mode="strict")`).
# Safe to run again: nothing is installed when `python3` already imports spaCy at the pinned version.
#
# Only `spacy.blank("zh")` is used. Its default Chinese tokenizer splits into characters, so no
# segmenter (jieba, pkuseg) and no model are downloaded, at install time or when the tests run.
set -euo pipefail

SPACY_VERSION=3.8.18
PYTHON="${PYTHON:-python3}"

step() { printf '\n[setup-python] %s\n' "$*"; }

if ! command -v "$PYTHON" >/dev/null; then
  echo "[setup-python] $PYTHON not found: install Python 3 (Debian: apt-get install python3 python3-pip)" >&2
  exit 1
fi

installed="$("$PYTHON" -c 'import spacy; print(spacy.__version__)' 2>/dev/null || true)"
if [[ "$installed" == "$SPACY_VERSION" ]]; then
  step "spaCy $SPACY_VERSION already installed for $("$PYTHON" --version)"
  exit 0
fi

step "pip install spacy==$SPACY_VERSION for $("$PYTHON" --version) (was: ${installed:-not installed}; about a minute)"
start=$SECONDS
"$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "spacy==$SPACY_VERSION"
step "installed in $((SECONDS - start)) s; checking that spacy.blank(\"zh\") works offline"
"$PYTHON" - <<'PY'
import spacy

nlp = spacy.blank("zh")
doc = nlp("上海市公安局😀通报")
assert [t.text for t in doc][:3] == ["上", "海", "市"], [t.text for t in doc]
print("[setup-python] spaCy", spacy.__version__, "ready: zh tokenizer is", nlp.tokenizer.segmenter)
PY
