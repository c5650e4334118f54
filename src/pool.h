/* pool.h: worker threads kept between calls, which share the fixed parts of one large sum. */
#ifndef GRADSTEP_POOL_H
#define GRADSTEP_POOL_H

/* One part of a job: called once for each part number 0..parts-1, from any of the threads. */
typedef void (*pool_part_fn)(void *ctx, int part);

/* The most parts one job may have. */
#define POOL_MAX_PARTS 64

/* Runs fn(ctx, p) once for every p in 0..parts-1 (parts <= POOL_MAX_PARTS) on the calling thread
 * and up to threads - 1 workers, and returns when all have returned. Which thread runs which part
 * is not fixed, so a part must write only its own results. Falls back to the calling thread alone
 * when threads <= 1 or no worker can be started. Call from one thread at a time. */
void pool_run(int parts, int threads, pool_part_fn fn, void *ctx);

/* The threads a sum should use: $GRADSTEP_THREADS when it is a number >= 1, else the online CPUs;
 * at most max. */
int pool_threads(int max);

#endif
