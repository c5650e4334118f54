/* fuzz_lesson.c: libFuzzer target for the lesson parser and the page renderer over any bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "text.h"

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
    lesson_free(&l);
    return 0;
}
