/* suggest.c: "did you mean": the known name nearest to a mistyped one, by edit distance. */
#include "suggest.h"

#include <string.h>

/* Names longer than this are never suggested for (nor compared). */
#define SUGGEST_MAX_LEN 64

size_t suggest_distance(const char *a, const char *b, size_t max)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN) {
        return max + 1;
    }
    if ((la > lb ? la - lb : lb - la) > max) {
        return max + 1;
    }
    /* three rows of the optimal-string-alignment table */
    size_t prev2[SUGGEST_MAX_LEN + 1], prev[SUGGEST_MAX_LEN + 1], cur[SUGGEST_MAX_LEN + 1];
    for (size_t j = 0; j <= lb; j++) {
        prev[j] = j;
        prev2[j] = j;
    }
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t d = prev[j] + 1;
            if (cur[j - 1] + 1 < d) {
                d = cur[j - 1] + 1;
            }
            if (prev[j - 1] + cost < d) {
                d = prev[j - 1] + cost;
            }
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < d) {
                d = prev2[j - 2] + 1;
            }
            cur[j] = d;
        }
        memcpy(prev2, prev, sizeof prev);
        memcpy(prev, cur, sizeof cur);
    }
    return prev[lb] > max ? max + 1 : prev[lb];
}

const char *suggest_nearest(const char *word, const char *const *names, size_t n)
{
    size_t len = strlen(word);
    size_t max = len <= 6 ? 1 : 2;  /* two edits turn most short words into another */
    const char *best = NULL;
    size_t best_d = max + 1;
    int tie = 0;
    for (size_t i = 0; i < n; i++) {
        size_t d = suggest_distance(word, names[i], max);
        if (d < best_d) {
            best = names[i];
            best_d = d;
            tie = 0;
        } else if (d == best_d && best && strcmp(best, names[i]) != 0) {
            tie = 1;
        }
    }
    return best && !tie && best_d <= max && best_d > 0 ? best : NULL;
}
