#!/usr/bin/env python3
"""tools/evlog.py - small event-log helpers for `make run` and the tests.

Owns four small jobs, deliberately independent of the firmware's C code:
  cut IN OUT     copy a TCG crypto-agile (CCEL) log up to the end of its
                 last event, dropping the 0xFF/0x00 fill of the log area
                 (tpm2_eventlog rejects fill: "PCR Index -1" / bogus events)
  kernel-digest BZIMAGE
                 SHA-384 of a bzImage in the canonical form of
                 docs/measurements.md (loader-written header fields zeroed)
  replay IN      replay the SHA-384 bank of a (cut) log: one line per
                 register index with events,  mr <index> <sha384-hex>
  yaml YAMLFILE  reduce tpm2_eventlog's YAML output to lines
                   event <pcr> <type-name> <sha384-hex>   (measured events)
                   pcr <index> <sha384-hex>               (replayed values)
The C tools (tools/attest: tetd-eventlog --cut/--replay, tetd-attest) are
the readers `make run` uses; this one stays as the tests' independent
oracle (tests/integration/10-qemu-boot.t), written apart from their code.
"""
import hashlib
import re
import struct
import sys

EV_NO_ACTION = 3


def log_end(b):
    """Offset just past the last well-formed event of a crypto-agile log."""
    # Header event, TCG_PCClientPCREvent (SHA-1 format) carrying the Spec ID.
    if len(b) < 32:
        raise ValueError("log shorter than the header event")
    pcr, etype = struct.unpack_from("<II", b, 0)
    (esize,) = struct.unpack_from("<I", b, 28)
    spec = b[32:32 + esize]
    if etype != EV_NO_ACTION or not spec.startswith(b"Spec ID Event03\0"):
        raise ValueError("first event is not the Spec ID Event03 header")
    (nalg,) = struct.unpack_from("<I", spec, 24)
    sizes = {}
    for i in range(nalg):
        alg, size = struct.unpack_from("<HH", spec, 28 + 4 * i)
        sizes[alg] = size
    off = 32 + esize
    while off + 12 <= len(b):
        pcr, etype, count = struct.unpack_from("<III", b, off)
        if pcr == 0xFFFFFFFF or count == 0 or count > len(sizes):
            break  # fill (0xFF... or 0x00...) after the last event
        p = off + 12
        try:
            for _ in range(count):
                (alg,) = struct.unpack_from("<H", b, p)
                p += 2 + sizes[alg]
            (dsize,) = struct.unpack_from("<I", b, p)
        except (KeyError, struct.error):
            break
        p += 4 + dsize
        if p > len(b):
            break
        off = p
    return off


def replay(b):
    """{mr_index: sha384 replay} over every non-EV_NO_ACTION event."""
    end = log_end(b)
    (esize,) = struct.unpack_from("<I", b, 28)
    spec = b[32:32 + esize]
    (nalg,) = struct.unpack_from("<I", spec, 24)
    sizes = dict(struct.unpack_from("<HH", spec, 28 + 4 * i) for i in range(nalg))
    regs = {}
    off = 32 + esize
    while off < end:
        pcr, etype, count = struct.unpack_from("<III", b, off)
        p = off + 12
        d384 = None
        for _ in range(count):
            (alg,) = struct.unpack_from("<H", b, p)
            if alg == 0x000C:
                d384 = b[p + 2:p + 2 + 48]
            p += 2 + sizes[alg]
        (dsize,) = struct.unpack_from("<I", b, p)
        off = p + 4 + dsize
        if etype != EV_NO_ACTION and d384 is not None:
            regs[pcr] = hashlib.sha384(regs.get(pcr, bytes(48)) + d384).digest()
    return regs


def kernel_digest(path):
    d = bytearray(open(path, "rb").read())
    d[0x210] = 0
    d[0x211] &= 0x1F
    for off, n in ((0x218, 8), (0x224, 2), (0x226, 2), (0x228, 4), (0x250, 8)):
        d[off:off + n] = bytes(n)
    return hashlib.sha384(d).hexdigest()


def yaml_summary(text):
    out = []
    ev = None
    in_pcrs = alg = None
    want_sha384 = False
    for line in text.splitlines():
        if line.startswith("- EventNum:"):
            ev = {}
        elif line.startswith("pcrs:"):
            in_pcrs, ev = True, None
        elif in_pcrs:
            m = re.match(r"^  (\w+):\s*$", line)
            if m:
                alg = m.group(1)
            m = re.match(r"^\s+(\d+)\s*:\s*0x([0-9A-Fa-f]+)", line)
            if m and alg == "sha384":
                out.append("pcr %d %s" % (int(m.group(1)), m.group(2).lower()))
        elif ev is not None:
            m = re.match(r"^  (PCRIndex|EventType): (\S+)", line)
            if m:
                ev[m.group(1)] = m.group(2)
            if re.match(r"^\s+- AlgorithmId: sha384", line):
                want_sha384 = True
            m = re.match(r'^\s+Digest: "([0-9a-fA-F]+)"', line)
            if m and want_sha384:
                want_sha384 = False
                if ev.get("EventType") != "EV_NO_ACTION":
                    out.append("event %s %s %s" % (ev.get("PCRIndex"),
                                                   ev.get("EventType"), m.group(1).lower()))
    return out


def main(argv):
    if len(argv) >= 2 and argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0
    if len(argv) == 4 and argv[1] == "cut":
        b = open(argv[2], "rb").read()
        end = log_end(b)
        open(argv[3], "wb").write(b[:end])
        print("evlog: %d of %d bytes are events" % (end, len(b)), file=sys.stderr)
        return 0
    if len(argv) == 3 and argv[1] == "replay":
        for mr, v in sorted(replay(open(argv[2], "rb").read()).items()):
            print("mr %d %s" % (mr, v.hex()))
        return 0
    if len(argv) == 3 and argv[1] == "kernel-digest":
        print(kernel_digest(argv[2]))
        return 0
    if len(argv) == 3 and argv[1] == "yaml":
        for line in yaml_summary(open(argv[2]).read()):
            print(line)
        return 0
    print("usage: evlog.py cut IN OUT | replay IN | kernel-digest BZIMAGE | yaml YAMLFILE | --help", file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except (OSError, ValueError) as e:
        print("evlog: %s" % e, file=sys.stderr)
        sys.exit(1)
