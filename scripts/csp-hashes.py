#!/usr/bin/env python3
"""Trunk post-build hook: allow the inline loader script Trunk writes, and nothing else inline.

index.html carries the Content-Security-Policy with the placeholder `'inline-script-hashes'` in
its script-src. Trunk then adds a `<script type="module">` that loads the wasm; its text names the
hashed file names of this build, so its hash is only known now. This replaces the placeholder
with the SHA-256 of every inline script in the staged index.html. A build where the placeholder is
missing fails, so a policy can never silently fall out of step with the page.
"""
import base64
import hashlib
import os
import re
import sys

PLACEHOLDER = "'inline-script-hashes'"


def main() -> int:
    staging = os.environ.get("TRUNK_STAGING_DIR")
    if not staging:
        print("csp-hashes: TRUNK_STAGING_DIR is not set (run me as a Trunk post_build hook)", file=sys.stderr)
        return 1
    path = os.path.join(staging, "index.html")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    if html.count(PLACEHOLDER) != 1:
        print(f"csp-hashes: {path} must name {PLACEHOLDER} exactly once in its policy", file=sys.stderr)
        return 1
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"
        for body in inline
    )
    html = html.replace(PLACEHOLDER, hashes or "'none'")
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    print(f"csp-hashes: {len(inline)} inline script(s) allowed by hash")
    return 0


if __name__ == "__main__":
    sys.exit(main())
