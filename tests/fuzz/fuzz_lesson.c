/* fuzz_lesson.c: libFuzzer target for lessons over any bytes: the parser, the page renderer, and a lesson
 * that parses run page by page (commands included) from a sandbox directory, where it must write no file. */
#include <dirent.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "lesson.h"
#include "text.h"

#define LESSON_FILE "07-fuzz.txt"

/* The sandbox: an empty temporary directory as the working directory, bundled data found by name. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char top[PATH_MAX], path[PATH_MAX + 32];
    if (getcwd(top, sizeof top)) {
        snprintf(path, sizeof path, "%s/datasets", top);
        setenv("GRADSTEP_DATADIR", path, 0);
        snprintf(path, sizeof path, "%s/lessons", top);
        setenv("GRADSTEP_LESSONDIR", path, 0);
    }
    char tmpl[] = "/tmp/gradstep-fuzz-lesson.XXXXXX";
    if (mkdtemp(tmpl) && chdir(tmpl) != 0) {
        return 0;
    }
    return 0;
}

/* 1 when every command of the lesson is quick enough to run under a fuzzer (no large counts). */
static int quick(const lesson *l)
{
    for (size_t p = 0; p < l->npages; p++) {
        for (size_t i = 0; i < l->pages[p].nitems; i++) {
            const lesson_item *it = &l->pages[p].items[i];
            if (it->kind != LESSON_CMD) {
                continue;
            }
            for (const char *c = it->text; *c; c++) {
                if (*c >= '0' && *c <= '9' && strtol(c, NULL, 10) > 200) {
                    return 0;
                }
            }
            if (strstr(it->text, "gen") || strstr(it->text, "/dev/") || strlen(it->text) > 200) {
                return 0;
            }
        }
    }
    return 1;
}

/* Names in the sandbox other than the lesson file: a lesson must not have written any. */
static int written_files(void)
{
    int n = 0;
    DIR *d = opendir(".");
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 && strcmp(e->d_name, LESSON_FILE) != 0) {
            n++;
            unlink(e->d_name);
        }
    }
    if (d) {
        closedir(d);
    }
    return n;
}

/* Runs the lesson file as a script would (every page) and as the REPL would (page by page, answering). */
static void run_lesson(const uint8_t *data, size_t size)
{
    FILE *f = fopen(LESSON_FILE, "wb");
    if (!f) {
        return;
    }
    fwrite(data, 1, size, f);
    fclose(f);
    for (int interactive = 0; interactive < 2; interactive++) {
        cmd_app app;
        char err[512];
        if (cmd_app_init(&app, err, sizeof err) != 0) {
            abort();
        }
        app.interactive = interactive;
        strbuf out = { 0 };
        static const char *const lines[] = { ("lesson ./" LESSON_FILE), "lesson answer 1", "lesson next", "lesson next",
                                             "lesson back", "lesson", "lesson next", "lesson end" };
        for (size_t i = 0; i < (interactive ? sizeof lines / sizeof lines[0] : 1); i++) {
            sb_clear(&out);
            if (cmd_execute(&app, lines[i], &out, err, sizeof err) == CMD_QUIT || app.quit) {
                fprintf(stderr, "a lesson quit gradstep\n");
                abort();
            }
            if (app.lesson) {
                sb_clear(&out);
                lesson_render(app.lesson, 40, 0, &out);
                if (!text_is_safe(sb_str(&out), out.len, TEXT_SAFE_NL | TEXT_SAFE_TAB)) {
                    fprintf(stderr, "a lesson page renders text that is not safe for a terminal\n");
                    abort();
                }
            }
        }
        sb_free(&out);
        cmd_app_free(&app);
        if (written_files() != 0) {
            fprintf(stderr, "a lesson wrote a file\n");
            abort();
        }
    }
    unlink(LESSON_FILE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lesson l;
    char err[512];
    memset(&l, 0x5a, sizeof l);
    lesson untouched = l;
    err[0] = '\0';
    if (lesson_parse((const char *)data, size, "lessons/07-fuzz.txt", &l, err, sizeof err) != 0) {
        if (memcmp(&l, &untouched, sizeof l) != 0) {
            fprintf(stderr, "lesson_parse: failure changed *out\n");
            abort();
        }
        if (strncmp(err, "lessons/07-fuzz.txt:", 20) != 0 || strchr(err, '\n')) {
            fprintf(stderr, "lesson_parse: bad message \"%s\"\n", err);
            abort();
        }
        return 0;
    }
    if (!l.title || l.npages == 0 || !l.pages) {
        fprintf(stderr, "lesson_parse: success without a title or a page\n");
        abort();
    }
    /* Render every page at a few widths, as the panes would, without running its commands. */
    struct lesson_state st;
    memset(&st, 0, sizeof st);
    st.l = l;
    st.run = calloc(l.npages, sizeof *st.run);
    if (st.run) {
        for (size_t p = 0; p < l.npages; p++) {
            st.run[p].shown = l.pages[p].nitems;
            st.run[p].answered = calloc(l.pages[p].nitems + 1, sizeof(int));
            st.run[p].outputs = calloc(l.pages[p].nitems + 1, sizeof(char *));
        }
        st.opened = l.npages;
        strbuf out = { 0 };
        static const int widths[] = { 0, 1, 7, 40, 80 };
        for (size_t p = 0; p < l.npages; p++) {
            st.page = p;
            for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
                sb_clear(&out);
                lesson_render(&st, widths[w], 0, &out);
            }
            sb_clear(&out);
            lesson_header(&st, &out);
            (void)lesson_pending_question(&st);
        }
        sb_free(&out);
        for (size_t p = 0; p < l.npages; p++) {
            free(st.run[p].answered);
            free(st.run[p].outputs);
        }
        free(st.run);
    }
    /* Every question's answer must be accepted as written. */
    for (size_t p = 0; p < l.npages; p++) {
        for (size_t i = 0; i < l.pages[p].nitems; i++) {
            const lesson_item *it = &l.pages[p].items[i];
            if (it->kind == LESSON_QUESTION && it->answer && !lesson_answer_ok(it->answer, it->answer)) {
                fprintf(stderr, "lesson_answer_ok: answer \"%s\" rejects itself\n", it->answer);
                abort();
            }
        }
    }
    (void)text_width_n((const char *)data, size, 0);
    int run = quick(&l);
    lesson_free(&l);
    if (run) {
        run_lesson(data, size);
    }
    return 0;
}
