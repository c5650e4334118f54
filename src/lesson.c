/* lesson.c: reading, finding and rendering lessons; running them is cmd_lesson.c. */
#include "lesson.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fileio.h"
#include "text.h"
#include "xmem.h"
#include "errbuf.h"

/* ---------- small helpers ---------- */

static int is_blank(int c)
{
    return c == ' ' || c == '\t';
}

/* Trims spaces and tabs at both ends of s[0..*n): returns the new start, sets *n. */
static const char *trim(const char *s, size_t *n)
{
    while (*n > 0 && is_blank((unsigned char)s[0])) {
        s++;
        (*n)--;
    }
    while (*n > 0 && is_blank((unsigned char)s[*n - 1])) {
        (*n)--;
    }
    return s;
}

/* ---------- parsing ---------- */

static void item_free(lesson_item *it)
{
    free(it->text);
    free(it->answer);
    free(it->hint);
}

void lesson_free(lesson *l)
{
    for (size_t p = 0; p < l->npages; p++) {
        for (size_t i = 0; i < l->pages[p].nitems; i++) {
            item_free(&l->pages[p].items[i]);
        }
        free(l->pages[p].items);
    }
    free(l->pages);
    free(l->where);
    free(l->name);
    free(l->title);
    memset(l, 0, sizeof *l);
}

static void page_push(lesson_page *pg, size_t *cap, lesson_item it)
{
    if (pg->nitems == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        pg->items = xrealloc(pg->items, *cap * sizeof *pg->items);
    }
    pg->items[pg->nitems++] = it;
}

/* 1 when the page holds anything but blank lines. */
static int page_has_content(const lesson_page *pg)
{
    for (size_t i = 0; i < pg->nitems; i++) {
        if (pg->items[i].kind != LESSON_TEXT || pg->items[i].text[0]) {
            return 1;
        }
    }
    return 0;
}

/* Drops trailing blank prose lines of a page. */
static void page_trim(lesson_page *pg)
{
    while (pg->nitems > 0 && pg->items[pg->nitems - 1].kind == LESSON_TEXT &&
           !pg->items[pg->nitems - 1].text[0]) {
        item_free(&pg->items[--pg->nitems]);
    }
}

/* A line of three or more dashes, nothing else but trailing blanks. */
static int is_separator(const char *s, size_t n)
{
    size_t d = 0;
    while (d < n && s[d] == '-') {
        d++;
    }
    if (d < 3) {
        return 0;
    }
    for (size_t i = d; i < n; i++) {
        if (!is_blank((unsigned char)s[i])) {
            return 0;
        }
    }
    return 1;
}

/* 1 when word w[0..n) is a prefix (2 letters or more for "lesson") of cmd: a quick first check
 * when the file is read (cmd_lesson.c judges the command each line resolves to). */
static int word_names(const char *w, size_t n, const char *cmd, size_t min)
{
    return n >= min && n <= strlen(cmd) && strncmp(w, cmd, n) == 0;
}

/* Fills number and name from the base name of where: "05-slowdown.txt" gives 5, "slowdown". */
static void name_from_path(const char *where, int *number, char **name)
{
    const char *base = strrchr(where, '/');
    base = base ? base + 1 : where;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".txt") == 0) {
        n -= 4;
    }
    size_t d = 0;
    while (d < n && isdigit((unsigned char)base[d])) {
        d++;
    }
    *number = 0;
    if (d > 0 && d < 6 && d + 1 < n && base[d] == '-') {
        *number = atoi(base);
        *name = xstrndup(base + d + 1, n - d - 1);
    } else {
        *name = xstrndup(base, n);
    }
}

/* A copy of s[0..n) made safe for a terminal (text_safe with flags): a lesson is untrusted text,
 * and every mode shows what it says. */
static char *safe_ndup(const char *s, size_t n, unsigned flags)
{
    strbuf sb = {0};
    text_safe(&sb, s, n, flags);
    char *d = xstrdup(sb_str(&sb));
    sb_free(&sb);
    return d;
}

