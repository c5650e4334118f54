/* unit_columns.c: tests the loader on files as spreadsheets export them: decimal commas, choosing the target and dropping columns, identifier notes, true/false targets, text columns. */
#include "dataset.h"
#include "harness.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[1024];

/* Parses text with options target and ignore (either may be NULL). Returns 0 or -1 with err. */
static int parse_cols(const char *text, const char *target, const char *ignore, dataset *d, char *err,
                      size_t errlen)
{
    dataset_options o = { 0 };
    char why[256];
    if ((target && dataset_options_add(&o, "target", target, why, sizeof why) != 0) ||
        (ignore && dataset_options_add(&o, "ignore", ignore, why, sizeof why) != 0)) {
        snprintf(err, errlen, "options: %s", why);
        dataset_options_free(&o);
        return -1;
    }
    int rc = dataset_parse_with(text, strlen(text), "f.csv", &o, d, err, errlen);
    dataset_options_free(&o);
    return rc;
}

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* A parse that must fail with exactly want and leave *out as it was. */
static void fails(const char *text, const char *target, const char *ignore, const char *want)
{
    dataset out, before;
    memset(&out, 0xA5, sizeof out);
    before = out;
    char err[512] = "";
    CHECK(parse_cols(text, target, ignore, &out, err, sizeof err) == -1, "should fail: %s", want);
    CHECK_STR(err, want);
    CHECK(memcmp(&out, &before, sizeof out) == 0, "a failed parse changed *out (%s)", want);
}

/* ------------------------------------------------------------ decimal commas */

