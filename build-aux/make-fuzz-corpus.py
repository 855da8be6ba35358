#!/usr/bin/env python3
# make-fuzz-corpus.py — the fuzzers' seed corpora (fuzz/corpus/) from the sample sessions
#
# Usage: build-aux/make-fuzz-corpus.py [SAMPLES_DIR] [CORPUS_DIR]
# (defaults: data/samples and fuzz/corpus in the source tree; run by make-samples.sh)
#
# session-file/: each sample as it is (format version 2), each version-1 test file
#                (tests/files/v1), a session of two connections (one resumed), and a few small
#                corrupt variants of one sample.
# parser/: each handshake message of each sample, prefixed by the context byte that
#          fuzz/fuzz-parser.c decodes (version, direction, cipher suite of the capture).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import base64
import glob
import json
import os
import re
import sys

srcdir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
samples = sys.argv[1] if len(sys.argv) > 1 else os.path.join(srcdir, "data", "samples")
corpus = sys.argv[2] if len(sys.argv) > 2 else os.path.join(srcdir, "fuzz", "corpus")

harness = open(os.path.join(srcdir, "fuzz", "fuzz-parser.c"), encoding="utf-8").read()
def table(name):
    body = re.search(name + r"\[\d+\] = \{(.*?)\};", harness, re.S).group(1)
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    return [int(x, 0) for x in re.findall(r"0x[0-9a-fA-F]+|\b\d+\b", body)]
suites = table("fuzz_suites")
versions = table("fuzz_versions")
wire = {"TLS1.3": 0x0304, "TLS1.2": 0x0303, "TLS1.1": 0x0302, "TLS1.0": 0x0301}

sf = os.path.join(corpus, "session-file")
pa = os.path.join(corpus, "parser")
for d in (sf, pa):
    os.makedirs(d, exist_ok=True)
    for old in glob.glob(os.path.join(d, "*")):
        os.unlink(old)

def put(d, name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

for path in sorted(glob.glob(os.path.join(samples, "*.handshake"))):
    raw = open(path, "rb").read()
    base = os.path.basename(path)[: -len(".handshake")]
    put(sf, base + ".handshake", raw)
    doc = json.loads(raw)
    connections = doc["connections"] if doc.get("format_version", 1) >= 2 else [doc]
    for n, c in enumerate(connections):
        suite = int(c["cipher_suite"]["id"], 16) if c.get("cipher_suite") else 0
        version = wire.get(c.get("protocol"), 0)
        ctx = versions.index(version) if version in versions else 0
        ctx |= (suites.index(suite) << 4) if suite in suites else 0
        for m in c["messages"]:
            data = base64.b64decode(m["bytes"])
            byte = ctx | (8 if m["direction"] == "server" else 0)
            put(pa, "%s-%s%02d-%s" % (base, "c%d-" % n if n else "", m["index"], m["type"]), bytes([byte]) + data)

for path in sorted(glob.glob(os.path.join(srcdir, "tests", "files", "v1", "*.handshake"))):
    put(sf, "v1-" + os.path.basename(path), open(path, "rb").read())

# small corrupt variants of one sample (its first connection changed)
doc = json.load(open(os.path.join(samples, "tls12-ecdhe.handshake"), encoding="utf-8"))
raw = json.dumps(doc).encode()
put(sf, "truncated", raw[: len(raw) // 2])
put(sf, "empty-object", b"{}")
minimal = {"target": {"url": "https://localhost/", "host": "localhost", "port": 443},
           "messages": [], "outcome": {"completed": False, "error": "refused"}}
put(sf, "minimal", json.dumps({"format": "handshakeviz-session", "format_version": 2,
                               "connections": [minimal]}).encode())
put(sf, "minimal-v1", json.dumps(dict(minimal, format="handshakeviz-session", format_version=1)).encode())
put(sf, "newer-version", json.dumps(dict(doc, format_version=3)).encode())
put(sf, "no-connections", json.dumps(dict(doc, connections=[])).encode())
two = json.loads(raw)
second = json.loads(json.dumps(two["connections"][0]))
second.update(resumed=True, resumed_from=0)
two["connections"].append(second)
put(sf, "two-connections", json.dumps(two).encode())
lie = json.loads(raw)
b = bytearray(base64.b64decode(lie["connections"][0]["messages"][1]["bytes"]))
b[3] ^= 1
lie["connections"][0]["messages"][1]["bytes"] = base64.b64encode(bytes(b)).decode()
put(sf, "header-lies", json.dumps(lie).encode())
nosecrets = json.loads(raw)
nosecrets["connections"][0].pop("secrets")
nosecrets["connections"][0]["secrets_included"] = False
put(sf, "no-secrets", json.dumps(nosecrets).encode())
print("  fuzz corpora: %d session files, %d messages" % (len(os.listdir(sf)), len(os.listdir(pa))))
