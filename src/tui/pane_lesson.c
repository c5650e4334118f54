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
    {"Formula pane", TUI_FORMULA}, {"Parameters pane", TUI_PARAMS}, {"Network pane", TUI_NETWORK},
    {"Weights pane", TUI_WEIGHTS},
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

/* Removes the lines the pane can do without, in place: the line under a question that says how
 * to answer (the pane's border says it), and, when squeeze, the blank lines between paragraphs. */
static void drop_lines(strbuf *body, int squeeze)
{
    strbuf kept = {0};
    const char *text = sb_str(body);
    while (*text) {
        const char *nl = strchr(text, '\n');
        size_t len = nl ? (size_t)(nl - text) + 1 : strlen(text);
        int blank = len <= 1 || (len == 2 && text[0] == '\r');
        if (!(squeeze && blank) && strncmp(text, "  (type your answer", 19) != 0) {
            sb_append(&kept, text, len);
        }
        text += len;
    }
    sb_clear(body);
    sb_append(body, sb_str(&kept), kept.len);
    sb_free(&kept);
}

/* The border title into head and the text into body for a pane W wide with inner rows: the
 * page with its commands' output when it fits, else without it (the other panes show it),
 * and without blank lines when even that takes more than two screens. A title too long for
 * the border opens the body; returns its lines. */
static int build_body(const tui *t, int W, int inner, strbuf *head, strbuf *body)
{
    const struct lesson_state *st = t->app->lesson;
    char num[64];
    if (st->l.number > 0) {
        snprintf(num, sizeof num, "Lesson %d · page %zu/%zu", st->l.number, st->page + 1, st->l.npages);
    } else {
        snprintf(num, sizeof num, "Lesson · page %zu/%zu", st->page + 1, st->l.npages);
    }
    sb_printf(head, "%s · %s", num, st->l.title);
    int title_lines = 0;
    strbuf tl = {0};
    if (text_width(sb_str(head), 0) > W - 4 - 16) {
        sb_clear(head);
        sb_puts(head, num);
        lesson_wrap(st->l.title, W - 4, &tl);
        title_lines = count_lines(sb_str(&tl));
    }
    sb_append(body, sb_str(&tl), tl.len);
    lesson_render(st, W - 4, 0, body);
    drop_lines(body, 0);
    if (count_lines(sb_str(body)) > inner) {
        sb_clear(body);
        sb_append(body, sb_str(&tl), tl.len);
        lesson_render(st, W - 4, LESSON_RENDER_NO_OUTPUT, body);
        drop_lines(body, count_lines(sb_str(body)) > 2 * inner - 1);
    }
    sb_free(&tl);
    return title_lines;
}

int pane_lesson_lines(const tui *t, int W, int inner)
{
    if (!t->app->lesson) {
        return 0;
    }
    strbuf head = {0}, body = {0};
    build_body(t, W, inner, &head, &body);
    int n = count_lines(sb_str(&body));
    sb_free(&head);
    sb_free(&body);
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
    int title_lines = build_body(t, W, H - 2, &head, &body);
    int inner = H - 2;
    const char *text = sb_str(&body);
    int total = count_lines(text);
    if (st->tried != t->lesson_tried) {
        /* a wrong answer: its hint, under the question at the end, comes into view */
        t->lesson_tried = st->tried;
        if (st->tried > 0 && total > inner) {
            t->lesson_top = total - inner;
        }
    }
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
