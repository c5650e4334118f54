/* xmem.h: allocation that cannot fail: out of memory ends the program with a message.
 *
 * The rule (README "How the code is laid out"): an allocation whose size the data decides
 * (n examples, k inputs, the history, a file's length, a plot's cells) uses malloc and, when it
 * fails, reports "out of memory" as a one-line error and leaves the session as it was; every
 * other allocation (names, paths, words of a command line, text being built) uses these
 * functions and never checks. */
#ifndef GRADSTEP_XMEM_H
#define GRADSTEP_XMEM_H

#include <stddef.h>

/* malloc that never returns NULL (n = 0 allocates one byte); aborts with a message when out of memory. */
void *xmalloc(size_t n);

/* calloc that never returns NULL; aborts with a message when out of memory. */
void *xcalloc(size_t n, size_t size);

/* realloc that never returns NULL; aborts with a message when out of memory. */
void *xrealloc(void *p, size_t n);

/* A NUL-terminated copy of the first n bytes of s. */
char *xstrndup(const char *s, size_t n);

/* A copy of the NUL-terminated string s. */
char *xstrdup(const char *s);

#endif