/* Parse state shared by the helpers below. */
typedef struct {
    lesson l;
    size_t cap;        /* items capacity of the current page */
    int page_open;     /* 1 while a page collects lines */
    int implicit;      /* 1 while the current page is the first and no "---" opened it */
    int page_line;     /* the line that opened the current page */
    int title_line;    /* the title's line */
    const char *where; /* the file's name in messages */
    char *err;         /* where a failure is described */
    size_t errlen;
} parse_state;

static void open_page(parse_state *ps, int line, int implicit)
{
    lesson_page *n = xrealloc(ps->l.pages, (ps->l.npages + 1) * sizeof *n);
    ps->l.pages = n;
    memset(&n[ps->l.npages], 0, sizeof *n);
    n[ps->l.npages].line = line;
    ps->l.npages++;
    ps->cap = 0;
    ps->page_open = 1;
    ps->implicit = implicit;
    ps->page_line = line;
}

/* The line being parsed: s[0..n) without its line end, and t[0..tn) the same trimmed. */
typedef struct {
    const char *s, *t;
    size_t n, tn;
    int no;            /* its number in the file */
} parse_line;

/* Writes "WHERE:LINE: MESSAGE" into the parse's error buffer; returns -1. */
static int parse_fail(parse_state *ps, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int parse_fail(parse_state *ps, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps->err, ps->errlen, fmt, ap);
    va_end(ap);
    err_prefix(ps->err, ps->errlen, "%s:%d: ", ps->where, line);
    return -1;
}

/* Before the title: skips blank and comment lines, takes the first other line as the title. */
static int parse_title(parse_state *ps, const parse_line *ln)
{
    if (ln->tn == 0 || ln->s[0] == '#') {
        return 0;
    }
    if (is_separator(ln->s, ln->n) || ln->s[0] == '>' || ln->s[0] == '?') {
        return parse_fail(ps, ln->no, "the first line must be the lesson's title");
    }
    ps->l.title = safe_ndup(ln->t, ln->tn, 0);
    ps->title_line = ln->no;
    open_page(ps, ln->no + 1, 1);
    return 0;
}

/* "---": ends the page and opens the next (right after the title it just opens page 1). */
static int parse_separator(parse_state *ps, lesson_page *pg, int line)
{
    if (page_has_content(pg)) {
        page_trim(pg);
        open_page(ps, line, 0);
    } else if (ps->implicit) {
        pg->line = line;       /* a "---" right after the title just opens page 1 */
        ps->implicit = 0;
        ps->page_line = line;
    } else {
        return parse_fail(ps, ps->page_line, "page %zu is empty", ps->l.npages);
    }
    return 0;
}

/* "! HINT": the hint of the question just before it. */
static int parse_hint(parse_state *ps, lesson_page *pg, const parse_line *ln)
{
    size_t hn = ln->n - 1;
    const char *h = trim(ln->s + 1, &hn);
    lesson_item *prev = pg->nitems > 0 ? &pg->items[pg->nitems - 1] : NULL;
    if (!prev || prev->kind != LESSON_QUESTION || prev->hint) {
        return parse_fail(ps, ln->no, "a hint (\"! HINT\") must come right after its question");
    }
    if (hn == 0) {
        return parse_fail(ps, ln->no, "the hint after \"!\" is empty");
    }
    prev->hint = safe_ndup(h, hn, 0);
    return 0;
}

/* "> COMMAND" (r[0..rn) is the command) into *it. */
static int parse_command(parse_state *ps, const char *r, size_t rn, int line, lesson_item *it)
{
    if (rn == 0) {
        return parse_fail(ps, line, "empty command after \">\"");
    }
    size_t wn = 0;
    while (wn < rn && !is_blank((unsigned char)r[wn])) {
        wn++;
    }
    if (word_names(r, wn, "lesson", 2) || word_names(r, wn, "quit", 1)) {
        return parse_fail(ps, line, "a lesson cannot run \"%.*s\"", (int)wn, r);
    }
    it->kind = LESSON_CMD;
    it->text = xstrndup(r, rn);
    return 0;
}

