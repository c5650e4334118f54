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

/* Finds the directory of bundled files `sub` ("datasets" or "lessons") into buf: the environment
 * variable env when set, else ./SUB when it exists (the source tree), else SUB beside the
 * running binary (a source-tree build run from elsewhere), else the installed
 * GRADSTEP_DATADIR/SUB. Returns buf. */
const char *file_data_dir(const char *sub, const char *env, char *buf, size_t len);

/* The path of gradstep's state file `name` (history, lesson progress) into buf:
 * $XDG_STATE_HOME/gradstep/NAME, else ~/.local/state/gradstep/NAME; the directory is made when
 * missing. Returns buf, or NULL when neither variable is set or the path does not fit. */
const char *file_state_path(const char *name, char *buf, size_t len);

#endif
