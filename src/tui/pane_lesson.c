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

/* Words that name a pane in a lesson's prose, and the pane they name. */
static const struct {
    const char *words;
    int pane;
} pane_words[] = {
    {"Plot pane", TUI_PLOT}, {"cost curve", TUI_PLOT}, {"Data pane", TUI_DATA},
    {"Formula pane", TUI_FORMULA}, {"Parameters pane", TUI_PARAMS},
};

unsigned pane_lesson_named(const tui *t, int *first)
{
    const struct lesson_state *st = t->app->lesson;
    unsigned mask = 0;
    size_t first_at = (size_t)-1;
    *first = -1;
    if (!st) {
        return 0;
    }
    const lesson_page *pg = &st->l.pages[st->page];
    for (size_t i = 0; i < pg->nitems; i++) {
        const char *text = pg->items[i].text;
        if (pg->items[i].kind == LESSON_CMD && strncmp(text, "plot", 4) == 0) {
            mask |= 1u << TUI_PLOT;  /* a page that picks a plot view talks about it */
            if (first_at == (size_t)-1) {
                first_at = 0;
                *first = TUI_PLOT;
            }
            continue;
        }
        for (size_t k = 0; k < sizeof pane_words / sizeof pane_words[0]; k++) {
            const char *hit = pg->items[i].kind == LESSON_CMD ? NULL : strstr(text, pane_words[k].words);
            if (!hit) {
                continue;
            }
            mask |= 1u << pane_words[k].pane;
            size_t at = i * 4096 + (size_t)(hit - text);
            if (at < first_at) {
                first_at = at;
                *first = pane_words[k].pane;
            }
        }
    }
    return mask;
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
    /* "Lesson 5 · page 1/5 · TITLE" when it fits the border; else the border keeps the lesson
     * and page numbers and the title, wrapped, opens the page */
    char num[64];
    if (st->l.number > 0) {
        snprintf(num, sizeof num, "Lesson %d · page %zu/%zu", st->l.number, st->page + 1, st->l.npages);
    } else {
        snprintf(num, sizeof num, "Lesson · page %zu/%zu", st->page + 1, st->l.npages);
    }
    sb_printf(&head, "%s · %s", num, st->l.title);
    int title_lines = 0;
    if (text_width(sb_str(&head), 0) > W - 4 - 16) {
        sb_clear(&head);
        sb_puts(&head, num);
        strbuf tl = {0};
        lesson_wrap(st->l.title, W - 4, &tl);
        title_lines = count_lines(sb_str(&tl));
        sb_append(&body, sb_str(&tl), tl.len);
        sb_free(&tl);
    }
    int inner = H - 2;
    lesson_render(st, W - 4, 0, &body);
    if (count_lines(sb_str(&body)) > inner) {
        /* the commands' output is in the other panes too: keep the prose and commands */
        sb_clear(&body);
        if (title_lines) {
            lesson_wrap(st->l.title, W - 4, &body);
        }
        lesson_render(st, W - 4, LESSON_RENDER_NO_OUTPUT, &body);
    }
    const char *text = sb_str(&body);
    int total = count_lines(text);
    if (t->lesson_top > 0 && t->lesson_top + inner > total) {
        t->lesson_top = total > inner ? total - inner : 0;
    }
    char right[64] = "";
    if (total > inner) {
        snprintf(right, sizeof right, "%d-%d of %d", t->lesson_top + 1,
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
            attr_t a = line < title_lines ? tui_attr(t, TUI_R_HEADER) : A_NORMAL;
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
        tui_put(w, H - 1, 2, W - 4, " type your answer at the prompt (lesson reveal shows it) ",
                tui_attr(t, TUI_R_FOCUS));
    }
    sb_free(&head);
    sb_free(&body);
}