/* "? QUESTION = ANSWER" (r[0..rn) is what follows the "?") into *it; the last "=" splits it. */
static int parse_question(parse_state *ps, const char *r, size_t rn, int line, lesson_item *it)
{
    const char *eq = NULL;
    for (size_t i = 0; i < rn; i++) {
        if (r[i] == '=') {
            eq = r + i;
        }
    }
    if (!eq) {
        return parse_fail(ps, line, "a question needs \"= ANSWER\": write \"? QUESTION = ANSWER\"");
    }
    size_t qn = (size_t)(eq - r);
    const char *q = trim(r, &qn);
    size_t an = rn - (size_t)(eq - r) - 1;
    const char *a = trim(eq + 1, &an);
    if (qn == 0) {
        return parse_fail(ps, line, "the question before \"=\" is empty");
    }
    if (an == 0) {
        return parse_fail(ps, line, "the answer after \"=\" is empty");
    }
    it->kind = LESSON_QUESTION;
    it->text = safe_ndup(q, qn, 0);
    it->answer = safe_ndup(a, an, 0);
    return 0;
}

/* A line of the page after the title: a separator, a hint, a command, a question or prose. */
static int parse_body_line(parse_state *ps, const parse_line *ln)
{
    const char *s = ln->s;
    size_t n = ln->n;
    if (n > 0 && s[0] == '#') {
        return 0;
    }
    lesson_page *pg = &ps->l.pages[ps->l.npages - 1];
    if (is_separator(s, n)) {
        return parse_separator(ps, pg, ln->no);
    }
    if (n > 0 && s[0] == '!' && (n == 1 || is_blank((unsigned char)s[1]))) {
        return parse_hint(ps, pg, ln);
    }
    lesson_item it;
    memset(&it, 0, sizeof it);
    it.line = ln->no;
    if (n > 0 && (s[0] == '>' || s[0] == '?')) {
        if (n > 1 && !is_blank((unsigned char)s[1])) {
            size_t show = text_fit(s, n, 12, 0);
            return parse_fail(ps, ln->no, "unknown directive \"%.*s\": write \"> COMMAND\" or \"? QUESTION = ANSWER\"",
                              (int)show, s);
        }
        size_t rn = n - 1;
        const char *r = trim(s + 1, &rn);
        int rc = s[0] == '>' ? parse_command(ps, r, rn, ln->no, &it) : parse_question(ps, r, rn, ln->no, &it);
        if (rc != 0) {
            return -1;
        }
    } else {
        if (ln->tn == 0 && !page_has_content(pg)) {
            return 0;   /* blank lines at the top of a page */
        }
        size_t keep = n;
        while (keep > 0 && is_blank((unsigned char)s[keep - 1])) {
            keep--;
        }
        it.kind = LESSON_TEXT;
        it.text = safe_ndup(s, ln->tn == 0 ? 0 : keep, TEXT_SAFE_TAB);
    }
    page_push(pg, &ps->cap, it);
    return 0;
}

/* After the last line: the lesson must have a title and its last page some content. */
static int parse_finish(parse_state *ps, int line)
{
    if (!ps->l.title) {
        return parse_fail(ps, line > 0 ? line : 1, "the lesson is empty: its first line must be its title");
    }
    lesson_page *last = &ps->l.pages[ps->l.npages - 1];
    if (!page_has_content(last)) {
        if (ps->l.npages == 1) {
            return parse_fail(ps, ps->title_line, "the lesson has no pages after its title");
        }
        return parse_fail(ps, ps->page_line, "page %zu is empty", ps->l.npages);
    }
    page_trim(last);
    return 0;
}

