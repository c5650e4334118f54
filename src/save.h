/* save.h: writing the trace CSV and session files (README "Files", the save command in the man page), atomically. */
#ifndef GRADSTEP_SAVE_H
#define GRADSTEP_SAVE_H

#include <stddef.h>

#include "session.h"
#include "strbuf.h"

/* Writes step,cost,w1..wk,b,grad_w1..grad_wk,grad_b for steps 0..s->step (%.17g) to path, one
 * pass over the data per step. progress (may be NULL) hears the steps done and may stop the save.
 * Returns 0, or -1 with "PATH: REASON" in err and any old file left as it was. */
int save_trace(session *s, const char *path, session_progress_fn progress, void *ctx, char *err,
               size_t errlen);

/* Appends the commands that rebuild the session's dataset, settings and parameters to out. */
void save_session_text(const session *s, strbuf *out);

/* Writes save_session_text to path atomically. Returns 0, or -1 with err. */
int save_session(session *s, const char *path, char *err, size_t errlen);

#endif
