/* Minimal stand-in for rpm's system.h so lib/backend/ndb/rpmpkg.c builds alone. */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#define _(s) (s)
static inline void *xmalloc(size_t n) { void *p = malloc(n); if (!p) abort(); return p; }
static inline void *xcalloc(size_t n, size_t m) { void *p = calloc(n, m); if (!p) abort(); return p; }
static inline void *xrealloc(void *o, size_t n) { void *p = realloc(o, n); if (!p) abort(); return p; }
static inline char *xstrdup(const char *s) { char *p = strdup(s); if (!p) abort(); return p; }