int lesson_parse(const char *text, size_t len, const char *where, lesson *out,
                 char *err, size_t errlen)
{
    parse_state ps;
    memset(&ps, 0, sizeof ps);
    ps.where = where;
    ps.err = err;
    ps.errlen = errlen;
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        int l = 1;
        for (const char *c = text; c < nul; c++) {
            l += *c == '\n';
        }
        return parse_fail(&ps, l, "a NUL byte: this is not a text file");
    }
    size_t pos = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    parse_line ln = { 0 };
    int rc = 0;
    while (pos < len && rc == 0) {
        ln.s = text + pos;
        const char *nl = memchr(ln.s, '\n', len - pos);
        ln.n = nl ? (size_t)(nl - ln.s) : len - pos;
        pos += ln.n + (nl ? 1 : 0);
        ln.no++;
        if (ln.n > 0 && ln.s[ln.n - 1] == '\r') {
            ln.n--;
        }
        ln.tn = ln.n;
        ln.t = trim(ln.s, &ln.tn);
        rc = ps.l.title ? parse_body_line(&ps, &ln) : parse_title(&ps, &ln);
    }
    if (rc != 0 || parse_finish(&ps, ln.no) != 0) {
        lesson_free(&ps.l);
        return -1;
    }
    ps.l.where = xstrdup(where);
    name_from_path(where, &ps.l.number, &ps.l.name);
    *out = ps.l;
    return 0;
}

/* ---------- finding lessons ---------- */

const char *lesson_dir(void)
{
    static char dir[4200];
    return file_data_dir("lessons", "GRADSTEP_LESSONDIR", dir, sizeof dir);
}

typedef struct {
    char *file;        /* "05-slowdown.txt" */
    int number;
    char *slug;        /* "slowdown" */
} lesson_file;

static int file_cmp(const void *a, const void *b)
{
    const lesson_file *x = a, *y = b;
    if (x->number != y->number) {
        return x->number < y->number ? -1 : 1;
    }
    return strcmp(x->file, y->file);
}

static void files_free(lesson_file *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(f[i].file);
        free(f[i].slug);
    }
    free(f);
}

/* Lists the NN-slug.txt files of the lesson directory, sorted by number. */
static int scan_dir(lesson_file **files, size_t *count, char *err, size_t errlen)
{
    const char *dir = lesson_dir();
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "no lessons: cannot open %s: %s", dir, strerror(errno));
        return -1;
    }
    lesson_file *f = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *nm = e->d_name;
        size_t l = strlen(nm);
        size_t dg = 0;
        while (dg < l && isdigit((unsigned char)nm[dg])) {
            dg++;
        }
        if (dg == 0 || dg >= 6 || l < dg + 6 || nm[dg] != '-' || strcmp(nm + l - 4, ".txt") != 0) {
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            f = xrealloc(f, cap * sizeof *f);
        }
        f[n].file = xstrdup(nm);
        name_from_path(nm, &f[n].number, &f[n].slug);
        n++;
    }
    closedir(d);
    if (n > 1) {
        qsort(f, n, sizeof *f, file_cmp);
    }
    *files = f;
    *count = n;
    return 0;
}

static char *join_path(const char *dir, const char *file)
{
    size_t n = strlen(dir) + strlen(file) + 2;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s", dir, file);
    return p;
}

static int load_path(const char *path, lesson *out, char *err, size_t errlen)
{
    char *text = NULL;
    size_t len = 0;
    if (file_read_all(path, &text, &len, err, errlen) != 0) {
        return -1;
    }
    int rc = lesson_parse(text, len, path, out, err, errlen);
    free(text);
    return rc;
}

int lesson_list(void (*fn)(int number, const char *name, const char *title, void *ctx),
                void *ctx, char *err, size_t errlen)
{
    lesson_file *f;
    size_t n;
    if (scan_dir(&f, &n, err, errlen) != 0) {
        return -1;
    }
    const char *dir = lesson_dir();
    for (size_t i = 0; i < n; i++) {
        char *path = join_path(dir, f[i].file);
        lesson l;
        char e2[ERR_LEN];
        if (load_path(path, &l, e2, sizeof e2) == 0) {
            fn(f[i].number, f[i].slug, l.title, ctx);
            lesson_free(&l);
        } else {
            char t[ERR_LEN + 32];
            snprintf(t, sizeof t, "(cannot be read: %s)", e2);
            fn(f[i].number, f[i].slug, t, ctx);
        }
        free(path);
    }
    files_free(f, n);
    return (int)n;
}

