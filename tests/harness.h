/* harness.h: gradstep's tiny test harness: counts assertions and ends with "N passed, N failed". */
#ifndef GRADSTEP_HARNESS_H
#define GRADSTEP_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int harness_passed, harness_failed;

/* Records one assertion; prints the place and the message when it fails. */
#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        if (cond) {                                                          \
            harness_passed++;                                                \
        } else {                                                             \
            harness_failed++;                                                \
            fprintf(stderr, "%s:%d: FAILED: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                    \
            fputc('\n', stderr);                                             \
        }                                                                    \
    } while (0)

/* |got - want| <= tol * max(1, |want|): a relative check that stays sane near zero. */
#define CHECK_NEAR(got, want, tol)                                           \
    do {                                                                     \
        double g_ = (got), w_ = (want);                                      \
        double s_ = fabs(w_) > 1 ? fabs(w_) : 1;                             \
        CHECK(fabs(g_ - w_) <= (tol) * s_, "got %.17g, want %.17g", g_, w_); \
    } while (0)

/* Relative error |got-want|/|want| <= tol (want != 0). */
#define CHECK_REL(got, want, tol)                                            \
    do {                                                                     \
        double g_ = (got), w_ = (want);                                      \
        CHECK(fabs(g_ - w_) <= (tol) * fabs(w_), "got %.17g, want %.17g", g_, w_); \
    } while (0)

#define CHECK_STR(got, want)                                                 \
    do {                                                                     \
        const char *g_ = (got), *w_ = (want);                                \
        CHECK(g_ && strcmp(g_, w_) == 0, "got \"%s\", want \"%s\"", g_ ? g_ : "(null)", w_); \
    } while (0)

/* Prints the closing line and returns the exit status for main. */
static int harness_finish(void)
{
    printf("%d passed, %d failed\n", harness_passed, harness_failed);
    return harness_failed ? 1 : 0;
}

#endif
