/* errbuf.h: the one-line error messages functions write into a caller's buffer (README "How the
 * code is laid out"): one size for every such buffer, and helpers to set and extend a message. */
#ifndef GRADSTEP_ERRBUF_H
#define GRADSTEP_ERRBUF_H

#include <stddef.h>

/* The size of an error buffer: room for one line naming a long path. */
#define ERR_LEN 1024

/* Writes the message (printf format) into err, cut to errlen - 1 bytes. */
void err_set(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Puts the text (printf format) before the message err holds: "gen: " + "unknown kind". */
void err_prefix(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Adds the text (printf format) after the message err holds. */
void err_append(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
