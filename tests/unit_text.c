/* unit_text.c: the text module: UTF-8 decoding, display widths (ASCII, combining marks, CJK, emoji,
 * the explanation marks), fitting, breaking and wrapping at their edges, flows and tables; and the
 * alignment of `show data` under a header of wide characters. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "harness.h"
#include "text.h"

/* The widths every locale must agree on (the fallback rule and wcwidth alike). */
static void check_widths(const char *where)
{
    CHECK(text_width("", 0) == 0, "%s: empty", where);
    CHECK(text_width("abc xyz", 0) == 7, "%s: ASCII", where);
    CHECK(text_width("σ(z) − y", 0) == 8, "%s: Greek and the minus sign are one column each", where);
    CHECK(text_width("x\xCC\x84", 0) == 1, "%s: x with a combining macron is one column", where);
    CHECK(text_width("e\xCC\x81\xCC\xA7", 0) == 1, "%s: two combining marks add nothing", where);
    CHECK(text_width("時間", 0) == 4, "%s: two CJK ideographs are four columns", where);
    CHECK(text_width("한글", 0) == 4, "%s: Hangul syllables are wide", where);
    CHECK(text_width("ｘ", 0) == 2, "%s: a fullwidth letter is wide", where);
    CHECK(text_width("\xF0\x9F\x98\x80", 0) == 2, "%s: an emoji (U+1F600) is two columns", where);
    CHECK(text_width("a\xF0\x9F\x8E\x89" "b", 0) == 4, "%s: a, party popper, b", where);
}

static void test_decode(void)
{
    unsigned long cp;
    CHECK(text_decode("A", 1, &cp) == 1 && cp == 'A', "ASCII");
    CHECK(text_decode("σ", 2, &cp) == 2 && cp == 0x3C3, "two bytes");
    CHECK(text_decode("−", 3, &cp) == 3 && cp == 0x2212, "three bytes");
    CHECK(text_decode("\xF0\x9F\x98\x80", 4, &cp) == 4 && cp == 0x1F600, "four bytes");
    CHECK(text_decode("\xCF", 1, &cp) == 1 && cp == 0xFFFD, "cut short");
    CHECK(text_decode("\xE2\x88", 3, &cp) == 1 && cp == 0xFFFD, "a NUL inside a sequence");
    CHECK(text_decode("\x80", 1, &cp) == 1 && cp == 0xFFFD, "a lone continuation byte");
    CHECK(text_decode("\xC0\xAF", 2, &cp) == 1 && cp == 0xFFFD, "an overlong slash");
    CHECK(text_decode("\xED\xA0\x80", 3, &cp) == 1 && cp == 0xFFFD, "a surrogate");
    CHECK(text_decode("\xF4\x90\x80\x80", 4, &cp) == 1 && cp == 0xFFFD, "beyond U+10FFFF");
    CHECK(text_width("\xFF\xFE", 0) == 2, "invalid bytes count one column each (shown as ?)");
    CHECK(text_width("a\tb", 0) == 3, "a control character counts one (shown as ?)");
}

static void test_marks(void)
{
    const char marked[] = { 'a', TEXT_MARK_ON, 'b', 'c', TEXT_MARK_OFF, 'd', '\0' };
    CHECK(text_width(marked, TEXT_MARKS) == 4, "marks take no columns in explanation text");
    CHECK(text_width(marked, 0) == 6, "elsewhere they are control characters, one column each");
    CHECK(text_width_n("abc\ndef", 7, TEXT_MARKS) == 6, "a newline takes none in explanation text");
    CHECK(text_width_n("abcdef", 3, 0) == 3, "only the first len bytes");
    CHECK(text_width_n("ab\0cd", 5, 0) == 2, "stops at a NUL");
}