static void test_decimal_comma(void)
{
    dataset d = { 0 };
    char err[512] = "";
    CHECK(parse_cols("x;y\n0,5;1\n1,25;0\n-3,75;1\n", NULL, NULL, &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.n == 3 && d.k == 1 && d.decimal_comma == 1, "semicolons: n=%zu k=%zu comma=%d", d.n, d.k,
          d.decimal_comma);
    CHECK(d.n == 3 && d.x[0] == 0.5 && d.x[1] == 1.25 && d.x[2] == -3.75, "values 0.5 1.25 -3.75");
    CHECK(d.n == 3 && d.y[0] == 1 && d.y[1] == 0, "targets");
    dataset_free(&d);

    /* Tabs, an exponent, a target with a decimal comma, and no header. */
    CHECK(parse_cols("1,5e-3\t2\t0,25\n7\t-0,125\t1\n", NULL, NULL, &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.n == 2 && d.k == 2 && d.decimal_comma && !d.has_header, "tabs: n=%zu k=%zu", d.n, d.k);
    CHECK(d.n == 2 && same_bits(d.x[0], strtod("1.5e-3", NULL)) && d.x[1] == 2 && d.x[3] == -0.125 &&
              d.y[0] == 0.25,
          "tab values");
    dataset_free(&d);

    /* Numbers without a decimal mark never set the flag. */
    CHECK(parse_cols("x;y\n1;0\n2;1\n", NULL, NULL, &d, err, sizeof err) == 0 && !d.decimal_comma, "integers");
    dataset_free(&d);

    /* A file whose first row has as many commas as semicolons still splits at the semicolons. */
    CHECK(parse_cols("0,5;0,5\n0,25;1\n", NULL, NULL, &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.n == 2 && d.k == 1 && d.x[0] == 0.5 && d.y[0] == 0.5, "0,5;0,5");
    dataset_free(&d);

    /* Each value is exactly the double of the same text with a point (random texts, strtod's bits). */
    uint64_t r = 12345;
    int same = 1;
    for (int t = 0; t < 2000 && same; t++) {
        char pt[64], cm[64], text[160];
        r = r * 6364136223846793005ULL + 1442695040888963407ULL;
        snprintf(pt, sizeof pt, "%s%llu.%llue%d", (r >> 7) & 1 ? "-" : "", (unsigned long long)(r >> 40),
                 (unsigned long long)((r >> 8) % 100000007), (int)((r >> 20) % 61) - 30);
        snprintf(cm, sizeof cm, "%s", pt);
        *strchr(cm, '.') = ',';
        snprintf(text, sizeof text, "x;y\n%s;1\n", cm);
        if (parse_cols(text, NULL, NULL, &d, err, sizeof err) != 0) {
            CHECK(0, "%s: %s", cm, err);
            break;
        }
        same = same_bits(d.x[0], strtod(pt, NULL));
        CHECK(same, "%s reads as %.17g, %s as %.17g", cm, d.x[0], pt, strtod(pt, NULL));
        dataset_free(&d);
    }

    /* Ambiguous or inconsistent marks stay errors that name the place. */
    fails("x,y\n\"0,5\",1\n", NULL, NULL,
          "f.csv:2:1: \"0,5\" is not a number (in a comma-separated file the decimal mark must be a point)");
    fails("x,y\n0,5,1\n", NULL, NULL, "f.csv:2: expected 2 fields, found 3");
    fails("x;y\n0,5;1\n1.5;0\n", NULL, NULL, "f.csv:3:1: \"1.5\" has a decimal point, but line 2 has a decimal comma");
    fails("x;y\n1.5;0\n2;1\n0,5;1\n", NULL, NULL,
          "f.csv:4:1: \"0,5\" has a decimal comma, but line 2 has a decimal point");
    fails("x;y\n1.500,5;1\n", NULL, NULL, "f.csv:2:1: \"1.500,5\" is not a number");
    fails("x1;x2,y\n1;2,0\n", NULL, NULL,
          "f.csv:2:2: \"2,0\" is not a number (the header separates names with commas too, so a comma is no decimal mark)");
}

/* Writing with decimal commas reads back bit for bit. */
static void test_write_decimal_comma(void)
{
    dataset d = { 0 }, back = { 0 };
    char err[512] = "", path[1200];
    CHECK(parse_cols("# thirds\n\"a;b\",c,y\n0.1,-2.5e-300,0\n0.3333333333333333,1e22,1\n12,0.7,0.5\n", NULL, NULL,
                     &d, err, sizeof err) == 0, "%s", err);
    snprintf(path, sizeof path, "%s/comma.csv", tmpdir);
    CHECK(dataset_write_text(&d, path, 1, err, sizeof err) == 0, "%s", err);
    FILE *f = fopen(path, "r");
    char text[1024] = "";
    size_t len = f ? fread(text, 1, sizeof text - 1, f) : 0;
    text[len] = '\0';
    if (f) {
        fclose(f);
    }
    const char *body = strstr(text, "\"a;b\";c;y\n");
    CHECK(body != NULL, "header with semicolons: %s", text);
    CHECK(body && strchr(body, '.') == NULL, "no decimal point in the rows: %s", text);
    CHECK(body && strstr(body, "0,1;-2,5e-300;0\n") != NULL, "first row: %s", text);
    CHECK(dataset_load_file(path, &back, err, sizeof err) == 0, "%s", err);
    CHECK(back.n == d.n && back.k == d.k && back.decimal_comma, "shape and flag");
    for (size_t i = 0; back.n == d.n && back.k == d.k && i < d.n * d.k; i++) {
        CHECK(same_bits(back.x[i], d.x[i]), "x[%zu] %.17g != %.17g", i, back.x[i], d.x[i]);
    }
    for (size_t i = 0; back.n == d.n && i < d.n; i++) {
        CHECK(same_bits(back.y[i], d.y[i]), "y[%zu]", i);
    }
    CHECK_STR(back.input_names[0], "a;b");
    dataset_free(&back);
    dataset_free(&d);
}

/* ------------------------------------------------------------ choosing columns */

static void test_columns(void)
{
    const char *text = "id,hours,age,pass\n7,0.5,20,0\n3,0.25,21,1\n9,1,22,1\n";
    dataset d = { 0 };
    char err[512] = "";

    CHECK(parse_cols(text, "hours", "id", &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.k == 2 && d.n == 3, "k=%zu n=%zu", d.k, d.n);
    if (d.k == 2 && d.n == 3) {
        CHECK_STR(d.input_names[0], "age");
        CHECK_STR(d.input_names[1], "pass");
        CHECK_STR(d.target_name, "hours");
        CHECK(d.x[0] == 20 && d.x[1] == 0 && d.x[4] == 22 && d.x[5] == 1, "inputs age, pass in file order");
        CHECK(d.y[0] == 0.5 && d.y[2] == 1, "target hours");
    }
    CHECK_STR(d.opt_target, "hours");
    CHECK_STR(d.opt_ignore, "id");
    dataset_free(&d);

    /* By number, several ignored, names in any case when unambiguous. */
    CHECK(parse_cols(text, "4", "1,3", &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.k == 1 && d.x[0] == 0.5 && d.x[2] == 1 && d.y[1] == 1, "by number");
    CHECK(d.k == 1 && strcmp(d.input_names[0], "hours") == 0, "the input left is hours");
    dataset_free(&d);
    CHECK(parse_cols(text, "PASS", "ID,Age", &d, err, sizeof err) == 0 && d.k == 1, "any case: %s", err);
    dataset_free(&d);

    /* Several ignore= add up, as `load F ignore=a ignore=b` does. */
    dataset_options o = { 0 };
    CHECK(dataset_options_take(&o, "ignore=id", err, sizeof err) == 0, "%s", err);
    CHECK(dataset_options_take(&o, "ignore=3", err, sizeof err) == 0, "%s", err);
    CHECK(dataset_options_take(&o, "n=5", err, sizeof err) == 1, "not a load option");
    CHECK_STR(o.ignore, "id,3");
    CHECK(dataset_options_take(&o, "target=", err, sizeof err) == -1, "empty target");
    CHECK_STR(err, "target= needs a column: a header name or a number from 1");
    CHECK(dataset_options_take(&o, "target=pass", err, sizeof err) == 0, "%s", err);
    CHECK(dataset_options_take(&o, "target=id", err, sizeof err) == -1, "target twice");
    CHECK_STR(err, "target= is given twice");
    CHECK(dataset_parse_with(text, strlen(text), "f.csv", &o, &d, err, sizeof err) == 0 && d.k == 1, "%s", err);
    dataset_free(&d);
    dataset_options_free(&o);

    /* An ignored column may hold anything, even an empty name, text or empty fields. */
    CHECK(parse_cols(",name,x,y\n0,Ann,1,0\n1,,2,1\n", NULL, "1,name", &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.k == 1 && d.n == 2 && d.x[1] == 2, "ignored junk");
    dataset_free(&d);

    /* Bad columns: one line naming the file and the option. */
    fails(text, "hous", NULL, "f.csv: target=hous: no column \"hous\"; did you mean \"hours\"?");
    fails(text, "weight", NULL, "f.csv: target=weight: no column \"weight\" (columns: id, hours, age, pass)");
    fails(text, NULL, "5", "f.csv: ignore=5: no column 5 (the file has 4 columns)");
    fails(text, "0", NULL, "f.csv: target=0: no column 0 (the file has 4 columns)");
    fails(text, NULL, "pass", "f.csv: ignore=pass: column 4 is the target; choose another with target=");
    fails(text, NULL, "id,,age", "f.csv: ignore=: an empty column name in the list");
    fails(text, NULL, "id,hours,age", "f.csv: no input column: every column but the target is ignored");
    fails("1,2,0\n", "y", NULL, "f.csv: target=y: the file has no header row, so its columns go by number (1 to 3)");
    fails("a,a,y\n1,2,0\n", "a", NULL, "f.csv: target=a: several columns have that name; give its number instead");
    fails("a,A,y\n1,2,0\n", "b", NULL, "f.csv: target=b: no column \"b\" (columns: a, A, y)");
    fails("age,y\n1,0\n", "AGR", NULL, "f.csv: target=AGR: no column \"AGR\" (columns: age, y)");
    fails("weight,y\n1,0\n", "wieght", NULL, "f.csv: target=wieght: no column \"wieght\"; did you mean \"weight\"?");
    fails("a,b,c,d,e,f,g,h,i,j,y\n1,2,3,4,5,6,7,8,9,10,0\n", "zzz", NULL,
          "f.csv: target=zzz: no column \"zzz\" (columns: a, b, c, d, e, f, g, h, \xE2\x80\xA6 (11 columns))");
    fails("x1,,y\n1,2,0\n", NULL, NULL, "f.csv:1:2: empty column name (`ignore=2` drops the column)");
}

/* ------------------------------------------------------------ identifiers */

/* The notes a parse of text gives ("" when none); fails the check when the parse fails. */
static const char *notes_of(const char *text, const char *ignore)
{
    static char buf[1024];
    dataset d = { 0 };
    char err[512] = "";
    buf[0] = '\0';
    if (parse_cols(text, NULL, ignore, &d, err, sizeof err) != 0) {
        CHECK(0, "%s", err);
        return buf;
    }
    snprintf(buf, sizeof buf, "%s", d.notes ? d.notes : "");
    dataset_free(&d);
    return buf;
}

static void test_identifiers(void)
{
    CHECK_STR(notes_of("id,x,y\n1,0.5,0\n2,0.5,1\n", NULL), "column 1 (id) looks like an identifier; `ignore=id` drops it\n");
    CHECK_STR(notes_of("x,StudentID,y\n1,10,0\n2,10,1\n", NULL),
              "column 2 (StudentID) looks like an identifier; `ignore=StudentID` drops it\n");
    CHECK_STR(notes_of("row_id,x,y\n1,0.5,0\n", NULL), "column 1 (row_id) looks like an identifier; `ignore=row_id` drops it\n");
    CHECK_STR(notes_of("valid,humid,y\n1,0.5,0\n", NULL), "");
    CHECK_STR(notes_of("id,x,y\n1,0.5,0\n", "id"), "");
    /* A target named id is the user's choice: no note. */
    CHECK_STR(notes_of("x,id\n1,0\n", NULL), "");

    /* Each row number once: 1..n or 0..n-1 in any order, from 5 rows on. */
    CHECK_STR(notes_of("n,x,y\n3,0,0\n1,0,1\n5,1,0\n2,1,1\n4,0,1\n", NULL),
              "column 1 (n) looks like an identifier (the whole numbers 1 to 5, each once); `ignore=n` drops it\n");
    CHECK_STR(notes_of("0,7,0\n4,7,1\n2,7,0\n1,7,1\n3,7,1\n", NULL),
              "column 1 looks like an identifier (the whole numbers 0 to 4, each once); `ignore=1` drops it\n");
    CHECK_STR(notes_of("n,y\n1,0\n2,1\n3,0\n4,1\n", NULL), "");             /* 4 rows: too few to tell */
    CHECK_STR(notes_of("n,y\n1,0\n2,1\n3,0\n4,1\n4,1\n", NULL), "");        /* a repeat */
    CHECK_STR(notes_of("n,y\n1,0\n2,1\n3,0\n4,1\n6,1\n", NULL), "");        /* a gap */
    CHECK_STR(notes_of("n,y\n1,0\n2,1\n3,0\n4,1\n5.5,1\n", NULL), "");      /* not whole */

    /* No bundled dataset gives a note. */
    const char *names[] = { "and", "or", "nand", "xor", "neuron", "hours", "gauss", "admissions", "rings",
                            "sensors", "cancer" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        dataset d = { 0 };
        char err[512];
        if (dataset_load(names[i], &d, err, sizeof err) == 0) {
            CHECK(d.notes == NULL, "%s has notes: %s", names[i], d.notes);
            CHECK(!d.decimal_comma, "%s: decimal comma", names[i]);
            dataset_free(&d);
        } else {
            CHECK(0, "%s", err);
        }
    }
}

/* ------------------------------------------------------------ targets of words */

static void test_target_words(void)
{
    dataset d = { 0 };
    char err[512] = "";
    CHECK(parse_cols("hours,pass\n0.5,FALSE\n2,TRUE\n1,false\n", NULL, NULL, &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.n == 3 && d.y[0] == 0 && d.y[1] == 1 && d.y[2] == 0, "TRUE/FALSE read as 1/0");
    CHECK_STR(d.notes, "target pass: FALSE = 0, TRUE = 1\n");
    dataset_free(&d);

    CHECK(parse_cols("x;ok\n0,5;yes\n1,5;No\n", NULL, NULL, &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.n == 2 && d.y[0] == 1 && d.y[1] == 0 && d.decimal_comma, "yes/no");
    CHECK_STR(d.notes, "target ok: No = 0, yes = 1\n");
    dataset_free(&d);

    /* Without a header: words in the first row are data, not names. */
    CHECK(parse_cols("1.5,TRUE\n2,TRUE\n", NULL, NULL, &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.n == 2 && !d.has_header && d.y[0] == 1, "headerless TRUE");
    CHECK_STR(d.notes, "target y: false = 0, TRUE = 1\n");
    dataset_free(&d);

    /* A chosen target of words, and a numeric column beside it. */
    CHECK(parse_cols("passed,score\nyes,0.5\nno,0.25\n", "passed", NULL, &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.k == 1 && d.y[0] == 1 && d.y[1] == 0 && d.x[1] == 0.25, "target=passed");
    dataset_free(&d);

    fails("x,y\n1,TRUE\n2,1\n", NULL, NULL, "f.csv:3:2: target 1 is a number, but line 2 has true/false");
    fails("x,y\n1,0\n2,true\n", NULL, NULL, "f.csv:3:2: target \"true\" is a word, but line 2 has a number");
    fails("x,y\n1,yes\n2,false\n", NULL, NULL, "f.csv:3:2: target \"false\" is a word, but line 2 has yes/no");
    /* Other names are class labels: one class is refused; among other names yes is a name too. */
    fails("x,y\n1,cat\n", NULL, NULL,
          "f.csv: the target column \"y\" holds one class only (\"cat\"); a classification needs two or more");
    CHECK(parse_cols("x,y\n1,yes\n1,maybe\n", NULL, NULL, &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.nclasses == 2 && strcmp(d.class_names[0], "maybe") == 0 && d.y[0] == 1 && d.y[1] == 0,
          "yes and maybe are two classes");
    dataset_free(&d);
}

/* ------------------------------------------------------------ text columns */

static void test_text_columns(void)
{
    fails("name,x,y\nAnn,1,0\nBob,2,1\nCy,3,0\n", NULL, NULL,
          "f.csv:2:1: column 1 (name) holds text (\"Ann\", \"Bob\", \"Cy\"); `ignore=name` drops it");
    fails("x,color,y\n1,red,0\n2,blue,1\n3,red,0\n", NULL, NULL,
          "f.csv:2:2: column 2 (color) holds text with 2 different values (\"red\", \"blue\"): one-hot inputs are not supported yet; `ignore=color` drops it");
    fails("x,city,y\n1,a,0\n2,b,1\n3,c,0\n4,d,1\n5,a,0\n", NULL, NULL,
          "f.csv:2:2: column 2 (city) holds text with 4 different values (\"a\", \"b\", \"c\", \u2026): one-hot inputs are not supported yet; `ignore=city` drops it");
    fails("\"my name\",x,y\nAnn,1,0\nBob,2,1\n", NULL, NULL,
          "f.csv:2:1: column 1 (my name) holds text (\"Ann\", \"Bob\"); `ignore=1` drops it");
    /* Mostly numbers: the text is a mistyped number, reported where it is. */
    fails("x,y\n1,0\n2,1\nabc,0\n", NULL, NULL, "f.csv:4:1: \"abc\" is not a number");
    /* Text met before another problem is reported first. */
    fails("name,x,y\nAnn,1,0\nBob,nan,1\n", NULL, NULL,
          "f.csv:2:1: column 1 (name) holds text (\"Ann\", \"Bob\"); `ignore=name` drops it");

    dataset d = { 0 };
    char err[512] = "";
    CHECK(parse_cols("name,x,y\nAnn,1,0\nBob,2,1\n", NULL, "name", &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.k == 1 && d.x[1] == 2, "ignore=name loads");
    dataset_free(&d);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/gradstep-unit-columns.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_decimal_comma();
    test_write_decimal_comma();
    test_columns();
    test_identifiers();
    test_target_words();
    test_text_columns();
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) {
        fprintf(stderr, "could not remove %s\n", tmpdir);
    }
    return harness_finish();
}
