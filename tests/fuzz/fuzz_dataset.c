/* fuzz_dataset.c: libFuzzer target for the dataset parser: any bytes parse or fail with one located line. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"

/* 1 when s is valid UTF-8 without control characters (C0, DEL or C1): safe to print to a terminal. */
static int printable_utf8(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        unsigned char c = *u;
        size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (n == 0 || c < 0x20 || c == 0x7F) {
            return 0;
        }
        unsigned long cp = n == 1 ? c : c & (0x7F >> n);
        for (size_t i = 1; i < n; i++) {
            if ((u[i] & 0xC0) != 0x80) {
                return 0;
            }
            cp = cp << 6 | (u[i] & 0x3F);
        }
        if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF) ||
            (cp >= 0x80 && cp <= 0x9F)) {
            return 0;
        }
        u += n;
    }
    return 1;
}

/* Checks what a successful parse promises; aborts (a fuzzer finding) when a promise is broken. */
static void check_dataset(const dataset *d)
{
    if (d->n == 0 || d->k == 0 || !d->x || !d->y || !d->name || !d->source || !d->description ||
        !d->input_names || !d->target_name) {
        fprintf(stderr, "dataset_parse: success with a missing part\n");
        abort();
    }
    if (d->nclasses == 1 || (d->nclasses && !d->class_names)) {
        fprintf(stderr, "dataset_parse: a class column with %zu classes\n", d->nclasses);
        abort();
    }
    for (size_t q = 0; q < d->nclasses; q++) {
        if (!d->class_names[q]) {
            fprintf(stderr, "dataset_parse: class %zu has no name\n", q + 1);
            abort();
        }
    }
    for (size_t i = 0; i < d->n; i++) {
        /* a number in [0,1], or with classes a whole class number below nclasses */
        double top = d->nclasses ? (double)d->nclasses - 1.0 : 1.0;
        if (!(d->y[i] >= 0.0 && d->y[i] <= top) || (d->nclasses && d->y[i] != floor(d->y[i]))) {
            fprintf(stderr, "dataset_parse: target %zu outside [0,%g]\n", i + 1, top);
            abort();
        }
        for (size_t j = 0; j < d->k; j++) {
            if (!isfinite(d->x[i * d->k + j])) {
                fprintf(stderr, "dataset_parse: input %zu,%zu not finite\n", i + 1, j + 1);
                abort();
            }
        }
    }
    if (!printable_utf8(d->description) || !printable_utf8(d->target_name)) {
        fprintf(stderr, "dataset_parse: description or target name not printable\n");
        abort();
    }
    for (size_t j = 0; j < d->k; j++) {
        if (!d->input_names[j] || !printable_utf8(d->input_names[j])) {
            fprintf(stderr, "dataset_parse: input name %zu missing\n", j + 1);
            abort();
        }
    }
}

/* Parses the input again choosing columns by number from its first two bytes (target= one of
 * columns 1..4, ignore= another): the same promises hold, and an option naming no column is a
 * one-line message that names the file. */
static void parse_with_columns(const uint8_t *data, size_t size)
{
    if (size < 2) {
        return;
    }
    char target[8], ignore[8];
    snprintf(target, sizeof target, "%d", data[0] % 4 + 1);
    snprintf(ignore, sizeof ignore, "%d", data[1] % 4 + 1);
    dataset_options o = { target, data[0] % 4 == data[1] % 4 ? NULL : ignore };
    dataset d;
    char err[512];
    memset(&d, 0x5a, sizeof d);
    dataset untouched = d;
    err[0] = '\0';
    if (dataset_parse_with((const char *)data, size, "fuzz.csv", &o, &d, err, sizeof err) != 0) {
        if (memcmp(&d, &untouched, sizeof d) != 0 || strncmp(err, "fuzz.csv:", 9) != 0 || strchr(err, '\n')) {
            fprintf(stderr, "dataset_parse_with: bad failure \"%s\"\n", err);
            abort();
        }
        return;
    }
    check_dataset(&d);
    dataset_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dataset d, copy;
    char err[512];
    parse_with_columns(data, size);
    memset(&d, 0x5a, sizeof d); /* "left untouched" on failure: the pattern must survive */
    dataset untouched = d;
    err[0] = '\0';
    if (dataset_parse((const char *)data, size, "fuzz.csv", &d, err, sizeof err) != 0) {
        if (memcmp(&d, &untouched, sizeof d) != 0) {
            fprintf(stderr, "dataset_parse: failure changed *out\n");
            abort();
        }
        if (strncmp(err, "fuzz.csv:", 9) != 0 || strchr(err, '\n') || strlen(err) >= sizeof err - 1) {
            fprintf(stderr, "dataset_parse: bad message \"%s\"\n", err);
            abort();
        }
        return 0;
    }
    check_dataset(&d);
    if (dataset_copy(&copy, &d) == 0) {
        if (copy.n != d.n || copy.k != d.k ||
            memcmp(copy.x, d.x, d.n * d.k * sizeof(double)) != 0 ||
            memcmp(copy.y, d.y, d.n * sizeof(double)) != 0) {
            fprintf(stderr, "dataset_copy: copy differs\n");
            abort();
        }
        dataset_free(&copy);
    }
    dataset_free(&d);
    return 0;
}