/* The base name of a file without ".txt". */
static int base_is(const lesson_file *f, const char *name, size_t n, int prefix)
{
    size_t bl = strlen(f->file) - 4;
    if (prefix) {
        return (n <= strlen(f->slug) && strncmp(f->slug, name, n) == 0) ||
               (n <= bl && strncmp(f->file, name, n) == 0);
    }
    return strcmp(f->slug, name) == 0 || strcmp(f->file, name) == 0 ||
           (n == bl && strncmp(f->file, name, n) == 0);
}

int lesson_load(const char *name, lesson *out, char *err, size_t errlen)
{
    if (!*name) {
        snprintf(err, errlen, "lesson: a name or number is needed (lesson list shows them)");
        return -1;
    }
    struct stat fst;
    if (strchr(name, '/') || (stat(name, &fst) == 0 && S_ISREG(fst.st_mode))) {
        return load_path(name, out, err, errlen);  /* a path, or a file in the present directory */
    }
    lesson_file *f;
    size_t n;
    if (scan_dir(&f, &n, err, errlen) != 0) {
        return -1;
    }
    size_t nl = strlen(name);
    int digits = 1;
    for (size_t i = 0; i < nl; i++) {
        digits &= isdigit((unsigned char)name[i]) != 0;
    }
    size_t *hit = xcalloc(n, sizeof *hit);
    size_t nhit = 0;
    if (digits && nl < 6) {
        int num = atoi(name);
        for (size_t i = 0; i < n; i++) {
            if (f[i].number == num) {
                hit[nhit++] = i;
            }
        }
    }
    for (int prefix = 0; prefix < 2 && nhit == 0; prefix++) {
        for (size_t i = 0; i < n; i++) {
            if (base_is(&f[i], name, nl, prefix)) {
                hit[nhit++] = i;
            }
        }
    }
    int rc = -1;
    if (nhit == 1) {
        char *path = join_path(lesson_dir(), f[hit[0]].file);
        rc = load_path(path, out, err, errlen);
        free(path);
    } else if (nhit == 0) {
        snprintf(err, errlen, "no lesson \"%s\" in %s (lesson list shows the lessons)", name,
                 lesson_dir());
    } else {
        int off = snprintf(err, errlen, "ambiguous lesson name: %s, could be:", name);
        for (size_t i = 0; i < nhit && off > 0 && (size_t)off < errlen; i++) {
            off += snprintf(err + off, errlen - (size_t)off, "%s %s", i ? "," : "", f[hit[i]].slug);
        }
    }
    free(hit);
    files_free(f, n);
    return rc;
}

/* ---------- answers ---------- */

/* Parses s[0..n) when it is a plain decimal number ([+-]digits[.digits][e[+-]digits]); sets *v
 * and *decimals (the place of its last written digit: 2 for 0.82, -3 for 5e3). */
static int parse_decimal(const char *s, size_t n, double *v, int *decimals)
{
    size_t i = 0;
    int digits = 0, dec = 0, ex = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        i++;
    }
    while (i < n && isdigit((unsigned char)s[i])) {
        i++;
        digits++;
    }
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && isdigit((unsigned char)s[i])) {
            i++;
            digits++;
            dec++;
        }
    }
    if (digits == 0) {
        return 0;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        int sign = 1, ed = 0;
        if (i < n && (s[i] == '+' || s[i] == '-')) {
            sign = s[i] == '-' ? -1 : 1;
            i++;
        }
        while (i < n && isdigit((unsigned char)s[i])) {
            if (ex < 10000) {
                ex = ex * 10 + (s[i] - '0');
            }
            i++;
            ed++;
        }
        if (ed == 0) {
            return 0;
        }
        ex *= sign;
    }
    if (i != n) {
        return 0;
    }
    char buf[128];
    if (n >= sizeof buf) {
        return 0;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    *v = strtod(buf, NULL);
    *decimals = dec - ex;
    return isfinite(*v);
}

