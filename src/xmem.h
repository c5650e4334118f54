/* xmem.h: allocation for text and tables that cannot go on without memory: out of memory ends the program. */
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
