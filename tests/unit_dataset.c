/* unit_dataset.c: tests the dataset loader (every accepted variant, every rejection and its exact message), bundled datasets and exact writing. */
#include "dataset.h"
#include "gen.h"
#include "config.h"  /* GRADSTEP_DATADIR, the installed data directory */
#include "harness.h"

#include <errno.h>
#include <float.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static char top[1024];   /* the source tree's top directory */
static char tmpdir[1024]; /* a scratch directory of this run */

/* Parses a string (its strlen) as `where`; returns 0 or -1 and fills err. */
static int parse(const char *text, const char *where, dataset *d, char *err, size_t errlen)
{
    return dataset_parse(text, strlen(text), where, d, err, errlen);
}

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fwrite(data, 1, len, f);
    fclose(f);
}

/* ------------------------------------------------------------ accepted variants */

/* Checks a 2-row, 2-input dataset holding 1 2 0 / 3.5 -4 1. */
static void check_small(const char *label, const char *text, int header)
{
    dataset d = {0};
    char err[512] = "";
    int rc = parse(text, "v.csv", &d, err, sizeof err);
    CHECK(rc == 0, "%s: %s", label, err);
    if (rc != 0) {
        return;
    }
    CHECK(d.n == 2 && d.k == 2, "%s: n=%zu k=%zu", label, d.n, d.k);
    if (d.n == 2 && d.k == 2) {
        CHECK(d.x[0] == 1 && d.x[1] == 2 && d.x[2] == 3.5 && d.x[3] == -4, "%s: x = %g %g %g %g",
              label, d.x[0], d.x[1], d.x[2], d.x[3]);
        CHECK(d.y[0] == 0 && d.y[1] == 1, "%s: y = %g %g", label, d.y[0], d.y[1]);
    }
    CHECK(d.has_header == header, "%s: has_header=%d", label, d.has_header);
    if (!header) {
        CHECK_STR(d.input_names[0], "x1");
        CHECK_STR(d.input_names[1], "x2");
        CHECK_STR(d.target_name, "y");
    }
    CHECK_STR(d.name, "v.csv");
    CHECK_STR(d.source, "v.csv");
    dataset_free(&d);
}