int lesson_answer_ok(const char *expected, const char *given)
{
    size_t en = strlen(expected), gn = strlen(given);
    const char *e = trim(expected, &en);
    const char *g = trim(given, &gn);
    double ev, gv;
    int edec, gdec;
    if (parse_decimal(e, en, &ev, &edec)) {
        if (!parse_decimal(g, gn, &gv, &gdec)) {
            return 0;
        }
        int whole = 1;  /* written with digits only (no point, no exponent) */
        for (size_t i = 0; i < en; i++) {
            whole &= e[i] != '.' && e[i] != 'e' && e[i] != 'E';
        }
        if (whole) {
            return gv == ev;  /* a whole number must be exact: 7.4 is not 7, 0.4 is not 0 */
        }
        double tol = 0.5 * pow(10.0, -edec);
        return fabs(gv - ev) <= tol * (1 + 1e-9);
    }
    /* text: equal ignoring case, runs of blanks counting as one space */
    size_t i = 0, j = 0;
    while (i < en && j < gn) {
        if (is_blank((unsigned char)e[i]) && is_blank((unsigned char)g[j])) {
            while (i < en && is_blank((unsigned char)e[i])) {
                i++;
            }
            while (j < gn && is_blank((unsigned char)g[j])) {
                j++;
            }
            continue;
        }
        if (tolower((unsigned char)e[i]) != tolower((unsigned char)g[j])) {
            return 0;
        }
        i++;
        j++;
    }
    return i == en && j == gn;
}

/* ---------- rendering ---------- */

/* Appends s[0..n) cut to width columns (width <= 0: whole) and a newline. */
static void put_line(strbuf *out, const char *s, size_t n, int width)
{
    if (width > 0) {
        n = text_fit(s, n, width, 0);
    }
    sb_append(out, s, n);
    sb_puts(out, "\n");
}

/* Appends every line of text, each cut to width. */
static void put_lines(strbuf *out, const char *text, int width)
{
    while (*text) {
        const char *nl = strchr(text, '\n');
        size_t n = nl ? (size_t)(nl - text) : strlen(text);
        put_line(out, text, n, width);
        text += n + (nl ? 1 : 0);
    }
}

/* Appends a paragraph (words separated by blanks) wrapped greedily to width columns; a word
 * wider than the line is split. */
static void put_wrapped(strbuf *out, const char *para, int width)
{
    text_wrap(out, para, width, 0, TEXT_SPLIT_LONG);
}

void lesson_wrap(const char *text, int width, strbuf *out)
{
    put_wrapped(out, text, width);
}

static int is_pre(const lesson_item *it)
{
    return it->kind == LESSON_TEXT && (it->text[0] == '\0' || is_blank((unsigned char)it->text[0]));
}

void lesson_render_items(const struct lesson_state *st, size_t p, size_t from, size_t to,
                         int width, unsigned flags, int interactive, strbuf *out)
{
    const lesson_page *pg = &st->l.pages[p];
    const lesson_page_run *run = &st->run[p];
    size_t i = from;
    while (i < to) {
        const lesson_item *it = &pg->items[i];
        if (it->kind == LESSON_TEXT) {
            if (width <= 0 || is_pre(it)) {
                put_line(out, it->text, strlen(it->text), width);
                i++;
                continue;
            }
            strbuf para = {0};
            while (i < to && pg->items[i].kind == LESSON_TEXT && !is_pre(&pg->items[i])) {
                if (para.len) {
                    sb_puts(&para, " ");
                }
                sb_puts(&para, pg->items[i].text);
                i++;
            }
            put_wrapped(out, sb_str(&para), width);
            sb_free(&para);
            continue;
        }
        if (it->kind == LESSON_CMD) {
            strbuf echo = {0};
            sb_puts(&echo, "gradstep> ");
            text_safe(&echo, it->text, strlen(it->text), 0);
            put_line(out, echo.buf, echo.len, width);
            sb_free(&echo);
            if (!(flags & LESSON_RENDER_NO_OUTPUT) && run->outputs[i]) {
                put_lines(out, run->outputs[i], width);
            }
        } else {
            strbuf q = {0};
            sb_printf(&q, "? %s", it->text);
            if (width > 0) {
                put_wrapped(out, q.buf, width);
            } else {
                put_line(out, q.buf, q.len, 0);
            }
            sb_clear(&q);
            if (run->answered[i]) {
                sb_printf(&q, "  answer: %s", it->answer);
            } else if (interactive) {
                sb_puts(&q, "  (type your answer; lesson reveal shows it)");
            }
            if (q.len) {
                put_line(out, q.buf, q.len, width);
            }
            if (!run->answered[i] && interactive && st->tried > 0 && p == st->page) {
                /* after a wrong answer the page keeps the hint under its question */
                sb_clear(&q);
                sb_printf(&q, "  Not quite. Hint: %s", it->hint ? it->hint
                          : "look again at the numbers this page's commands printed.");
                if (width > 0) {
                    put_wrapped(out, q.buf, width);
                } else {
                    put_line(out, q.buf, q.len, 0);
                }
            }
            sb_free(&q);
        }
        i++;
    }
}

