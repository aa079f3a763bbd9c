#!/usr/bin/env python3
"""Extracts a novel from Debian's r-cran-janeaustenr package as plain text, without R.

  mkdir -p /tmp/jane && cd /tmp/jane && apt-get download r-cran-janeaustenr && dpkg-deb -x r-cran-janeaustenr_*.deb x
  python3 extract-janeaustenr.py x/usr/lib/R/site-library/janeaustenr/data/Rdata prideprejudice > pride-and-prejudice.txt
  python3 extract-janeaustenr.py x/usr/lib/R/site-library/janeaustenr/data/Rdata --list

The package keeps each novel as an R character vector (one element per line of the Project Gutenberg text) in R's
lazy-load database: Rdata.rdx is a gzipped serialized index {variables: {name: [offset, length]}, ...}, Rdata.rdb
holds each object as a 4-byte big-endian length and a compressed (zlib, or a type byte Z/2/X then
zlib/bzip2/xz) serialization in R's XDR format. This reads just enough of that format for character vectors and
named lists, and writes the lines joined by newlines.
"""
import bz2
import gzip
import lzma
import struct
import sys
import zlib


class Reader:
    """R's XDR serialization (version 2 or 3), for the types a lazy-load index and a character vector use."""

    def __init__(self, data):
        self.b, self.p, self.refs = data, 0, []

    def int(self):
        v = struct.unpack(">i", self.b[self.p:self.p + 4])[0]
        self.p += 4
        return v

    def header(self):
        assert self.b[:2] == b"X\n", "not an XDR serialization"
        self.p = 2
        version = self.int()
        self.int()  # writer's R version
        self.int()  # minimal reader version
        if version == 3:
            n = self.int()  # native encoding name
            self.p += n
        return self

    def item(self):
        flags = self.int()
        t, has_attr, has_tag = flags & 0xFF, flags & (1 << 9), flags & (1 << 10)
        if t == 254:  # NILVALUE
            return None
        if t == 9:  # CHARSXP
            n = self.int()
            if n == -1:
                return None  # NA_character_
            s = self.b[self.p:self.p + n].decode("utf-8")
            self.p += n
            return s
        if t in (16, 19):  # STRSXP, VECSXP (with an optional names attribute)
            v = [self.item() for _ in range(self.int())]
            if has_attr:
                attrs = dict(self.item())
                if "names" in attrs:
                    return dict(zip(attrs["names"], v))
            return v
        if t in (10, 13, 14):  # LGLSXP, INTSXP, REALSXP
            n = self.int()
            width, code = (8, "d") if t == 14 else (4, "i")
            v = list(struct.unpack(f">{n}{code}", self.b[self.p:self.p + n * width]))
            self.p += n * width
            if has_attr:
                self.item()
            return v
        if t == 2:  # LISTSXP (pairlist): [(tag, value), ...]
            out = []
            while True:
                if has_attr:
                    self.item()
                tag = self.item() if has_tag else None
                out.append((tag, self.item()))
                flags = self.int()
                t, has_attr, has_tag = flags & 0xFF, flags & (1 << 9), flags & (1 << 10)
                if t == 254:
                    return out
                if t != 2:
                    raise ValueError(f"unexpected type {t} in a pairlist")
        if t == 1:  # SYMSXP
            s = self.item()
            self.refs.append(s)
            return s
        if t == 255:  # REFSXP
            return self.refs[(flags >> 8) - 1]
        raise ValueError(f"unsupported R type {t} at byte {self.p}")


def load_object(base, name):
    index = Reader(gzip.decompress(open(base + ".rdx", "rb").read())).header().item()
    variables = index["variables"]
    if name == "--list":
        return list(variables)
    offset, length = variables[name]
    blob = open(base + ".rdb", "rb").read()[offset:offset + length]
    body = blob[4:]
    kinds = {b"Z": zlib.decompress, b"2": bz2.decompress, b"X": lzma.decompress, b"0": lambda x: x}
    data = kinds[body[:1]](body[1:]) if body[:1] in kinds else zlib.decompress(body)
    return Reader(data).header().item()


if __name__ == "__main__":
    value = load_object(sys.argv[1], sys.argv[2])
    if sys.argv[2] == "--list":
        print(" ".join(value))
    else:
        sys.stdout.write("\n".join(line if line is not None else "" for line in value) + "\n")
