/* tui.h: the full-screen UI (README "The full-screen UI"): ncursesw panes and a readline command line. */
#ifndef GRADSTEP_TUI_H
#define GRADSTEP_TUI_H

#include <stddef.h>

#include "cmd.h"

/* Runs the full-screen UI on app until the user quits or a terminating signal arrives
 * (SIGTERM, SIGHUP); startup_message (may be NULL; several lines are joined by "; ") is shown
 * on the message line and, whole, by the o key.
 * Uses app->ascii and app->no_color; the terminal is restored on every way out, and what was
 * written to stderr while the screen was up is written to stderr afterwards.
 * Returns 0 on quit, or -1 with a one-line reason in err (no usable terminal, or stopped by
 * a signal). */
int tui_run(cmd_app *app, const char *startup_message, char *err, size_t errlen);

#endif
