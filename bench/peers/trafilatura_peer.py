"""trafilatura (Python) behind the bench's peer protocol: reads FILE<TAB>URL
lines on stdin, prints one JSON line {text, title, byline, ms} per page,
timed from the parse to the end of extraction (file reading left out)."""

import json
import sys
import time

import trafilatura


def main():
    for line in sys.stdin:
        path, _, url = line.rstrip("\n").partition("\t")
        with open(path, encoding="utf-8", errors="replace") as f:
            html = f.read()
        start = time.perf_counter()
        doc = trafilatura.bare_extraction(html, url=url or None, with_metadata=True)
        ms = (time.perf_counter() - start) * 1000
        if doc is None:
            row = {"text": "", "title": None, "byline": None, "ms": ms}
        else:
            row = {"text": doc.text or "", "title": doc.title, "byline": doc.author, "ms": ms}
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
