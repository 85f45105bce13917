#!/usr/bin/env python3
# tests/fuzz/mkseeds.py OUTDIR - writes seed inputs for the fuzz targets:
# OUTDIR/<target>/<name>. Seeds are generated rather than checked in so
# they follow the input formats documented in each fuzz_<target>.c.
import os
import struct
import sys

out = sys.argv[1]


def put(target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


# bzimage: u32 pm_len, then a 2.15 setup (4 setup sectors), like Debian's.
def setup(version=0x020f, jump=0x6a, sects=4, loadflags=1, xlf=0x7f):
    s = bytearray(((sects or 4) + 1) * 512)
    s[0x1f1] = sects
    struct.pack_into('<I', s, 0x1f4, 0x200000 // 16)
    struct.pack_into('<H', s, 0x1fa, 0xffff)
    struct.pack_into('<H', s, 0x1fe, 0xaa55)
    s[0x200] = 0xeb
    s[0x201] = jump
    s[0x202:0x206] = b'HdrS'
    struct.pack_into('<H', s, 0x206, version)
    s[0x211] = loadflags
    struct.pack_into('<H', s, 0x224, 0x5be0)
    struct.pack_into('<I', s, 0x22c, 0x7fffffff)
    struct.pack_into('<I', s, 0x230, 0x200000)
    s[0x234] = 1
    struct.pack_into('<H', s, 0x236, xlf)
    struct.pack_into('<I', s, 0x238, 0x7ff)
    struct.pack_into('<Q', s, 0x258, 0x1000000)
    struct.pack_into('<I', s, 0x260, 0x3378000)
    return bytes(s)


put('bzimage', 'good-2.15', struct.pack('<I', 0x200000) + setup())
put('bzimage', 'good-sects0', struct.pack('<I', 0x200001) + setup(sects=0))
put('bzimage', 'old-2.11', struct.pack('<I', 0x200000) + setup(version=0x020b))
put('bzimage', 'short-pm', struct.pack('<I', 0x1000) + setup())
put('bzimage', 'hdr-0x290', struct.pack('<I', 0x200000) + setup(jump=0x8e))


# fwcfg_dir: u8 name length, name, then the directory blob.
def fwdir(entries, count=None):
    b = struct.pack('>I', len(entries) if count is None else count)
    for name, size, sel in entries:
        b += struct.pack('>IHH', size, sel, 0) + name.ljust(56, b'\0')[:56]
    return b


std = [(b'bootorder', 0x10, 0x20), (b'etc/e820', 0x50, 0x21), (b'etc/e820x', 1, 0x22),
       (b'etc/acpi/tables', 0x20000, 0x23), (b'f' * 56, 2, 0x24)]
for i, name in enumerate([b'etc/e820', b'etc/e82', b'f' * 55, b'etc/acpi/tables']):
    put('fwcfg_dir', 'lookup-%d' % i, bytes([len(name)]) + name + fwdir(std))
put('fwcfg_dir', 'count-too-big', b'\x08etc/e820' + fwdir(std, count=6))


# memmap: 18-byte records (addr, size, type, flags); flags bit 0: small units.
def rec(addr, size, typ, small=0):
    return struct.pack('<QQBB', addr, size, typ, small)


put('memmap', 'qemu-boot',
    rec(0, 0x80000000, 1) + rec(0x100000000, 0x40000000, 1) + rec(0x9fc00, 0x400, 2) +
    rec(0xa0000, 0x60000, 2) + rec(0x800000, 0x80000, 2) + rec(0x880000, 0x10000, 2) +
    rec(0xc00000, 0x400000, 2) + b'\0' * 24)
put('memmap', 'small-overlaps',
    b''.join(rec(i * 7, i * 3 + 1, i % 6, 1) for i in range(40)))
put('memmap', 'top-wrap',
    rec(0xfffffffffffff000, 0x2000, 1) + rec(0xffffffffffffff00, 0x1000, 2) + rec(0, 0xffffffffffffffff, 4))


# tdhob: the TD HOB region as the VMM leaves it at 0x880000 (fuzz_tdhob.c):
# PHIT, resources, the TETD payload GUID HOB, end of list.
def hob(typ, body):
    return struct.pack('<HHI', typ, 8 + len(body), 0) + body


def resource(rtype, start, length):
    return hob(0x0003, bytes(16) + struct.pack('<IIQQ', rtype, 0x3, start, length))


payload_guid = bytes([0x2f, 0xbd, 0x0c, 0x9c, 0xd1, 0x3b, 0x7a, 0x4f,
                      0x8e, 0x0c, 0x5d, 0x1c, 0x3a, 0x8b, 0x6e, 0x21])
body = (resource(0x00, 0, 0x40000000) + resource(0x07, 0x100000000, 0x40000000) +
        resource(0x01, 0xfec00000, 0x1000) + resource(0x05, 0x800000, 0x80000) +
        hob(0x0004, payload_guid + struct.pack('<QQQQQQII', 0x20000000, 0x800000, 0x30000000,
                                               0x100000, 0x31000000, 14, 2, 0)))
end_gpa = 0x880000 + 56 + len(body)
phit = hob(0x0001, struct.pack('<IIQQQQQ', 9, 0, 0, 0, 0, 0, end_gpa))
put('tdhob', 'valid', phit + body + hob(0xFFFF, b''))


# tpm2_rsp (fuzz_tpm2_rsp.c): byte 0 < 0x80: a response for every parser;
# byte 0 >= 0x80: a CRB register file (QEMU tpm-crb's reset values), flags,
# then the response the TPM leaves in its buffer.
def tpm(hexstr):
    return bytes.fromhex(hexstr.replace(' ', ''))


rsp_startup = tpm('8001 0000000a 00000000')
rsp_caps = tpm('8001 0000002b 00000000 00 00000005 00000004'
               '0004 03 000000 000b 03 ffffff 000c 03 ffffff 000d 03 000000')
rsp_extend = tpm('8002 00000013 00000000 00000000 0000 01 0000')
rsp_read = tpm('8001 0000004e 00000000 0000002a 00000001 000c 03 000200 00000001 0030') + bytes(range(48))
for name, r in (('startup', rsp_startup), ('caps', rsp_caps), ('extend', rsp_extend),
                ('read-sha384-pcr9', rsp_read), ('error', tpm('8001 0000000a 00000100'))):
    put('tpm2_rsp', name, bytes([0x01 | 9 << 2]) + r)
crb_regs = struct.pack('<9I', 0x80, 0x1 | 0x1 << 4 | 1 << 14, 0x2, 0xf80, 0xfed40080, 0,
                       0xf80, 0xfed40080, 0)
for name, flags, r in (('crb-startup', 0x0f, rsp_startup), ('crb-caps', 0x0f, rsp_caps),
                       ('crb-never-completes', 0xff, rsp_startup),
                       ('crb-no-locality', 0x0e, rsp_startup)):
    put('tpm2_rsp', name, bytes([0x80 | 0x01 | 9 << 2]) + crb_regs + bytes([flags]) + r)
