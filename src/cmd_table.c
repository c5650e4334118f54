/* cmd_table.c: the one list of command tables, in the order `help` lists them (the full-screen UI
 * adds its own with cmd_register_table). A new module's commands are one line here. */
#include "cmd.h"

extern const cmd_entry cmd_core_table[];
extern const cmd_entry cmd_explain_table[];
extern const cmd_entry cmd_plot_table[];
extern const cmd_entry cmd_lesson_table[];
extern const cmd_entry cmd_demo_table[];
extern const cmd_entry cmd_closing_table[];

const cmd_entry *const cmd_tables[] = {
    cmd_core_table,     /* cmd_core.c: data, stepping, settings, show, save */
    cmd_explain_table,  /* cmd_explain.c: explain, derive, check, compare */
    cmd_plot_table,     /* cmd_plot.c: plot */
    cmd_lesson_table,   /* cmd_lesson.c: lesson */
    cmd_demo_table,     /* cmd_demo.c: source and play */
    cmd_closing_table,  /* cmd_core.c: help and quit, listed last */
    NULL,
};
