/* fileio.h: whole-file reads and atomic writes, so that a save never leaves a half-written file. */
#ifndef GRADSTEP_FILEIO_H
#define GRADSTEP_FILEIO_H

#include <stddef.h>

#include <sys/types.h>

/* How every save writes (README "Saving files"): a new temporary file beside the target, created
 * as mkstemp does (a short random name, O_EXCL|O_NOFOLLOW, mode 0600 while it is written), then
 * given the mode the old file had (or 0666 less the umask) and renamed over the target. An
 * existing target that is a symbolic link, a device, a FIFO, a directory or anything but a
 * regular file is refused, and so is a read-only one unless file_force_next named it. */
#define FILE_OUT_BUFSIZE 65536

/* A file being written: open, write in pieces, then commit (rename into place) or abort. */
typedef struct {
    int fd;
    char *path;      /* the target */
    char *tmp;       /* the temporary file while it exists */
    char *buf;       /* FILE_OUT_BUFSIZE bytes of buffered output */
    size_t used;
    int err_no;      /* the first write error (errno), reported by commit */
    mode_t mode;     /* the mode the file gets */
    uid_t uid;       /* the old file's owner, given back when the system allows */
    gid_t gid;
    int keep_owner;
} file_out;

/* Checks the target and creates the temporary file. Returns 0, or -1 with "PATH: REASON" in err
 * (nothing created). */
int file_out_open(file_out *f, const char *path, char *err, size_t errlen);

/* Appends len bytes. Returns 0, or -1 after a write error (kept for commit to report). */
int file_out_write(file_out *f, const char *data, size_t len);

/* Flushes, syncs, gives the file its mode and renames it over the target (checked again).
 * Returns 0, or -1 with "PATH: REASON" in err, the temporary file removed and any old file as it
 * was. f is released either way. */
int file_out_commit(file_out *f, char *err, size_t errlen);

/* Removes the temporary file and releases f (safe after a failed open). */
void file_out_abort(file_out *f);

/* Lets the next saves to exactly path replace it although it is read-only (the user wrote
 * `force`); NULL takes the permission back. */
void file_force_next(const char *path);

/* Removes the temporary file of a save under way, if any. Async-signal-safe: the modes' SIGTERM,
 * SIGINT and SIGHUP handlers call it so that no temporary file outlives the program. */
void file_remove_pending(void);

/* Writes len bytes to path atomically as file_out does. On failure returns -1 with
 * "PATH: REASON" in err, and the old file (if any) is untouched. */
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
