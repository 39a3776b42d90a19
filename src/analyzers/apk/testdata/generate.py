#!/usr/bin/env python3
"""Synthesises alpine-3.11/lib/apk/db/installed in the real apk-tools format.

Package names, origins and versions are the ones Alpine's secdb v3.11 (main) lists as fixed versions
(/work/shared/data/alpine-secdb/v3.11/main.json, alpinelinux/alpine-secdb@06f6e96); licenses,
provides, dependencies and file lists follow the real Alpine 3.11 packages. C: checksums are derived
from the name (not real package hashes)."""
import base64, hashlib

PKGS = [
    # name, version, origin, license, deps, provides, {dir: [files]}
    ('musl', '1.1.23-r2', 'musl', 'MIT', '', 'so:libc.musl-x86_64.so.1=1',
     {'lib': ['ld-musl-x86_64.so.1', 'libc.musl-x86_64.so.1']}),
    ('busybox', '1.30.1-r2', 'busybox', 'GPL-2.0-only', 'so:libc.musl-x86_64.so.1', '/bin/sh cmd:busybox cmd:sh',
     {'bin': ['busybox'], 'etc': ['securetty', 'udhcpd.conf']}),
    ('zlib', '1.2.11-r3', 'zlib', 'Zlib', 'so:libc.musl-x86_64.so.1', 'so:libz.so.1=1.2.11',
     {'lib': ['libz.so.1', 'libz.so.1.2.11']}),
    ('libcrypto1.1', '1.1.1d-r3', 'openssl', 'OpenSSL', 'so:libc.musl-x86_64.so.1', 'so:libcrypto.so.1.1=1.1',
     {'lib': ['libcrypto.so.1.1'], 'usr/lib/engines-1.1': ['afalg.so', 'capi.so', 'padlock.so']}),
    ('libssl1.1', '1.1.1d-r3', 'openssl', 'OpenSSL', 'so:libc.musl-x86_64.so.1 so:libcrypto.so.1.1', 'so:libssl.so.1.1=1.1',
     {'lib': ['libssl.so.1.1']}),
    ('ca-certificates', '20191127-r0', 'ca-certificates', 'MPL-2.0 AND MIT', '/bin/sh so:libc.musl-x86_64.so.1 so:libcrypto.so.1.1', '',
     {'usr/bin': ['c_rehash'], 'etc/ssl/certs': ['ca-certificates.crt']}),
    ('libcurl', '7.66.0-r0', 'curl', 'MIT', 'ca-certificates so:libc.musl-x86_64.so.1 so:libcrypto.so.1.1 so:libssl.so.1.1 so:libz.so.1', 'so:libcurl.so.4=4.6.0',
     {'usr/lib': ['libcurl.so.4', 'libcurl.so.4.6.0']}),
    ('curl', '7.66.0-r0', 'curl', 'MIT', 'ca-certificates so:libc.musl-x86_64.so.1 so:libcurl.so.4 so:libz.so.1', 'cmd:curl',
     {'usr/bin': ['curl']}),
    ('ncurses-terminfo-base', '6.1_p20180414-r0', 'ncurses', 'MIT', '', '',
     {'etc/terminfo/a': ['ansi'], 'etc/terminfo/x': ['xterm']}),
    ('sqlite-libs', '3.30.1-r1', 'sqlite', 'Public-Domain', 'so:libc.musl-x86_64.so.1', 'so:libsqlite3.so.0=0.8.6',
     {'usr/lib': ['libsqlite3.so.0', 'libsqlite3.so.0.8.6']}),
    ('expat', '2.2.7-r1', 'expat', 'MIT', 'so:libc.musl-x86_64.so.1 !expat-dev<2', 'so:libexpat.so.1=1.6.9',
     {'usr/lib': ['libexpat.so.1', 'libexpat.so.1.6.9']}),
]

def stanza(name, ver, origin, lic, deps, provides, files):
    c = 'Q1' + base64.b64encode(hashlib.sha1(name.encode()).digest()).decode()
    out = [f'C:{c}', f'P:{name}', f'V:{ver}', 'A:x86_64', 'S:100000', 'I:250000',
           f'T:{name} from Alpine 3.11', 'U:https://alpinelinux.org', f'L:{lic}', f'o:{origin}',
           'm:Natanael Copa <ncopa@alpinelinux.org>', 't:1575468580', 'c:0ee8fd2fdb11cfa0ed3e37b7e12a8d25d3c01e01']
    if deps: out.append(f'D:{deps}')
    if provides: out.append(f'p:{provides}')
    for d, fs in files.items():
        out.append(f'F:{d}')
        for f in fs:
            out.append(f'R:{f}')
            out.append('a:0:0:755')
            out.append('Z:Q1' + base64.b64encode(hashlib.sha1((d + f).encode()).digest()).decode())
    return '\n'.join(out) + '\n'

with open('alpine-3.11/lib/apk/db/installed', 'w') as fh:
    fh.write('\n'.join(stanza(*p) for p in PKGS) + '\n')
