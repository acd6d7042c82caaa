#!/usr/bin/env python3
"""Runs the Nu HTML Checker on every page of a built site and tells the theme's errors from the
content's: raw HTML that the author wrote in a content file is passed through as written (as Hugo
does), so an error whose markup appears verbatim in a file under content/ is listed as the
author's, and does not fail the check. Any other error fails it.

    vnu.py VNU_JAR SITE_DIR OUTPUT_DIR
"""

import json
import subprocess
import sys
from pathlib import Path


def main():
    vnu, site, output = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    pages = sorted(str(p) for p in output.rglob("*.html"))
    run = subprocess.run(
        ["java", "-jar", vnu, "--errors-only", "--format", "json", *pages],
        capture_output=True, text=True,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    sources = [p.read_text(encoding="utf-8", errors="replace") for p in (site / "content").rglob("*") if p.is_file()]
    theirs, ours = [], []
    for m in messages:
        extract = m.get("extract", "")
        start, length = m.get("hiliteStart", 0), m.get("hiliteLength", 0)
        markup = extract[start:start + length].strip()
        place = f"{m.get('url', '').replace('file:', '')}:{m.get('lastLine', '?')}: {m.get('message', '')}"
        if markup and any(markup in text for text in sources):
            theirs.append(f"{place}\n    written in the content: {markup}")
        else:
            ours.append(f"{place}\n    {markup or extract}")
    for line in theirs:
        print(f"content HTML (kept as written): {line}")
    for line in ours:
        print(f"error: {line}")
    print(f"vnu {site.name}: {len(pages)} pages, {len(ours)} errors in the theme's markup, {len(theirs)} in raw HTML from content files")
    return 1 if ours else 0


if __name__ == "__main__":
    sys.exit(main())