static void test_fit_and_break(void)
{
    CHECK(text_fit("abcdef", 6, 4, 0) == 4, "four columns of ASCII");
    CHECK(text_fit("abc", 3, 10, 0) == 3, "all of it fits");
    CHECK(text_fit("abc", 3, 0, 0) == 0, "nothing fits in no columns");
    CHECK(text_fit("時間", 6, 3, 0) == 3, "a wide character is never cut in half: one fits in three columns");
    CHECK(text_fit("時間", 6, 1, 0) == 0, "none fits in one column");
    CHECK(text_fit("σσσ", 6, 2, 0) == 4, "two σ are four bytes");
    CHECK(text_fit("x\xCC\x84y", 4, 1, 0) == 3, "a combining mark stays with its letter");
    const char *line = "the quick brown fox";
    size_t n = strlen(line);
    CHECK(text_break(line, n, 30, 0, 0) == n, "a line that fits is not broken");
    CHECK(text_break(line, n, 12, 0, 0) == 10, "after the last space that fits (\"the quick \")");
    CHECK(text_break(line, n, 9, 0, 0) == 10, "\"the quick\" is exactly nine columns: break at the space after it");
    CHECK(text_break(line, n, 8, 0, 0) == 4, "\"the quick\" does not fit in eight: after \"the \"");
    CHECK(text_break(line, n, 12, 11, 0) == 12, "a space too early is not used: as much as fits");
    CHECK(text_break("abcdefgh", 8, 3, 0, 0) == 3, "no space: as much as fits");
    CHECK(text_break("時間", 6, 1, 0, 0) == 3, "at least one character even when none fits");
}

static void test_wrap(void)
{
    strbuf out = {0};
    text_wrap(&out, "one two three four", 9, 0, 0);
    CHECK_STR(sb_str(&out), "one two\nthree\nfour\n");
    sb_clear(&out);
    text_wrap(&out, "one two three", 7, 0, 0);
    CHECK_STR(sb_str(&out), "one two\nthree\n");   /* exactly the width fits */
    sb_clear(&out);
    text_wrap(&out, "  lead  and\tgaps   collapse", 80, 0, 0);
    CHECK_STR(sb_str(&out), "  lead and gaps collapse\n");
    sb_clear(&out);
    text_wrap(&out, "alpha beta gamma delta", 12, 4, 0);
    CHECK_STR(sb_str(&out), "alpha beta\n    gamma\n    delta\n");
    sb_clear(&out);
    text_wrap(&out, "a 0.123456789012345 b", 8, 0, 0);
    CHECK_STR(sb_str(&out), "a\n0.123456789012345\nb\n");  /* a number is never split */
    sb_clear(&out);
    text_wrap(&out, "a abcdefghij", 4, 0, TEXT_SPLIT_LONG);
    CHECK_STR(sb_str(&out), "a\nabcd\nefgh\nij\n");
    sb_clear(&out);
    text_wrap(&out, "時間時間時間", 5, 0, TEXT_SPLIT_LONG);
    CHECK_STR(sb_str(&out), "時間\n時間\n時間\n");      /* wide characters are never cut */
    sb_clear(&out);
    text_wrap(&out, "eq.\003" "61 says", 5, 0, 0);
    CHECK_STR(sb_str(&out), "eq. 61\nsays\n");           /* TEXT_NB: never broken, written as a space */
    sb_clear(&out);
    text_wrap(&out, "", 10, 0, 0);
    CHECK_STR(sb_str(&out), "\n");
    sb_clear(&out);
    text_wrap(&out, "名前 is a name", 6, 0, 0);
    CHECK_STR(sb_str(&out), "名前\nis a\nname\n");       /* 名前 is four columns: "名前 is" is seven */
    sb_free(&out);
}

static void test_flow(void)
{
    strbuf out = {0};
    text_flow f;
    text_flow_start(&f, &out, 16, "C = ");
    text_flow_add(&f, "(1/4)");
    text_flow_add(&f, " [0.5");
    text_flow_add(&f, " + 0.25");
    text_flow_add(&f, " + 0.125]");
    text_flow_end(&f);
    CHECK_STR(sb_str(&out), "C = (1/4) [0.5\n    + 0.25\n    + 0.125]\n");
    sb_free(&out);
}

