#!/usr/bin/env python3
"""Removes the custom sections a browser never reads (names, producers,
target_features, relocations, linking) from .wasm files, in place.

wasm-bindgen keeps the names section of a module that wasm-split-cli wrote
(600 KB of the app's 1.9 MB). There is no wasm-opt on these machines, and
dropping custom sections needs nothing but the binary format: a module is a
header and a list of sections, each an id, a LEB128 size and its bytes.
"""

import sys

KEEP_CUSTOM = set()


def leb128(data, i):
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def strip(data):
    if data[:4] != b"\0asm":
        raise ValueError("not a wasm module")
    out = bytearray(data[:8])
    i = 8
    while i < len(data):
        start = i
        section_id = data[i]
        size, body = leb128(data, i + 1)
        end = body + size
        if end > len(data):
            raise ValueError("truncated section")
        keep = True
        if section_id == 0:
            name_len, name_at = leb128(data, body)
            name = data[name_at : name_at + name_len].decode("utf-8", "replace")
            keep = name in KEEP_CUSTOM
        if keep:
            out += data[start:end]
        i = end
    return bytes(out)


def main(paths):
    for path in paths:
        with open(path, "rb") as f:
            data = f.read()
        stripped = strip(data)
        with open(path, "wb") as f:
            f.write(stripped)


if __name__ == "__main__":
    main(sys.argv[1:])
