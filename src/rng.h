/* rng.h: a small deterministic random generator (splitmix64), the same sequence on every machine. */
#ifndef GRADSTEP_RNG_H
#define GRADSTEP_RNG_H

#include <stdint.h>

/* Next 64 random bits; advances *state. */
uint64_t rng_next(uint64_t *state);

/* Uniform double in [0,1) with 53 random bits. */
double rng_uniform(uint64_t *state);

/* Uniform integer in [0, bound) without modulo bias; bound > 0. */
uint64_t rng_below(uint64_t *state, uint64_t bound);

/* Standard normal deviate (Box-Muller on two uniforms). */
double rng_normal(uint64_t *state);

/* A state derived from a seed and a stream number, so that streams do not overlap in practice. */
uint64_t rng_stream(uint64_t seed, uint64_t stream);

#endif