void lesson_render(const struct lesson_state *st, int width, unsigned flags, strbuf *out)
{
    if (!st) {
        return;
    }
    lesson_render_items(st, st->page, 0, st->run[st->page].shown, width, flags, 1, out);
}

void lesson_header(const struct lesson_state *st, strbuf *out)
{
    if (!st) {
        return;
    }
    if (st->l.number > 0) {
        sb_printf(out, "Lesson %d · %s · %zu/%zu", st->l.number, st->l.title, st->page + 1,
                  st->l.npages);
    } else {
        sb_printf(out, "Lesson · %s · %zu/%zu", st->l.title, st->page + 1, st->l.npages);
    }
}

const char *lesson_pending_question(const struct lesson_state *st)
{
    if (!st) {
        return NULL;
    }
    const lesson_page_run *run = &st->run[st->page];
    const lesson_page *pg = &st->l.pages[st->page];
    if (run->shown == 0 || run->failed) {
        return NULL;
    }
    size_t i = run->shown - 1;
    if (pg->items[i].kind == LESSON_QUESTION && !run->answered[i]) {
        return pg->items[i].text;
    }
    return NULL;
}

/* ---------- running ---------- */

void lesson_state_free(struct lesson_state *st)
{
    if (!st) {
        return;
    }
    for (size_t p = 0; p < st->l.npages; p++) {
        if (st->run[p].outputs) {
            for (size_t i = 0; i < st->l.pages[p].nitems; i++) {
                free(st->run[p].outputs[i]);
            }
        }
        free(st->run[p].outputs);
        free(st->run[p].answered);
    }
    free(st->run);
    lesson_free(&st->l);
    free(st->dir);
    free(st);
}

void lesson_footer(const struct lesson_state *st, strbuf *out)
{
    const lesson_page_run *run = &st->run[st->page];
    if (lesson_pending_question(st)) {
        return;
    }
    if (run->failed) {
        sb_puts(out, "(this page stopped at the failing command; lesson next goes on)\n");
    }
    if (st->page + 1 < st->l.npages) {
        sb_printf(out, "-- lesson next: page %zu/%zu%s --\n", st->page + 2, st->l.npages,
                  st->page > 0 ? " · lesson back: the page before" : "");
    } else {
        sb_puts(out, "-- the last page: lesson end closes the lesson --\n");
    }
}

/* The absolute directory of the lesson file at path (malloc'd). */
static char *lesson_file_dir(const char *path)
{
    char *real = realpath(path, NULL);
    const char *use = real ? real : path;
    const char *slash = strrchr(use, '/');
    char *dir = slash ? xstrndup(use, slash == use ? 1 : (size_t)(slash - use)) : xstrdup(".");
    free(real);
    return dir;
}

struct lesson_state *lesson_state_new(lesson *l)
{
    struct lesson_state *st = xcalloc(1, sizeof *st);
    st->l = *l;
    memset(l, 0, sizeof *l);
    st->dir = lesson_file_dir(st->l.where);
    st->run = xcalloc(st->l.npages, sizeof *st->run);
    for (size_t p = 0; p < st->l.npages; p++) {
        st->run[p].outputs = xcalloc(st->l.pages[p].nitems, sizeof(char *));
        st->run[p].answered = xcalloc(st->l.pages[p].nitems, sizeof(int));
    }
    return st;
}
