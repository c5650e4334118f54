/* rng.c: splitmix64 and the few distributions gradstep draws from. */
#include "rng.h"

#include <math.h>

uint64_t rng_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double rng_uniform(uint64_t *state)
{
    return (double)(rng_next(state) >> 11) * 0x1.0p-53;
}

uint64_t rng_below(uint64_t *state, uint64_t bound)
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    uint64_t r;
    do {
        r = rng_next(state);
    } while (r >= limit);
    return r % bound;
}

double rng_normal(uint64_t *state)
{
    double u1 = rng_uniform(state), u2 = rng_uniform(state);
    if (u1 <= 0.0) {
        u1 = 0x1.0p-53;
    }
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

uint64_t rng_stream(uint64_t seed, uint64_t stream)
{
    uint64_t s = seed ^ (stream * 0xD1B54A32D192ED03ULL);
    rng_next(&s);
    return s;
}
