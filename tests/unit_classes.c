/* unit_classes.c: target columns of class labels: ordering, the load message, refusals, save and reload. */
#include "harness.h"

#include <stdlib.h>
#include <unistd.h>

#include "dataset.h"

static int parse(const char *text, const char *where, dataset *d, char *err, size_t errlen)
{
    return dataset_parse(text, strlen(text), where, d, err, errlen);
}

/* The classes of d as "name name ..." and its targets as "0 2 1 ...", for comparing with what a
 * person reads off the file. */
static void describe(const dataset *d, char *names, size_t nlen, char *ys, size_t ylen)
{
    size_t o = 0;
    names[0] = ys[0] = '\0';
    for (size_t q = 0; q < d->nclasses; q++) {
        o += (size_t)snprintf(names + o, nlen - o, "%s%s", q ? " " : "", d->class_names[q]);
    }
    o = 0;
    for (size_t i = 0; i < d->n; i++) {
        o += (size_t)snprintf(ys + o, ylen - o, "%s%g", i ? " " : "", d->y[i]);
    }
}

static void test_text_labels(void)
{
    dataset d;
    char err[256], names[256], ys[256], msg[256];
    const char *iris = "a,b,species\n1,2,virginica\n2,3,setosa\n3,1,versicolor\n1,1,setosa\n";
    CHECK(parse(iris, "iris.csv", &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.nclasses == 3, "classes %zu", d.nclasses);
    describe(&d, names, sizeof names, ys, sizeof ys);
    CHECK_STR(names, "setosa versicolor virginica");   /* byte order */
    CHECK_STR(ys, "2 0 1 0");
    dataset_class_message(&d, msg, sizeof msg);
    CHECK_STR(msg, "classes: setosa=1 versicolor=2 virginica=3");
    CHECK(d.x[2] == 2 && d.x[3] == 3, "inputs kept");
    /* save data writes the labels as they were and reads back the same classes */
    char path[] = "/tmp/gradstep-classes-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "mkstemp");
    close(fd);
    CHECK(dataset_write_csv(&d, path, err, sizeof err) == 0, "%s", err);
    dataset back;
    CHECK(dataset_load_file(path, &back, err, sizeof err) == 0, "%s", err);
    char names2[256], ys2[256];
    describe(&back, names2, sizeof names2, ys2, sizeof ys2);
    CHECK_STR(names2, names);
    CHECK_STR(ys2, ys);
    FILE *f = fopen(path, "r");
    char line[128] = "", last[128] = "";
    while (f && fgets(line, sizeof line, f)) {
        memcpy(last, line, sizeof line);
    }
    if (f) {
        fclose(f);
    }
    CHECK_STR(last, "1,1,setosa\n");
    unlink(path);
    dataset copy;
    CHECK(dataset_copy(&copy, &d) == 0 && copy.nclasses == 3 && strcmp(copy.class_names[2], "virginica") == 0,
          "copy keeps the classes");
    dataset_free(&copy);
    dataset_free(&back);
    dataset_free(&d);
}

static void test_number_labels(void)
{
    dataset d;
    char err[256], names[256], ys[256], msg[256];
    /* integers other than 0/1: ordered by value, not by text ("10" after "9") */
    CHECK(parse("x,y\n1,10\n2,9\n3,10\n4,-2\n", "n.csv", &d, err, sizeof err) == 0, "%s", err);
    describe(&d, names, sizeof names, ys, sizeof ys);
    CHECK_STR(names, "-2 9 10");
    CHECK_STR(ys, "2 1 2 0");
    dataset_free(&d);
    /* -1/1: two classes, one sigmoid output, the first class is 0 */
    CHECK(parse("x,y\n1,1\n2,-1\n3,1.0\n", "pm.csv", &d, err, sizeof err) == 0, "%s", err);
    describe(&d, names, sizeof names, ys, sizeof ys);
    CHECK_STR(names, "-1 1");        /* the first way 1 was written */
    CHECK_STR(ys, "1 0 1");
    dataset_class_message(&d, msg, sizeof msg);
    CHECK_STR(msg, "classes: -1=0 1=1");
    dataset_free(&d);
    /* numbers in [0,1] stay targets, exactly as read */
    CHECK(parse("x,y\n1,0.25\n2,1\n3,0\n", "p.csv", &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.nclasses == 0 && d.class_names == NULL && d.y[0] == 0.25 && d.y[1] == 1.0, "plain targets");
    dataset_class_message(&d, msg, sizeof msg);
    CHECK_STR(msg, "");
    dataset_free(&d);
}

static void test_refusals(void)
{
    dataset d;
    memset(&d, 0, sizeof d);
    char err[256];
    CHECK(parse("a,kind\n1,cat\n2,cat\n", "one.csv", &d, err, sizeof err) == -1, "one class accepted");
    CHECK_STR(err, "one.csv: the target column \"kind\" holds one class only (\"cat\"); a classification needs two or more");
    CHECK(parse("a,y\n1,2\n2,2\n", "two.csv", &d, err, sizeof err) == -1, "one numeric class accepted");
    CHECK_STR(err, "two.csv:2:2: label 2 is outside [0,1]");
    CHECK(parse("a,y\n1,0.5\n2,3\n", "frac.csv", &d, err, sizeof err) == -1, "0.5 and 3 accepted");
    CHECK_STR(err, "frac.csv:3:2: label 3 is outside [0,1]");
    CHECK(parse("a,y\n1,2.5\n", "half.csv", &d, err, sizeof err) == -1, "2.5 accepted");
    CHECK_STR(err, "half.csv:2:2: label 2.5 is outside [0,1]");
    CHECK(parse("a,y\n1,1\n2,abc\n", "mix.csv", &d, err, sizeof err) == -1, "numbers then text accepted");
    CHECK_STR(err, "mix.csv:3:2: \"abc\" is not a number");
    CHECK(parse("a,y\n1,dog\n2,3\n", "mix2.csv", &d, err, sizeof err) == -1, "text then numbers accepted");
    CHECK_STR(err, "mix2.csv:3:2: \"3\" is a number among class names (a target column holds numbers or names, not both)");
    CHECK(d.n == 0 && d.x == NULL, "a refused load writes nothing");
}

int main(void)
{
    test_text_labels();
    test_number_labels();
    test_refusals();
    return harness_finish();
}
