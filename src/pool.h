/* pool.h: worker threads kept between calls, which share the fixed parts of one large sum. */
#ifndef GRADSTEP_POOL_H
#define GRADSTEP_POOL_H

/* One part of a job: called once for each part number 0..parts-1, from any of the threads. */
typedef void (*pool_part_fn)(void *ctx, int part);

/* The most parts one job may have. */
#define POOL_MAX_PARTS 64

/* Runs fn(ctx, p) once for every p in 0..parts-1 (parts <= POOL_MAX_PARTS) on the calling thread
 * and up to threads - 1 workers, and returns when all have returned. Which thread runs which part
 * is not fixed, so a part must write only its own results; results that are combined in part
 * order afterwards are the same bits whatever the thread count. Runs every part on the calling
 * thread when threads <= 1, when no worker can be started, or while its own timing finds that
 * jobs of this kind run faster alone (other programs keeping the cores busy), unless pool_threads
 * took the count from GRADSTEP_THREADS. A kind is fn with this number of parts: give each
 * computation its own fn, so that jobs of very different cost are not measured together.
 * Call from one thread at a time. */
void pool_run(int parts, int threads, pool_part_fn fn, void *ctx);

/* The threads a sum should use: $GRADSTEP_THREADS when it is a number >= 1 (then pool_run uses
 * them all, always), else the online CPUs; at most max. */
int pool_threads(int max);

#endif
