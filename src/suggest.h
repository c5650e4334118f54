/* suggest.h: "did you mean": the known name nearest to a mistyped one. */
#ifndef GRADSTEP_SUGGEST_H
#define GRADSTEP_SUGGEST_H

#include <stddef.h>

/* The edit distance between a and b (insertions, deletions, substitutions and swaps of two
 * neighbouring characters each count 1), or max + 1 when it is larger than max. */
size_t suggest_distance(const char *a, const char *b, size_t max);

/* Of the n names, the one nearest to word within a distance that fits its length (1 for words
 * of up to 6 characters, 2 beyond), or NULL when none is near or two are equally near. */
const char *suggest_nearest(const char *word, const char *const *names, size_t n);

#endif
