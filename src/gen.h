/* gen.h: synthetic two-input datasets (gauss, circle, xor, spiral, linear; blobs and spiral3 of three classes), the same on every machine for a seed. */
#ifndef GRADSTEP_GEN_H
#define GRADSTEP_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "dataset.h"

#define GEN_DEFAULT_N 100
#define GEN_DEFAULT_NOISE 0.1
#define GEN_DEFAULT_SEED 1
#define GEN_MAX_N 10000000

/* The kinds gen_make knows, NULL-ended (for help and completion). */
extern const char *const gen_kinds[];

/* Makes n examples of the given kind with two inputs x1, x2 and target y into *out (caller frees
 * with dataset_free): y is 0 or 1, or for blobs and spiral3 the class 0..2 of three classes labelled
 * "1", "2", "3" (out->nclasses = 3). noise is the standard deviation of Gaussian jitter added to both inputs,
 * except for linear where it is the fraction of labels flipped (0 to 1). Values are rounded to
 * 3 decimals. out->source is the command that rebuilds it ("gen gauss n=100 noise=0.1 seed=1").
 * Returns 0, or -1 with a one-line reason in err and *out untouched. */
int gen_make(const char *kind, size_t n, double noise, uint64_t seed, dataset *out, char *err,
             size_t errlen);

#endif