static void test_variants(void)
{
    check_small("comma", "1,2,0\n3.5,-4,1\n", 0);
    check_small("comma, no final newline", "1,2,0\n3.5,-4,1", 0);
    check_small("comma with spaces", " 1 , 2 ,0\n3.5,  -4 , 1  \n", 0);
    check_small("semicolon", "1;2;0\n3.5;-4;1\n", 0);
    check_small("tab", "1\t2\t0\n3.5\t-4\t1\n", 0);
    check_small("tab with spaces around", "1 \t 2\t0\n3.5\t-4 \t 1\n", 0);
    check_small("spaces", "1 2 0\n3.5 -4 1\n", 0);
    check_small("repeated spaces and tabs", "   1    2 \t 0   \n\t3.5  -4     1\n", 0);
    check_small("CRLF", "a,b,y\r\n1,2,0\r\n3.5,-4,1\r\n", 1);
    check_small("CR alone (old Mac line ends)", "a,b,y\r1,2,0\r3.5,-4,1\r", 1);
    check_small("BOM", "\xEF\xBB\xBF" "1,2,0\n3.5,-4,1\n", 0);
    check_small("BOM, header, CRLF", "\xEF\xBB\xBF" "a;b;y\r\n1;2;0\r\n3.5;-4;1", 1);
    check_small("blank lines", "\n\n1,2,0\n   \n\t\n3.5,-4,1\n\n", 0);
    check_small("comments", "# one\n#two\n1,2,0\n  # indented\n3.5,-4,1\n# last\n", 0);
    check_small("trailing delimiter", "1,2,0,\n3.5,-4,1,\n", 0);
    check_small("trailing delimiter, tab", "a\tb\ty\t\n1\t2\t0\t\n3.5\t-4\t1\t\n", 1);
    check_small("quoted header", "\"a\",\"b\",\"y\"\n1,2,0\n3.5,-4,1\n", 1);
    check_small("quoted numbers", "a,b,y\n\"1\",\"2\",\"0\"\n3.5,-4,\"1\"\n", 1);
    check_small("quoted first row is a header", "\"1\",\"2\",\"3\"\n1,2,0\n3.5,-4,1\n", 1);
    check_small("signs and forms", "+1,2.,0.\n3.50e0,-4E+0,1e-0\n", 0);

    dataset d = {0};
    char err[512] = "";

    /* A header: names, target name; spaces inside names with comma, tab and quoted spaces. */
    CHECK(parse("# Exams\nhours studied,passed exam\n0.5,0\n5.5,1\n", "h.csv", &d, err, sizeof err) == 0,
          "%s", err);
    CHECK_STR(d.input_names[0], "hours studied");
    CHECK_STR(d.target_name, "passed exam");
    CHECK_STR(d.description, "Exams");
    CHECK(d.n == 2 && d.k == 1 && d.x[1] == 5.5 && d.y[1] == 1, "n=%zu", d.n);
    dataset_free(&d);

    CHECK(parse("exam score\tgpa\tadmitted\n50\t3.5\t1\n", "t.tsv", &d, err, sizeof err) == 0, "%s", err);
    CHECK_STR(d.input_names[0], "exam score");
    CHECK_STR(d.input_names[1], "gpa");
    CHECK_STR(d.target_name, "admitted");
    dataset_free(&d);

    CHECK(parse("\"exam score\" gpa \"a \"\"b\"\"\"\n50 3.5 1\n", "s.txt", &d, err, sizeof err) == 0,
          "%s", err);
    CHECK_STR(d.input_names[0], "exam score");
    CHECK_STR(d.input_names[1], "gpa");
    CHECK_STR(d.target_name, "a \"b\"");
    CHECK(d.k == 2 && d.x[0] == 50 && d.x[1] == 3.5 && d.y[0] == 1, "k=%zu", d.k);
    dataset_free(&d);

    /* "1.5 2" with spaces: two fields, not a header. */
    CHECK(parse("1.5 2\n", "sp.txt", &d, err, sizeof err) == -1, "2 is no label");
    CHECK_STR(err, "sp.txt:1:2: label 2 is outside [0,1]");
    CHECK(parse("1.5 0.25\n", "sp.txt", &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.y[0] == 0.25 && d.has_header == 0, "soft target %g", d.y[0]);
    dataset_free(&d);

    /* "a;b;c" is a semicolon header with three names. */
    CHECK(parse("a;b;c\n1;2;1\n", "semi.csv", &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.k == 2, "k=%zu", d.k);
    CHECK_STR(d.input_names[0], "a");
    CHECK_STR(d.input_names[1], "b");
    CHECK_STR(d.target_name, "c");
    dataset_free(&d);

    /* The description is the first comment line wherever it is, without "#" and blanks. */
    CHECK(parse("1,0\n#   Late comment  \n# second\n2,1\n", "c.csv", &d, err, sizeof err) == 0, "%s", err);
    CHECK_STR(d.description, "Late comment");
    dataset_free(&d);
    CHECK(parse("1,0\n", "c.csv", &d, err, sizeof err) == 0, "%s", err);
    CHECK_STR(d.description, "");
    dataset_free(&d);

    /* The file name part of `where` is the name; the whole of it is the source. */
    CHECK(parse("1,0\n", "some/dir/blobs.csv", &d, err, sizeof err) == 0, "%s", err);
    CHECK_STR(d.name, "blobs.csv");
    CHECK_STR(d.source, "some/dir/blobs.csv");
    dataset_free(&d);

    /* Lines of many columns, one very long line. */
    size_t cols = 5000;
    char *wide = malloc(cols * 12 + 16);
    size_t o = 0;
    for (size_t j = 0; j < cols; j++) {
        o += (size_t)sprintf(wide + o, "%zu.25,", j);
    }
    o += (size_t)sprintf(wide + o, "1\n");
    CHECK(dataset_parse(wide, o, "wide.csv", &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.k == cols && d.n == 1, "k=%zu", d.k);
    CHECK(d.k == cols && d.x[4999] == 4999.25 && d.y[0] == 1, "last x %g", d.k == cols ? d.x[4999] : 0);
    CHECK_STR(d.k == cols ? d.input_names[4999] : "", "x5000");
    dataset_free(&d);
    free(wide);
}

/* Values must be the correctly rounded doubles of their decimal text, exactly as strtod gives. */
static void test_numbers(void)
{
    struct {
        const char *text;
        double want;
    } cases[] = {
        {"0.1", 0.1},
        {"-0.5", -0.5},
        {".5", 0.5},
        {"5.", 5.0},
        {"+7", 7.0},
        {"1e-3", 1e-3},
        {"1E+2", 100.0},
        {"0.30000000000000004", 0.30000000000000004},
        {"123456789012345678901234567890", 123456789012345678901234567890.0},
        {"9007199254740993", 9007199254740992.0}, /* 2^53 + 1 rounds to even */
        {"1.7976931348623157e308", DBL_MAX},
        {"4.9406564584124654e-324", 4.9406564584124654e-324},
        {"1e-400", 0.0}, /* underflow reads as zero: finite */
        {"0.000000000000000000000000000001", 1e-30},
        {"2.2250738585072014e-308", DBL_MIN},
        {"1e22", 1e22},
        {"1e23", 1e23},
        {"3.14159265358979323846264338327950288", 3.14159265358979323846},
    };
    char text[128], err[512];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dataset d = {0};
        snprintf(text, sizeof text, "%s,1\n", cases[i].text);
        int rc = parse(text, "n.csv", &d, err, sizeof err);
        CHECK(rc == 0, "%s: %s", cases[i].text, err);
        if (rc == 0) {
            CHECK(same_bits(d.x[0], cases[i].want), "%s: got %.17g want %.17g", cases[i].text, d.x[0],
                  cases[i].want);
        }
        dataset_free(&d);
    }
    dataset d = {0};
    CHECK(parse("-0,0\n", "z.csv", &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.x[0] == 0 && signbit(d.x[0]), "-0 keeps its sign");
    CHECK(d.y[0] == 0, "y");
    dataset_free(&d);

    /* Many random decimal strings against strtod, the reference, bit for bit. */
    uint64_t s = 12345;
    size_t count = 20000, len = 0, mism = 0;
    char *big = malloc(count * 48);
    char(*strs)[40] = malloc(count * sizeof *strs);
    for (size_t i = 0; i < count; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        unsigned digits = 1 + (unsigned)((s >> 33) % 20);
        int point = (int)((s >> 20) % (digits + 1));
        int ex = (int)((s >> 40) % 61) - 30;
        char *w = strs[i];
        if ((s >> 60) & 1) {
            *w++ = '-';
        }
        uint64_t t = s ^ (s >> 17);
        for (unsigned j = 0; j < digits; j++) {
            if ((int)j == point && j > 0) {
                *w++ = '.';
            }
            t = t * 6364136223846793005ULL + 1;
            *w++ = (char)('0' + (t >> 59) % 10);
        }
        if ((s >> 8) & 1) {
            w += sprintf(w, "e%d", ex);
        }
        *w = '\0';
        len += (size_t)sprintf(big + len, "%s,0\n", strs[i]);
    }
    int rc = dataset_parse(big, len, "r.csv", &d, err, sizeof err);
    CHECK(rc == 0, "%s", err);
    if (rc == 0) {
        CHECK(d.n == count, "n=%zu", d.n);
        for (size_t i = 0; i < count && i < d.n; i++) {
            if (!same_bits(d.x[i], strtod(strs[i], NULL))) {
                if (mism++ < 5) {
                    fprintf(stderr, "mismatch: %s read as %.17g\n", strs[i], d.x[i]);
                }
            }
        }
        CHECK(mism == 0, "%zu of %zu random numbers differ from strtod", mism, count);
    }
    dataset_free(&d);
    free(big);
    free(strs);
}

/* ------------------------------------------------------------ rejections */

/* The dataset that failed loads must leave alone. */
static dataset keep;

static void expect_fail_text(const char *text, size_t len, const char *where, const char *want)
{
    dataset out = keep; /* a struct already holding a dataset */
    char err[512] = "";
    int rc = dataset_parse(text, len, where, &out, err, sizeof err);
    CHECK(rc == -1, "%s should fail", want);
    CHECK_STR(err, want);
    CHECK(memcmp(&out, &keep, sizeof out) == 0, "a failed parse changed *out (%s)", want);
}

static void expect_fail_str(const char *text, const char *where, const char *want)
{
    expect_fail_text(text, strlen(text), where, want);
}

static void expect_fail_file(const char *file, const char *want_suffix)
{
    char path[2048], want[4096];
    snprintf(path, sizeof path, "%s/tests/bad/%s", top, file);
    snprintf(want, sizeof want, "%s%s", path, want_suffix);
    dataset out = keep;
    char err[512] = "";
    int rc = dataset_load_file(path, &out, err, sizeof err);
    CHECK(rc == -1, "%s should fail", file);
    CHECK_STR(err, want);
    CHECK(memcmp(&out, &keep, sizeof out) == 0, "a failed load changed *out (%s)", file);
    /* dataset_load takes the same path the same way. */
    out = keep;
    rc = dataset_load(path, &out, err, sizeof err);
    CHECK(rc == -1, "%s should fail", file);
    CHECK_STR(err, want);
    CHECK(memcmp(&out, &keep, sizeof out) == 0, "a failed load changed *out (%s)", file);
}

static void test_rejections(void)
{
    char err[512];
    CHECK(dataset_load("or", &keep, err, sizeof err) == 0, "%s", err);

    struct {
        const char *file, *msg;
    } bad[] = {
        {"not_a_number.csv", ":3:2: \"abc\" is not a number"},
        {"ragged_short_2.csv", ":4: expected 3 fields, found 2"},
        {"ragged_long_crlf.csv", ":3: expected 3 fields, found 4"},
        {"nan.csv", ":3:2: \"nan\" is not a finite number"},
        {"inf.csv", ":2:1: \"-inf\" is not a finite number"},
        {"overflow.csv", ":2:2: \"1e400\" is too large (the largest number is about 1.8e308)"},
        {"hex.csv", ":2:1: \"0x1p3\" is not plain decimal notation (write numbers like 8, -0.5 or 1.5e-3)"},
        {"label_high.csv", ":2:3: label 2 is outside [0,1]"},
        {"label_negative.csv", ":3:2: label -0.5 is outside [0,1]"},
        {"empty.csv", ": empty file"},
        {"blank_only.csv", ": empty file"},
        {"comments_only_2.csv", ": no data rows (only comments)"},
        {"header_only_2.csv", ": no data rows (only a header)"},
        {"one_column.csv", ": no input column: every row has only the label"},
        {"binary_2.bin", ": looks like a binary file (NUL byte at line 3)"},
        {"empty_field_2.csv", ":2:2: empty field"},
        {"empty_name.csv", ":1:2: empty column name (`ignore=2` drops the column)"},
        {"open_quote_2.csv", ":1:1: a quote is opened and never closed"},
        {"after_quote.csv", ":1:2: text after a closing quote (a field is either all quoted or not)"},
        {"decimal_comma.csv", ":2:1: \"1,5\" is not a number (in a comma-separated file the decimal mark must be a point)"},
        {"long_field.csv", ":2:2: column 2 (x2) holds text (\"this-field-is-far-too-long-to-quote-whol\xE2\x80\xA6\"); `ignore=x2` drops it"},
        {"control_char_2.csv", ":2:2: column 2 (x2) holds text (\"a\\x01b\"); `ignore=x2` drops it"},
        {"second_header_2.csv", ":3:1: \"x1\" is not a number"},
        {"utf16_2.csv", ": is UTF-16 text; save it as UTF-8 or plain ASCII"},
        {"bad_utf8.csv", ":3:2: \"\\xFF\" is not a number"},
        {"bom_label.csv", ":3:3: label 1.5 is outside [0,1]"},
        {"half_exponent_2.csv", ":2:2: \"1e\" is not a number"},
        {"two_points_2.csv", ":2:2: \"1.2.3\" is not a number"},
        {"trailing_two.csv", ":3:3: empty field"},
        {"junk_after_number_2.csv", ":4:3: \"1e-400x\" is not a number"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        expect_fail_file(bad[i].file, bad[i].msg);
    }

    /* Built in the test: the spec's examples, tabs and quotes in messages, UTF-8 kept whole. */
    expect_fail_str("a,b,c\n1,2,0\n1,2,0\n1,2,0\n1,2,0\n1,2,0\n1,2,abc\n", "blobs.csv",
                     "blobs.csv:7:3: \"abc\" is not a number");
    expect_fail_str("x,y,z\n1,2,0\n1,2,0\n1,2,0\n1,2,0\n1,2,0\n1,2,1\n1,2,0\n1,2\n", "x.csv",
                     "x.csv:9: expected 3 fields, found 2");
    expect_fail_str("a,b,c\n1,2,2\n", "x.csv", "x.csv:2:3: label 2 is outside [0,1]");
    expect_fail_str("a b y\n1 \"q\"\"q\" 0\n1 2 0\n1 3 0\n", "q.txt", "q.txt:2:2: \"q\\\"q\" is not a number");
    expect_fail_str("a,b,y\n1,σ\tx,0\n1,2,0\n", "s.csv", "s.csv:2:2: \"σ\\tx\" is not a number");
    expect_fail_str("a,b,y\n1,infinity,0\n", "s.csv", "s.csv:2:2: \"infinity\" is not a finite number");
    expect_fail_str("a,b,y\n1,2,nan\n", "s.csv", "s.csv:2:3: \"nan\" is not a finite number");
    expect_fail_str("1,2,1\n1,2,1.0000001\n", "s.csv", "s.csv:2:3: label 1.0000001 is outside [0,1]");
    expect_fail_text("1,0\n\0", 5, "nul.csv", "nul.csv: looks like a binary file (NUL byte at line 2)");
    expect_fail_text("", 0, "e.csv", "e.csv: empty file");
    expect_fail_str("\xEF\xBB\xBF", "e.csv", "e.csv: empty file");

    /* The survivor still holds its values. */
    CHECK(keep.n == 4 && keep.k == 2 && keep.y[0] == 0 && keep.y[1] == 1 && keep.y[3] == 1, "or survived");

    /* File-level failures. */
    char path[2048], want[4096];
    snprintf(path, sizeof path, "%s/nothing-here.csv", tmpdir);
    snprintf(want, sizeof want, "%s: no such file", path);
    dataset out = keep;
    CHECK(dataset_load_file(path, &out, err, sizeof err) == -1, "missing file");
    CHECK_STR(err, want);
    CHECK(dataset_load(path, &out, err, sizeof err) == -1, "missing path");
    CHECK_STR(err, want);
    CHECK(memcmp(&out, &keep, sizeof out) == 0, "missing file changed *out");

    snprintf(want, sizeof want, "%s: is a directory, not a file", tmpdir);
    CHECK(dataset_load(tmpdir, &out, err, sizeof err) == -1, "directory");
    CHECK_STR(err, want);
    CHECK(memcmp(&out, &keep, sizeof out) == 0, "directory changed *out");

    CHECK(dataset_load("no-such-dataset", &out, err, sizeof err) == -1, "unknown name");
    CHECK_STR(err, "no-such-dataset: no such file or bundled dataset (try \"datasets\")");
    CHECK(memcmp(&out, &keep, sizeof out) == 0, "unknown name changed *out");

    snprintf(path, sizeof path, "%s/locked.csv", tmpdir);
    write_file(path, "1,0\n", 4);
    chmod(path, 0);
    if (geteuid() != 0) {
        snprintf(want, sizeof want, "%s: cannot read it: permission denied", path);
        CHECK(dataset_load_file(path, &out, err, sizeof err) == -1, "unreadable");
        CHECK_STR(err, want);
    } else {
        /* root reads anything: check a FIFO, which is not a regular file, instead. */
        snprintf(path, sizeof path, "%s/fifo.csv", tmpdir);
        CHECK(mkfifo(path, 0600) == 0, "mkfifo: %s", strerror(errno));
        snprintf(want, sizeof want, "%s: not a regular file", path);
        CHECK(dataset_load_file(path, &out, err, sizeof err) == -1, "fifo");
        CHECK_STR(err, want);
    }
    CHECK(memcmp(&out, &keep, sizeof out) == 0, "unreadable changed *out");
    dataset_free(&keep);
}

/* ------------------------------------------------------------ bundled datasets */

static void load_ok(const char *name, size_t n, size_t k, dataset *d)
{
    char err[512] = "";
    int rc = dataset_load(name, d, err, sizeof err);
    CHECK(rc == 0, "%s: %s", name, err);
    if (rc == 0) {
        CHECK(d->n == n && d->k == k, "%s: n=%zu k=%zu, want %zu %zu", name, d->n, d->k, n, k);
        CHECK_STR(d->name, name);
        CHECK(d->has_header == 1, "%s has a header", name);
        CHECK(d->description[0] != '\0', "%s has a description", name);
    }
}

static double sigmoid(double z)
{
    return 1.0 / (1.0 + exp(-z));
}

static int listed_count;
static char listed[32][32];
static size_t listed_n[32], listed_k[32];

static void on_list(const char *name, size_t n, size_t k, const char *desc, void *ctx)
{
    (void)desc;
    (*(int *)ctx)++;
    if (listed_count < 32) {
        snprintf(listed[listed_count], sizeof listed[0], "%s", name);
        listed_n[listed_count] = n;
        listed_k[listed_count] = k;
        listed_count++;
    }
}

static void test_bundled(void)
{
    char err[512], dir[2048];
    snprintf(dir, sizeof dir, "%s/datasets", top);
    setenv("GRADSTEP_DATADIR", dir, 1);
    CHECK_STR(dataset_dir(), dir);

    struct {
        const char *name;
        size_t n, k;
    } sets[] = {
        {"admissions", 100, 2}, {"and", 4, 2},    {"cancer", 569, 30}, {"digits", 1797, 64}, {"gauss", 200, 2},
        {"hours", 20, 1},       {"iris", 150, 4}, {"nand", 4, 2},
        {"neuron", 1, 1},       {"or", 4, 2},     {"rings", 200, 2}, {"sensors", 300, 8}, {"wine", 178, 13},
        {"xor", 4, 2},
    };
    size_t nsets = sizeof sets / sizeof sets[0];
    for (size_t i = 0; i < nsets; i++) {
        dataset d = {0};
        load_ok(sets[i].name, sets[i].n, sets[i].k, &d);
        /* Every bundled file is small: the teaching sets under 40 KB, the real-world ones under 400 KB. */
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s.csv", dir, sets[i].name);
        long cap = sets[i].k > 8 ? 400 * 1024 : 40 * 1024;
        CHECK(stat(path, &st) == 0 && st.st_size < cap, "%s is under %ld KB", path, cap / 1024);
        CHECK_STR(d.source ? d.source : "", path);
        dataset_free(&d);
    }

    /* The truth tables. */
    const double gates[4][4] = {{0, 0, 0, 1}, {0, 1, 1, 1}, {1, 1, 1, 0}, {0, 1, 1, 0}};
    const char *gate_names[4] = {"and", "or", "nand", "xor"};
    for (int g = 0; g < 4; g++) {
        dataset d = {0};
        load_ok(gate_names[g], 4, 2, &d);
        for (int r = 0; r < 4 && d.n == 4; r++) {
            CHECK(d.x[2 * r] == (r >> 1) && d.x[2 * r + 1] == (r & 1), "%s row %d inputs", gate_names[g], r);
            CHECK(d.y[r] == gates[g][r], "%s row %d: y=%g", gate_names[g], r, d.y[r]);
        }
        dataset_free(&d);
    }

    /* The default is the same with or without the data directory. */
    dataset a = {0}, b = {0};
    CHECK(dataset_load_default(&a, err, sizeof err) == 0, "%s", err);
    CHECK_STR(a.name, "and");
    CHECK_STR(a.source, "builtin:and");
    CHECK_STR(dataset_default_name(), "and");
    load_ok("and", 4, 2, &b);
    CHECK(a.n == 4 && b.n == 4 && memcmp(a.x, b.x, 8 * sizeof(double)) == 0 &&
              memcmp(a.y, b.y, 4 * sizeof(double)) == 0,
          "builtin and file agree");
    CHECK_STR(a.description, b.description);
    dataset_free(&a);
    dataset_free(&b);

    /* neuron: x = 1, y = 0. */
    load_ok("neuron", 1, 1, &a);
    CHECK(a.n == 1 && a.x[0] == 1 && a.y[0] == 0, "neuron row");
    dataset_free(&a);

    /* hours: the published fit (b = -4.0777, w = 1.5046) is where the cross-entropy gradient
     * vanishes, to the four decimals published. */
    load_ok("hours", 20, 1, &a);
    CHECK_STR(a.input_names[0], "hours");
    CHECK_STR(a.target_name, "pass");
    double gw = 0, gb = 0, passes = 0;
    for (size_t i = 0; i < a.n; i++) {
        double e = sigmoid(1.5046 * a.x[i] - 4.0777) - a.y[i];
        gw += a.x[i] * e / (double)a.n;
        gb += e / (double)a.n;
        passes += a.y[i];
    }
    CHECK(fabs(gw) < 1e-4 && fabs(gb) < 1e-4, "gradient at the published fit: %g %g", gw, gb);
    CHECK(passes == 10, "10 of 20 passed, got %g", passes);
    CHECK(a.x[0] == 0.5 && a.x[19] == 5.5 && a.x[6] == 1.75 && a.y[6] == 1, "hours rows");
    dataset_free(&a);

    /* gauss is exactly `gen gauss n=200 noise=0.1 seed=7`. */
    load_ok("gauss", 200, 2, &a);
    CHECK(gen_make("gauss", 200, 0.1, 7, &b, err, sizeof err) == 0, "%s", err);
    int same = a.n == b.n;
    for (size_t i = 0; same && i < 2 * a.n; i++) {
        same = a.x[i] == b.x[i];
    }
    for (size_t i = 0; same && i < a.n; i++) {
        same = a.y[i] == b.y[i];
    }
    CHECK(same, "datasets/gauss.csv equals gen gauss n=200 noise=0.1 seed=7");
    dataset_free(&a);
    dataset_free(&b);

    /* sensors: named inputs on varied scales. */
    load_ok("sensors", 300, 8, &a);
    CHECK_STR(a.input_names[0], "temp");
    CHECK_STR(a.input_names[4], "rpm");
    CHECK_STR(a.target_name, "failed");
    double lo = 1e9, hi = -1e9;
    for (size_t i = 0; i < a.n; i++) {
        double v = a.x[i * a.k + 4];
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
    }
    CHECK(lo >= 800 && hi <= 3000 && hi - lo > 1500, "rpm range %g..%g", lo, hi);
    dataset_free(&a);

    /* admissions: exam and GPA on very different scales. */
    load_ok("admissions", 100, 2, &a);
    int in_range = 1;
    for (size_t i = 0; i < a.n; i++) {
        in_range &= a.x[2 * i] >= 0 && a.x[2 * i] <= 100 && a.x[2 * i + 1] >= 0 && a.x[2 * i + 1] <= 4;
    }
    CHECK(in_range, "exam in 0..100, gpa in 0..4");
    dataset_free(&a);

    /* A name with .csv finds the bundled file too. */
    CHECK(dataset_load("or.csv", &a, err, sizeof err) == 0, "%s", err);
    CHECK(a.n == 4 && a.k == 2, "or.csv n=%zu", a.n);
    CHECK_STR(a.name, "or");
    dataset_free(&a);

    /* The listing: every bundled dataset, sorted, with n and k. */
    int count = 0;
    listed_count = 0;
    int rc = dataset_list(on_list, &count, err, sizeof err);
    CHECK(rc == (int)nsets && count == (int)nsets, "listed %d (%d), want %zu", rc, count, nsets);
    for (size_t i = 0; i < nsets && i < (size_t)listed_count; i++) {
        CHECK_STR(listed[i], sets[i].name);
        CHECK(listed_n[i] == sets[i].n && listed_k[i] == sets[i].k, "%s listed n,k", sets[i].name);
    }

    /* A directory with a broken file: it is skipped; without "and" the builtin is listed. */
    char sub[2048], p[4096];
    snprintf(sub, sizeof sub, "%s/ds", tmpdir);
    mkdir(sub, 0755);
    snprintf(p, sizeof p, "%s/zz.csv", sub);
    write_file(p, "# zed\n1,2,0\n", 12);
    snprintf(p, sizeof p, "%s/broken.csv", sub);
    write_file(p, "x,y\n1,0\n1,abc\n", 14);
    snprintf(p, sizeof p, "%s/notes.txt", sub);
    write_file(p, "1,0\n", 4);
    setenv("GRADSTEP_DATADIR", sub, 1);
    count = 0;
    listed_count = 0;
    rc = dataset_list(on_list, &count, err, sizeof err);
    CHECK(rc == 2 && listed_count == 2, "listed %d", rc);
    if (listed_count == 2) {
        CHECK_STR(listed[0], "and");
        CHECK_STR(listed[1], "zz");
        CHECK(listed_n[1] == 1 && listed_k[1] == 2, "zz n,k");
    }
    /* Without the file, "and" still loads: from inside the binary. */
    CHECK(dataset_load("and", &a, err, sizeof err) == 0, "%s", err);
    CHECK_STR(a.source, "builtin:and");
    dataset_free(&a);
    CHECK(dataset_load("zz", &a, err, sizeof err) == 0, "%s", err);
    CHECK_STR(a.name, "zz");
    CHECK_STR(a.description, "zed");
    dataset_free(&a);
    CHECK(dataset_load("broken", &a, err, sizeof err) == -1, "broken bundled file");
    snprintf(p, sizeof p, "%s/broken.csv:3:2: \"abc\" is not a number", sub);
    CHECK_STR(err, p);

    /* An existing path comes before a bundled name; a missing dir still lists the default. */
    char cwd[4096];
    CHECK(getcwd(cwd, sizeof cwd) != NULL, "getcwd");
    CHECK(chdir(tmpdir) == 0, "chdir");
    write_file("or", "5,6,1\n", 6);
    CHECK(dataset_load("or", &a, err, sizeof err) == 0, "%s", err);
    CHECK(a.n == 1 && a.x[0] == 5 && a.x[1] == 6, "the file named or, not the bundled or");
    CHECK_STR(a.source, "or");
    dataset_free(&a);
    unsetenv("GRADSTEP_DATADIR");
    CHECK_STR(dataset_dir(), GRADSTEP_DATADIR "/datasets");
    mkdir("datasets", 0755);
    CHECK_STR(dataset_dir(), "datasets");
    setenv("GRADSTEP_DATADIR", "/nonexistent/gradstep/datasets", 1);
    count = 0;
    listed_count = 0;
    rc = dataset_list(on_list, &count, err, sizeof err);
    CHECK(rc == 1 && listed_count == 1 && strcmp(listed[0], "and") == 0, "only the builtin: %d", rc);
    CHECK(chdir(cwd) == 0, "chdir back");
    setenv("GRADSTEP_DATADIR", dir, 1);
}

/* ------------------------------------------------------------ copy, memory, writing */

static void test_copy_and_memory(void)
{
    char err[512];
    dataset a = {0}, c = {0};
    CHECK(dataset_load("sensors", &a, err, sizeof err) == 0, "%s", err);
    CHECK(dataset_copy(&c, &a) == 0, "copy");
    CHECK(c.n == a.n && c.k == a.k && c.x != a.x && memcmp(c.x, a.x, a.n * a.k * sizeof(double)) == 0,
          "copied x");
    CHECK(c.y != a.y && memcmp(c.y, a.y, a.n * sizeof(double)) == 0, "copied y");
    CHECK(c.input_names[3] != a.input_names[3], "names are copied, not shared");
    CHECK_STR(c.input_names[3], "humidity");
    CHECK_STR(c.description, a.description);
    c.x[0] = -1;
    CHECK(a.x[0] != -1, "the copy is deep");
    dataset_free(&c);
    CHECK(c.x == NULL && c.n == 0 && c.input_names == NULL, "freed and zeroed");
    dataset_free(&c); /* safe twice */
    dataset_free(&a);

    /* A file of 30000 rows: right counts, and no spare room kept beyond what the rows need. */
    size_t rows = 30000;
    char *text = malloc(rows * 32 + 64);
    size_t len = (size_t)sprintf(text, "# big\na,b,c,y\n");
    for (size_t i = 0; i < rows; i++) {
        len += (size_t)sprintf(text + len, "%zu,%zu.5,-%zu,%d\n", i, i % 97, i % 13, (int)(i & 1));
    }
    CHECK(dataset_parse(text, len, "big.csv", &a, err, sizeof err) == 0, "%s", err);
    CHECK(a.n == rows && a.k == 3, "n=%zu", a.n);
    CHECK(a.x[3 * 29999] == 29999 && a.x[3 * 29999 + 1] == 29999 % 97 + 0.5 && a.x[3 * 29999 + 2] == -(29999 % 13) &&
              a.y[29999] == 1,
          "last row");
#ifdef __GLIBC__
    size_t used = malloc_usable_size(a.x) + malloc_usable_size(a.y);
    CHECK((double)used <= 1.2 * (double)(rows * 4 * sizeof(double)), "values take %zu bytes for %zu", used,
          rows * 4 * sizeof(double));
#endif
    dataset_free(&a);
    free(text);
}

static void test_write(void)
{
    char err[512], path[4096];
    double xs[] = {0.1, 1.0 / 3.0, -0.0, 5e-324, DBL_MAX, -2.5e-300, 123456789.123, 1e22, -7, 0.30000000000000004};
    double ys[] = {0, 1, 0.25, 1.0 / 3.0, 1};
    char *names[] = {"plain", "with,comma", "say \"hi\"", "2", "#tag"};
    dataset d = {0};
    d.n = 5;
    d.k = 2;
    d.x = xs;
    d.y = ys;
    d.target_name = "3e5";
    d.description = "Awkward values, written and read back";
    d.source = "test";
    char *nm2[2] = {names[1], names[2]};
    d.input_names = nm2;
    snprintf(path, sizeof path, "%s/written.csv", tmpdir);
    CHECK(dataset_write_csv(&d, path, err, sizeof err) == 0, "%s", err);
    dataset r = {0};
    CHECK(dataset_load_file(path, &r, err, sizeof err) == 0, "%s", err);
    CHECK(r.n == 5 && r.k == 2, "n=%zu k=%zu", r.n, r.k);
    if (r.n == 5 && r.k == 2) {
        CHECK(memcmp(r.x, xs, sizeof xs) == 0, "x read back bit for bit");
        CHECK(memcmp(r.y, ys, sizeof ys) == 0, "y read back bit for bit");
        CHECK_STR(r.input_names[0], "with,comma");
        CHECK_STR(r.input_names[1], "say \"hi\"");
        CHECK_STR(r.target_name, "3e5");
        CHECK_STR(r.description, "Awkward values, written and read back");
        CHECK(r.has_header == 1, "header");
    }
    dataset_free(&r);

    /* Numeric-looking and '#' names survive too. */
    char *nm3[2] = {names[3], names[4]};
    d.input_names = nm3;
    d.description = "";
    CHECK(dataset_write_csv(&d, path, err, sizeof err) == 0, "%s", err);
    CHECK(dataset_load_file(path, &r, err, sizeof err) == 0, "%s", err);
    CHECK(r.k == 2 && r.n == 5, "k=%zu", r.k);
    if (r.k == 2) {
        CHECK_STR(r.input_names[0], "2");
        CHECK_STR(r.input_names[1], "#tag");
    }
    CHECK_STR(r.description, "");
    dataset_free(&r);

    /* Every generated kind round-trips. */
    for (int i = 0; gen_kinds[i]; i++) {
        dataset g = {0};
        CHECK(gen_make(gen_kinds[i], 300, 0.2, 99, &g, err, sizeof err) == 0, "%s", err);
        CHECK(dataset_write_csv(&g, path, err, sizeof err) == 0, "%s", err);
        CHECK(dataset_load_file(path, &r, err, sizeof err) == 0, "%s", err);
        CHECK(r.n == g.n && r.k == g.k && memcmp(r.x, g.x, g.n * g.k * sizeof(double)) == 0 &&
                  memcmp(r.y, g.y, g.n * sizeof(double)) == 0,
              "%s round-trips", gen_kinds[i]);
        CHECK_STR(r.description, g.description);
        dataset_free(&r);
        dataset_free(&g);
    }

    /* A write that cannot happen says where and leaves nothing behind. */
    snprintf(path, sizeof path, "%s/no/such/dir/out.csv", tmpdir);
    d.input_names = nm2;
    CHECK(dataset_write_csv(&d, path, err, sizeof err) == -1, "write into a missing directory");
    CHECK(strncmp(err, path, strlen(path)) == 0 && strstr(err, "cannot write") != NULL, "message: %s", err);

    /* An existing file is replaced whole. */
    snprintf(path, sizeof path, "%s/replace.csv", tmpdir);
    write_file(path, "old,old,old\n", 12);
    CHECK(dataset_write_csv(&d, path, err, sizeof err) == 0, "%s", err);
    CHECK(dataset_load_file(path, &r, err, sizeof err) == 0 && r.n == 5, "%s", err);
    dataset_free(&r);
}

/* What a progress function heard, and when it asks to stop. */
typedef struct {
    int calls;
    long last_done, total;
    int monotonic;
    int stop_at;  /* the call (1-based) that returns nonzero; 0: never */
} progress_log;

static int log_progress(void *ctx, long done, long total)
{
    progress_log *pl = ctx;
    pl->calls++;
    if (done < pl->last_done || (pl->total && total != pl->total)) {
        pl->monotonic = 0;
    }
    pl->last_done = done;
    pl->total = total;
    return pl->stop_at && pl->calls >= pl->stop_at;
}

/* A load reports its progress about every megabyte and once at the end; a stop abandons it. */
static void test_progress(void)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/progress.csv", tmpdir);
    /* 100,000 rows of 36 bytes: 3.6 MB, with a UTF-8 byte-order mark first. */
    size_t rows = 100000, len = 3 + 2 + rows * 36;
    char *text = malloc(len + 1), *q = text;
    memcpy(q, "\xEF\xBB\xBF", 3);
    q += 3;
    memcpy(q, "\n\n", 2);
    q += 2;
    for (size_t i = 0; i < rows; i++) {
        q += sprintf(q, "%015zu,0.500000000000000,%d\n", i, (int)(i % 2));
    }
    CHECK((size_t)(q - text) == len, "fixture size %zu", (size_t)(q - text));
    write_file(path, text, len);
    free(text);

    progress_log pl = { 0, 0, 0, 1, 0 };
    dataset d;
    char err[512];
    CHECK(dataset_load_with_progress(path, NULL, &d, log_progress, &pl, err, sizeof err) == 0, "%s", err);
    CHECK(d.n == rows && d.k == 2 && d.x[2 * 12345] == 12345.0 && d.y[7] == 1.0, "the rows load: n=%zu", d.n);
    /* Bytes counted after the byte-order mark: one call per full megabyte, then done == total. */
    long parsed = (long)(len - 3);
    CHECK(pl.calls == (int)(parsed / (1 << 20)) + 1, "%d progress calls for %ld bytes", pl.calls, parsed);
    CHECK(pl.monotonic && pl.last_done == parsed && pl.total == parsed,
          "progress rises to the whole size: last %ld of %ld", pl.last_done, pl.total);
    dataset_free(&d);

    /* A stop at the second call: the load fails with a message naming the file, out untouched. */
    progress_log stop = { 0, 0, 0, 1, 2 };
    dataset before;
    memset(&d, 0x5A, sizeof d);
    memcpy(&before, &d, sizeof d);
    CHECK(dataset_load_with_progress(path, NULL, &d, log_progress, &stop, err, sizeof err) == -1, "stopped load fails");
    char want[1300];
    snprintf(want, sizeof want, "%s: loading stopped", path);
    CHECK(strcmp(err, want) == 0, "stop message: %s", err);
    CHECK(stop.calls == 2 && memcmp(&d, &before, sizeof d) == 0, "stopped at call 2 (%d), dataset untouched", stop.calls);

    /* A stop at the very end (Ctrl-C as the last row is read) still abandons the load. */
    progress_log last = { 0, 0, 0, 1, pl.calls };
    CHECK(dataset_load_with_progress(path, NULL, &d, log_progress, &last, err, sizeof err) == -1 &&
          memcmp(&d, &before, sizeof d) == 0, "a stop at the final call abandons the load");
}

int main(void)
{
    const char *dd = getenv("GRADSTEP_DATADIR");
    struct stat st;
    if (stat("tests/bad", &st) == 0 && getcwd(top, sizeof top)) {
        /* run from the top of the source tree */
    } else if (dd && strlen(dd) < sizeof top - 4) {
        snprintf(top, sizeof top, "%s/..", dd);
    } else {
        fprintf(stderr, "run from the source tree or set GRADSTEP_DATADIR\n");
        return 1;
    }
    snprintf(tmpdir, sizeof tmpdir, "%s/gradstep-unit-dataset.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }

    test_variants();
    test_numbers();
    test_rejections();
    test_bundled();
    test_copy_and_memory();
    test_write();
    test_progress();

    char cmd[2048];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) {
        fprintf(stderr, "could not remove %s\n", tmpdir);
    }
    return harness_finish();
}
