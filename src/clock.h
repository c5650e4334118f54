/* clock.h: the monotonic clock that progress messages and the UI's idle work are timed by. */
#ifndef GRADSTEP_CLOCK_H
#define GRADSTEP_CLOCK_H

/* Seconds on a clock that never goes back (CLOCK_MONOTONIC); only differences mean anything. */
double clock_seconds(void);

#endif
