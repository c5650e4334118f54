/* dataset.h: reading, checking and holding a training set (README "Datasets"). */
#ifndef GRADSTEP_DATASET_H
#define GRADSTEP_DATASET_H

#include <stddef.h>

typedef struct {
    char *name;         /* what the UI calls it: a bundled name ("and") or the file's base name */
    char *source;       /* where it came from: a path exactly as given (any bytes: sanitize before
                           showing it), or "builtin:NAME" for the compiled-in default */
    char *description;  /* first comment line without "# ", or "" */
    size_t n;           /* examples (rows) */
    size_t k;           /* inputs (columns before the last) */
    double *x;          /* n*k inputs, row-major and contiguous: x[i*k + j] is x_{j+1} of example i+1 */
    double *y;          /* n targets: numbers in [0,1], or with classes each row's class 0..nclasses-1 */
    char **input_names; /* k names: the header's, or "x1".."xk" */
    char *target_name;  /* the header's last name, or "y" */
    int has_header;     /* 1 when the file had a header row */
    int decimal_comma;  /* 1 when the file wrote its numbers with a decimal comma */
    char *notes;        /* what a load tells beside the counts, "\n"-ended lines (identifier-like
                           columns, the target's word mapping), or NULL */
    char *opt_target;   /* the target= a load was given, or NULL (a session file repeats it) */
    char *opt_ignore;   /* the ignore= list a load was given, or NULL */
    size_t shape_rows;  /* from a comment "# shape: ROWSxCOLS" (inputs are an image, row by row), */
    size_t shape_cols;  /* with shape_rows * shape_cols == k; both 0 when the file declares none */
    size_t nclasses;    /* 0 when the targets are numbers in [0,1]; else the classes of a label column (>= 2) */
    char **class_names; /* nclasses labels as first written, in class order (numbers by value, text by bytes) */
} dataset;

/* How to read a file's columns: `load FILE target=COL ignore=COL,...` (README, "Datasets"). */
typedef struct {
    char *target;       /* a header name or a 1-based column number, or NULL for the last column */
    char *ignore;       /* comma-separated names or numbers of the columns to drop, or NULL */
} dataset_options;

/* Takes the option word "target=COL" or "ignore=COL,..." into *o (several ignore= add up).
 * Returns 0 when taken, 1 when word is no such option (o unchanged), -1 with a reason in err. */
int dataset_options_take(dataset_options *o, const char *word, char *err, size_t errlen);

/* Sets key ("target" or "ignore") to value as dataset_options_take would for "KEY=VALUE". */
int dataset_options_add(dataset_options *o, const char *key, const char *value, char *err,
                        size_t errlen);

/* Frees what *o owns and zeroes it. */
void dataset_options_free(dataset_options *o);

/* Parses text (len bytes, need not be NUL-terminated) named `where` in messages.
 * On success fills *out (caller frees with dataset_free) and returns 0.
 * On failure returns -1, writes "WHERE:LINE[:COLUMN]: MESSAGE" into err and leaves *out untouched. */
int dataset_parse(const char *text, size_t len, const char *where, dataset *out,
                  char *err, size_t errlen);

/* dataset_parse choosing the columns by opt (NULL: the last column is the target, none dropped).
 * A target= or ignore= naming no column fails with "WHERE: KEY=COL: REASON". */
int dataset_parse_with(const char *text, size_t len, const char *where, const dataset_options *opt,
                       dataset *out, char *err, size_t errlen);

/* Loads the file at path (messages name it as given). Same contract as dataset_parse;
 * a missing, unreadable, directory or binary file gives "PATH: MESSAGE". */
int dataset_load_file(const char *path, dataset *out, char *err, size_t errlen);

/* Called about every megabyte while a file is parsed, and once at its end (done == total), with
 * the bytes parsed so far and the file's size; a nonzero return abandons the load. */
typedef int (*dataset_progress_fn)(void *ctx, long done, long total);

/* dataset_load with the columns chosen by opt (may be NULL) that reports progress to fn (may be
 * NULL); when fn returns nonzero the load fails with "WHERE: loading stopped" and *out is left
 * untouched. */
int dataset_load_with_progress(const char *name_or_path, const dataset_options *opt, dataset *out,
                               dataset_progress_fn fn, void *ctx, char *err, size_t errlen);

/* Loads NAME|PATH the way `load` does: an existing path first, else a bundled dataset by
 * name (datasets dir, then the compiled-in default). Same contract as dataset_parse. */
int dataset_load(const char *name_or_path, dataset *out, char *err, size_t errlen);

/* Loads the default dataset compiled into the binary; never touches the file system. */
int dataset_load_default(dataset *out, char *err, size_t errlen);

/* The name of the default dataset ("and"). */
const char *dataset_default_name(void);

/* The directory that holds bundled datasets: $GRADSTEP_DATADIR, else ./datasets when it
 * exists (source tree), else datasets/ beside the binary, else the installed data directory. */
const char *dataset_dir(void);

/* Calls fn(column, ctx) for each column of the dataset NAME|PATH (found as dataset_load finds it)
 * in order: its header names, or "1".."N" when it has no header. Reads only the start of the
 * file, for completion. Returns the number of columns, or -1 when there is no such dataset. */
int dataset_columns(const char *name_or_path, void (*fn)(const char *column, void *ctx), void *ctx);

/* Lists bundled datasets: calls fn(name, n, k, description, ctx) for each, sorted by name.
 * Returns the count, or -1 with a message in err. */
int dataset_list(void (*fn)(const char *name, size_t n, size_t k, const char *desc, void *ctx),
                 void *ctx, char *err, size_t errlen);

/* Like dataset_list, but hands fn each bundled dataset as loaded (its classes and shape too), sorted
 * by name; d is freed after fn returns. Returns the count, or -1 with a message in err. */
int dataset_each(void (*fn)(const dataset *d, void *ctx), void *ctx, char *err, size_t errlen);

/* Writes d to path as comma-separated text that dataset_load reads back bit for bit: the
 * description as the first comment line, a header row, every value exact. Atomic (a temporary
 * file, then rename). Returns 0, or -1 with "PATH: REASON" in err. */
int dataset_write_csv(const dataset *d, const char *path, char *err, size_t errlen);

/* dataset_write_csv, or with decimal_comma set: semicolons between fields and a comma as the
 * decimal mark (as spreadsheets write in much of Europe), which dataset_load reads back the same. */
int dataset_write_text(const dataset *d, const char *path, int decimal_comma, char *err,
                       size_t errlen);

/* Writes the load message of a class column into buf: "classes: setosa=1 versicolor=2 virginica=3"
 * (each class and its output neuron), or with two classes the target each stands for ("classes:
 * no=0 yes=1", one sigmoid output). Writes "" when d has no classes. */
void dataset_class_message(const dataset *d, char *buf, size_t len);

/* Deep copy of src into *dst; returns 0, or -1 when out of memory. */
int dataset_copy(dataset *dst, const dataset *src);

/* Frees what *d owns and zeroes it. Safe on a zeroed dataset. */
void dataset_free(dataset *d);

#endif
