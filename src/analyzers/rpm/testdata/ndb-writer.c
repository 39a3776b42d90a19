/* Writes an rpm NDB Packages.db with rpm's own lib/backend/ndb/rpmpkg.c.
 * stdin: records of <u32le pkgidx><u32le length><header blob>. argv[1]: output file;
 * argv[2..]: pkgidx values to delete afterwards (leaves freed slots and holes, as real databases have). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include "rpmpkg.h"

static int readu32(unsigned int *v) {
    unsigned char b[4];
    if (fread(b, 1, 4, stdin) != 4) return 0;
    *v = b[0] | b[1] << 8 | b[2] << 16 | (unsigned int)b[3] << 24;
    return 1;
}

int main(int argc, char **argv) {
    rpmpkgdb db;
    unsigned int idx, len;
    if (argc < 2 || rpmpkgOpen(&db, argv[1], O_RDWR | O_CREAT, 0644)) { fprintf(stderr, "open failed\n"); return 1; }
    while (readu32(&idx) && readu32(&len)) {
        unsigned char *blob = malloc(len);
        if (fread(blob, 1, len, stdin) != len) { fprintf(stderr, "short blob\n"); return 1; }
        if (rpmpkgPut(db, idx, blob, len)) { fprintf(stderr, "put %u failed\n", idx); return 1; }
        free(blob);
    }
    for (int i = 2; i < argc; i++) if (rpmpkgDel(db, (unsigned int)atoi(argv[i]))) { fprintf(stderr, "del failed\n"); return 1; }
    rpmpkgClose(db);
    return 0;
}
