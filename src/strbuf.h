/* strbuf.h: a growable text buffer that commands and explanations write their output into. */
#ifndef GRADSTEP_STRBUF_H
#define GRADSTEP_STRBUF_H

#include <stddef.h>

typedef struct {
    char *buf;   /* NUL-terminated text, or NULL while empty */
    size_t len;  /* bytes used, without the NUL */
    size_t cap;  /* bytes allocated */
} strbuf;

/* Appends printf-formatted text; aborts the program only if memory runs out. */
void sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends len bytes of s. */
void sb_append(strbuf *sb, const char *s, size_t len);

/* Appends the NUL-terminated string s. */
void sb_puts(strbuf *sb, const char *s);

/* The text so far ("" when empty); valid until the next change. */
const char *sb_str(const strbuf *sb);

/* Empties the buffer, keeping its memory. */
void sb_clear(strbuf *sb);

/* Frees the memory and zeroes the buffer. */
void sb_free(strbuf *sb);

#endif
