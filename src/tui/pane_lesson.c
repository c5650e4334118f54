/* pane_lesson.c: the Lesson pane: the running lesson's present page, wrapped to the pane. */
#include "tui_int.h"

#include <stdio.h>
#include <string.h>

#include "lesson.h"

/* Counts the lines of text. */
static int count_lines(const char *text)
{
    int n = 0;
    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            n++;
        }
    }
    if (*text && text[strlen(text) - 1] != '\n') {
        n++;
    }
    return n;
}

void pane_lesson_draw(tui *t)
{
    WINDOW *w = t->win[TUI_LESSON];
    if (!w) {
        return;
    }
    int H, W;
    getmaxyx(w, H, W);
    werase(w);
    const struct lesson_state *st = t->app->lesson;
    if (!st) {
        tui_box(t, w, "Lesson", NULL, 0);
        return;
    }
    strbuf head = {0}, body = {0};
    lesson_header(st, &head);
    int inner = H - 2;
    lesson_render(st, W - 4, 0, &body);
    if (count_lines(sb_str(&body)) > inner) {
        /* the commands' output is in the other panes too: keep the prose and commands */
        sb_clear(&body);
        lesson_render(st, W - 4, LESSON_RENDER_NO_OUTPUT, &body);
    }
    const char *text = sb_str(&body);
    int total = count_lines(text);
    if (t->lesson_top > 0 && t->lesson_top + inner > total) {
        t->lesson_top = total > inner ? total - inner : 0;
    }
    char right[64] = "";
    if (total > inner) {
        snprintf(right, sizeof right, "%d-%d of %d  PgUp/PgDn", t->lesson_top + 1,
                 t->lesson_top + inner < total ? t->lesson_top + inner : total, total);
    }
    tui_box(t, w, sb_str(&head), right, 1);
    int line = 0, y = 1;
    while (*text && y < H - 1) {
        const char *nl = strchr(text, '\n');
        size_t len = nl ? (size_t)(nl - text) : strlen(text);
        if (line >= t->lesson_top) {
            char buf[1024];
            size_t n = len < sizeof buf - 1 ? len : sizeof buf - 1;
            memcpy(buf, text, n);
            buf[n] = '\0';
            attr_t a = A_NORMAL;
            if (strncmp(buf, "gradstep> ", 10) == 0) {
                a = tui_attr(t, TUI_R_KEY);
            } else if (buf[0] == '?') {
                a = tui_attr(t, TUI_R_FOCUS);
            }
            tui_put(w, y++, 2, W - 4, buf, a);
        }
        line++;
        text = nl ? nl + 1 : text + len;
    }
    const char *q = lesson_pending_question(st);
    if (q && H >= 4) {
        tui_put(w, H - 1, 2, W - 4, " answer: lesson answer TEXT ", tui_attr(t, TUI_R_FOCUS));
    }
    sb_free(&head);
    sb_free(&body);
}
