/* unit_shape.c: tests the "# shape: ROWSxCOLS" comment that declares a dataset's inputs to be an image, row by row. */
#include "dataset.h"
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Parses a string (its strlen) as "s.csv"; returns 0 or -1 and fills err. */
static int parse(const char *text, dataset *d, char *err, size_t errlen)
{
    return dataset_parse(text, strlen(text), "s.csv", d, err, errlen);
}

/* A 2x3 image of 6 inputs per row: the shape, the description beside it, and no shape without the comment. */
static void test_declared(void)
{
    dataset d = {0};
    char err[256] = "";
    const char *text = "# Two tiny images\n# shape: 2x3\na,b,c,d,e,f,y\n0,1,2,3,4,5,0\n5,4,3,2,1,0,1\n";
    CHECK(parse(text, &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.shape_rows == 2 && d.shape_cols == 3, "shape %zux%zu, want 2x3", d.shape_rows, d.shape_cols);
    CHECK_STR(d.description, "Two tiny images");
    CHECK(d.n == 2 && d.k == 6, "n = %zu, k = %zu", d.n, d.k);
    dataset_free(&d);

    /* Blanks around the parts are allowed; a shape line first is not the description. */
    CHECK(parse("#   shape:  1 x 2 \n# The description\n1,2,0\n", &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.shape_rows == 1 && d.shape_cols == 2, "shape %zux%zu, want 1x2", d.shape_rows, d.shape_cols);
    CHECK_STR(d.description, "The description");
    dataset_free(&d);

    CHECK(parse("# no shape here\n1,2,0\n", &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.shape_rows == 0 && d.shape_cols == 0, "no shape: %zux%zu", d.shape_rows, d.shape_cols);
    dataset_free(&d);
}

/* Comments that only look like a shape stay comments; a shape that disagrees with k is refused at its line. */
static void test_not_a_shape(void)
{
    const char *plain[] = {
        "# shape: round\n1,2,0\n", "# shape: 0x2\n1,2,0\n", "# shape: 2x\n1,2,0\n",
        "# shape: 1x2 pixels\n1,2,0\n", "# Shape: 1x2\n1,2,0\n", "# shape: 99999x1\n1,2,0\n",
    };
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
        dataset d = {0};
        char err[256] = "";
        CHECK(parse(plain[i], &d, err, sizeof err) == 0, "case %zu: %s", i, err);
        CHECK(d.shape_rows == 0 && d.shape_cols == 0, "case %zu: shape %zux%zu", i, d.shape_rows, d.shape_cols);
        dataset_free(&d);
    }
    dataset d = {0}, before;
    memset(&before, 0, sizeof before);
    char err[256] = "";
    CHECK(parse("# Images\n\n# shape: 8x8\n1,2,0\n", &d, err, sizeof err) == -1, "8x8 with 2 inputs accepted");
    CHECK_STR(err, "s.csv:3: shape 8x8 has 64 pixels, but the rows have 2 inputs");
    CHECK(memcmp(&d, &before, sizeof d) == 0, "a refused shape leaves the output untouched");
}

/* Copying keeps the shape, and a written file reads back with it. */
static void test_copy_and_write(void)
{
    dataset d = {0}, c = {0}, back = {0};
    char err[256] = "";
    CHECK(parse("# Images\n# shape: 2x2\n0,1,1,0,1\n1,0,0,1,0\n", &d, err, sizeof err) == 0, "%s", err);
    CHECK(dataset_copy(&c, &d) == 0, "copy");
    CHECK(c.shape_rows == 2 && c.shape_cols == 2, "copied shape %zux%zu", c.shape_rows, c.shape_cols);
    char path[] = "/tmp/gradstep-unit-shape.XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "mkstemp");
    if (fd >= 0) {
        close(fd);
        CHECK(dataset_write_csv(&d, path, err, sizeof err) == 0, "%s", err);
        CHECK(dataset_load_file(path, &back, err, sizeof err) == 0, "%s", err);
        CHECK(back.shape_rows == 2 && back.shape_cols == 2, "read back %zux%zu", back.shape_rows, back.shape_cols);
        CHECK_STR(back.description, "Images");
        unlink(path);
    }
    dataset_free(&d);
    dataset_free(&c);
    dataset_free(&back);
}

/* The bundled digits declare their 8x8 shape (found through GRADSTEP_DATADIR, which the test run sets). */
static void test_bundled_digits(void)
{
    dataset d = {0};
    char err[512] = "";
    if (!getenv("GRADSTEP_DATADIR")) {
        return;
    }
    CHECK(dataset_load("digits", &d, err, sizeof err) == 0, "%s", err);
    CHECK(d.shape_rows == 8 && d.shape_cols == 8 && d.k == 64, "digits: shape %zux%zu, k = %zu", d.shape_rows,
          d.shape_cols, d.k);
    CHECK_STR(d.input_names ? d.input_names[7] : NULL, "p07");
    dataset_free(&d);
}

int main(void)
{
    test_declared();
    test_not_a_shape();
    test_copy_and_write();
    test_bundled_digits();
    return harness_finish();
}
