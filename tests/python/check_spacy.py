#!/usr/bin/env python3
"""Loads biaozhu's spaCy/Prodigy JSONL export with spaCy and checks that every span aligns.

    python3 tests/python/check_spacy.py EXPORT.jsonl

Each line's text goes through `spacy.blank("zh")` (its default tokenizer splits Chinese into
characters; no segmenter or model is downloaded), and every span through
`Doc.char_span(start, end, label=..., alignment_mode="strict")`, which returns None when the
offsets do not fall on token boundaries. A span must also quote its text exactly:
`text[start:end] == span["text"]` (Python slices code points, as biaozhu's offsets count).
The aligned spans are stored in `doc.spans["sc"]`, as a span categoriser would train on them.

Exit codes: 0 every span aligns; 1 a span does not (each one printed); 2 usage or unreadable
file; 3 spaCy is not installed (run scripts/setup.sh).
"""

import json
import sys


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    try:
        import spacy
    except ImportError:
        print("spaCy is not installed for this python3: run scripts/setup.sh (or scripts/setup-python.sh)",
              file=sys.stderr)
        return 3
    nlp = spacy.blank("zh")
    segmenter = getattr(nlp.tokenizer, "segmenter", None)
    if str(segmenter) != "char":
        print(f"spacy.blank('zh') uses the {segmenter} segmenter, expected char", file=sys.stderr)
        return 1

    problems = []
    documents = spans_seen = 0
    try:
        with open(argv[1], encoding="utf-8") as f:
            lines = f.read().splitlines()
    except (OSError, UnicodeDecodeError) as e:
        print(f"{argv[1]}: {e}", file=sys.stderr)
        return 2
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            task = json.loads(line)
            text, spans = task["text"], task["spans"]
        except (ValueError, KeyError, TypeError) as e:
            problems.append(f"line {number}: not a spaCy/Prodigy task: {e}")
            continue
        documents += 1
        doc = nlp.make_doc(text)
        aligned = []
        for span in spans:
            spans_seen += 1
            start, end, label, quoted = span["start"], span["end"], span["label"], span["text"]
            where = f"line {number}: span [{start}, {end}) {label} {quoted!r}"
            if text[start:end] != quoted:
                problems.append(f"{where}: the text there is {text[start:end]!r}")
                continue
            found = doc.char_span(start, end, label=label, alignment_mode="strict")
            if found is None:
                problems.append(f"{where}: does not align with spaCy's tokens")
            elif found.text != quoted:
                problems.append(f"{where}: spaCy's span is {found.text!r}")
            else:
                aligned.append(found)
        doc.spans["sc"] = aligned
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    if spans_seen == 0:
        print(f"{argv[1]}: no spans to check", file=sys.stderr)
        return 1
    print(f"{spans_seen} spans in {documents} documents align (spaCy {spacy.__version__}, zh char tokenizer)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
