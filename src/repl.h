/* repl.h: the line-oriented modes: the plain readline REPL, script files and -c commands. */
#ifndef GRADSTEP_REPL_H
#define GRADSTEP_REPL_H

#include <signal.h>
#include <stdio.h>

#include "cmd.h"

/* Set by the SIGINT handler the modes install; a run in progress stops when it is set. */
extern volatile sig_atomic_t repl_interrupted;

/* The history file: $XDG_STATE_HOME/gradstep/history, else ~/.local/state/gradstep/history.
 * Creates the directory if needed. Returns NULL when no home is known. */
const char *repl_history_path(void);

/* Runs the plain REPL on the terminal until quit or end of input. Returns the exit status. */
int repl_run_plain(cmd_app *app);

/* Runs the commands of f (named name in messages) one a line, printing results to stdout.
 * Stops at the first failing command with "NAME:LINE: error: MESSAGE" on stderr.
 * Returns 0, or 1 when a command failed. */
int repl_run_script(cmd_app *app, FILE *f, const char *name);

/* Runs one command line and prints its output (stdout) or its error (stderr, prefixed by
 * where, e.g. "-c:2"). Returns cmd_execute's result. */
int repl_run_line(cmd_app *app, const char *line, const char *where);

/* Installs the script and -c modes' SIGTERM, SIGINT and SIGHUP handlers: they remove the
 * temporary file of a save under way, then end the program as the signal asks. */
void repl_batch_signals(void);

/* Writes text to f made safe for a terminal (text_safe with flags). */
void repl_put_safe(FILE *f, const char *text, unsigned flags);

/* Installs the readline completion that the plain REPL and the full-screen UI share. */
void repl_install_completion(cmd_app *app);

#endif
