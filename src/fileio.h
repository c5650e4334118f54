/* fileio.h: whole-file reads and atomic writes, so that a save never leaves a half-written file. */
#ifndef GRADSTEP_FILEIO_H
#define GRADSTEP_FILEIO_H

#include <stddef.h>

/* Writes len bytes to path atomically: a temporary file beside it, fsync, rename. On failure
 * returns -1 with "PATH: REASON" in err, and the old file (if any) is untouched. */
int file_write_atomic(const char *path, const char *data, size_t len, char *err, size_t errlen);

/* Reads the whole regular file at path into a malloc'd buffer (NUL-terminated; *len excludes
 * the NUL). Returns 0, or -1 with "PATH: REASON" in err (missing, unreadable, a directory...). */
int file_read_all(const char *path, char **data, size_t *len, char *err, size_t errlen);

#endif