static char *upper(const char *text)
{
    char *c = strdup(text);
    for (char *p = c; *p; p++) {
        *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    }
    return c;
}

static void test_table(void)
{
    strbuf out = {0};
    text_table t;
    text_table_header(&t, NULL, "x", "σ(z)", "name", NULL);
    CHECK(t.ncol == 3 && t.count == 3, "the header gives the columns");
    text_table_put(&t, "1");
    text_table_put(&t, "0.5");
    text_table_put(&t, "時間");
    text_table_put(&t, "10");
    text_table_put(&t, "-0.25");
    text_table_put(&t, "b");
    text_table_render(&t, &out, 2, "rrl");
    CHECK_STR(sb_str(&out), "   x   σ(z)  name\n"
                            "   1    0.5  時間\n"
                            "  10  -0.25  b\n");
    text_table_free(&t);
    CHECK(t.cell == NULL && t.count == 0, "freed and zeroed");
    sb_clear(&out);
    text_table_init(&t, 2, upper);
    text_table_put(&t, "ab");
    text_table_put(&t, "c");
    text_table_put(&t, "d");
    text_table_render(&t, &out, 0, "ll");
    CHECK_STR(sb_str(&out), "AB  C\nD\n");   /* copy applies; an unfinished row ends where it stops */
    text_table_free(&t);
    sb_free(&out);
}

/* `show data` pads every column by display width: a header of wide characters lines up with the
 * numbers under it (it was counted one column a character before the text module). */
static void test_show_data_alignment(void)
{
    char path[] = "/tmp/gradstep-unit-text-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "temporary file");
    if (fd < 0) {
        return;
    }
    const char csv[] = "時間,x2,y\n1,2,1\n3,4,0\n";
    CHECK(write(fd, csv, sizeof csv - 1) == (ssize_t)(sizeof csv - 1), "write");
    close(fd);
    cmd_app app;
    char err[512];
    strbuf out = {0};
    CHECK(cmd_app_init(&app, err, sizeof err) == 0, "init: %s", err);
    char line[128];
    snprintf(line, sizeof line, "load %s", path);
    CHECK(cmd_execute(&app, line, &out, err, sizeof err) == 0, "load: %s", err);
    sb_clear(&out);
    CHECK(cmd_execute(&app, "show data", &out, err, sizeof err) == 0, "show data: %s", err);
    const char *text = sb_str(&out);
    const char *nl1 = strchr(text, '\n');
    const char *nl2 = nl1 ? strchr(nl1 + 1, '\n') : NULL;
    CHECK(nl1 && nl2, "a header and a row");
    if (nl1 && nl2) {
        int head = text_width_n(text, (size_t)(nl1 - text), 0);
        int row = text_width_n(nl1 + 1, (size_t)(nl2 - nl1 - 1), 0);
        CHECK(head == row, "the header is %d columns, the row %d", head, row);
        const char *bar_h = strchr(text, '|'), *bar_r = strchr(nl1 + 1, '|');
        const char *bar_h2 = strchr(bar_h + 1, '|'), *bar_r2 = strchr(bar_r + 1, '|');
        CHECK(text_width_n(text, (size_t)(bar_h2 - text), 0) == text_width_n(nl1 + 1, (size_t)(bar_r2 - nl1 - 1), 0),
              "the bar after the inputs is in the same column");
    }
    sb_free(&out);
    cmd_app_free(&app);
    unlink(path);
}

int main(void)
{
    check_widths("C locale");
    if (setlocale(LC_CTYPE, "C.UTF-8") || setlocale(LC_CTYPE, "en_US.UTF-8")) {
        check_widths("UTF-8 locale");
        setlocale(LC_CTYPE, "C");
    }
    test_decode();
    test_marks();
    test_fit_and_break();
    test_wrap();
    test_flow();
    test_table();
    test_show_data_alignment();
    return harness_finish();
}
