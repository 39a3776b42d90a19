#!/usr/bin/env python3
"""Reads the header blobs from an rpm SQLite database and writes (1) `<u32le hnum><u32le len><blob>`
records for ndb-writer, with an extra copy of the first package under instance 1 (deleted again by
the writer), and (2) a db_dump-format text file for db_load: a hash database keyed like rpm's BDB
backend (4-byte native-endian instance number), with rpm's instance-0 record holding the next free
instance number."""
import sqlite3, struct, sys

src, blobs_out, dump_out, pagesize = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
# Optional 5th argument `be`: a big-endian file as rpm on s390x/ppc64 writes it (keys in host order too).
big = len(sys.argv) > 5 and sys.argv[5] == 'be'
key = '>I' if big else '<I'
rows = sqlite3.connect(src).execute('SELECT hnum, blob FROM Packages ORDER BY hnum').fetchall()
with open(blobs_out, 'wb') as f:
    f.write(struct.pack('<II', 1, len(rows[0][1])) + rows[0][1])
    for hnum, blob in rows:
        f.write(struct.pack('<II', hnum + 1, len(blob)) + blob)
with open(dump_out, 'w') as f:
    f.write(f'VERSION=3\nformat=bytevalue\ntype=hash\ndb_pagesize={pagesize}\ndb_lorder={4321 if big else 1234}\nHEADER=END\n')
    f.write(' ' + struct.pack(key, 0).hex() + '\n ' + struct.pack(key, max(r[0] for r in rows) + 1).hex() + '\n')
    for hnum, blob in rows:
        f.write(' ' + struct.pack(key, hnum).hex() + '\n ' + bytes(blob).hex() + '\n')
    f.write('DATA=END\n')
