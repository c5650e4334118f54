/* unit_plot.c: tests of the canvas (mapping, braille dots, downsampling) and the plot views and SVG. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "dataset.h"
#include "gen.h"
#include "harness.h"
#include "plot.h"
#include "session.h"
#include "strbuf.h"

/* The braille dot mask of a glyph, decoded from its UTF-8 bytes; -1 when it is not braille. */
static int braille_bits(const char *g)
{
    const unsigned char *u = (const unsigned char *)g;
    if (u[0] != 0xE2 || (u[1] & 0xFC) != 0xA0 || !u[2] || u[3]) {
        return -1;
    }
    unsigned cp = ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
    return (int)(cp - 0x2800u);
}

/* Dot rows (0 top .. 3 bottom) of a braille mask, written out by hand from the Unicode chart:
 * dots 1,2,3,7 in the left column and 4,5,6,8 in the right, bits 0..7 for dots 1..8. */
static int topmost_dot(int bits)
{
    static const int row_of_bit[8] = {0, 1, 2, 0, 1, 2, 3, 3};
    int top = 9;
    for (int b = 0; b < 8; b++) {
        if ((bits >> b) & 1) {
            top = row_of_bit[b] < top ? row_of_bit[b] : top;
        }
    }
    return top;
}

static int bottommost_dot(int bits)
{
    static const int row_of_bit[8] = {0, 1, 2, 0, 1, 2, 3, 3};
    int bot = -1;
    for (int b = 0; b < 8; b++) {
        if ((bits >> b) & 1) {
            bot = row_of_bit[b] > bot ? row_of_bit[b] : bot;
        }
    }
    return bot;
}

/* The column of the y axis: the first cell of row 0 that is an axis glyph. */
static int axis_col(const plot_grid *g)
{
    for (int c = 0; c < g->width; c++) {
        const char *s = plot_grid_cell(g, 0, c)->glyph;
        if (strcmp(s, "┤") == 0 || strcmp(s, "│") == 0 || strcmp(s, "|") == 0 || strcmp(s, "+") == 0) {
            return c;
        }
    }
    return -1;
}

static int count_substr(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) {
        n++;
    }
    return n;
}

static void test_map(void)
{
    /* ends map to the first and last position */
    CHECK(canvas_map(0.0, 0.0, 1.0, 10) == 0, "lo");
    CHECK(canvas_map(1.0, 0.0, 1.0, 10) == 9, "hi");
    /* the middle of 11 positions is 5; of 10 positions, 4.5 rounds up to 5 */
    CHECK(canvas_map(0.5, 0.0, 1.0, 11) == 5, "middle of 11");
    CHECK(canvas_map(0.5, 0.0, 1.0, 10) == 5, "half rounds up");
    /* 0.49 * 9 = 4.41 -> 4; 0.5 / 9 of the way is below half a step -> 0 */
    CHECK(canvas_map(0.49, 0.0, 1.0, 10) == 4, "below half");
    CHECK(canvas_map(0.5 / 9 - 1e-9, 0.0, 1.0, 10) == 0, "just under half a step");
    CHECK(canvas_map(0.5 / 9 + 1e-9, 0.0, 1.0, 10) == 1, "just over half a step");
    /* outside the range: clamped; NaN: -1; infinities: the ends */
    CHECK(canvas_map(-3.0, 0.0, 1.0, 10) == 0, "below");
    CHECK(canvas_map(7.0, 0.0, 1.0, 10) == 9, "above");
    CHECK(canvas_map(NAN, 0.0, 1.0, 10) == -1, "nan");
    CHECK(canvas_map(-INFINITY, 0.0, 1.0, 10) == 0, "-inf");
    CHECK(canvas_map(INFINITY, 0.0, 1.0, 10) == 9, "+inf");
    /* an empty range puts everything in the middle, a single position at 0 */
    CHECK(canvas_map(2.0, 2.0, 2.0, 9) == 4, "empty range");
    CHECK(canvas_map(0.3, 0.0, 1.0, 1) == 0, "one position");
    CHECK(canvas_map(0.3, 0.0, 1.0, 0) == -1, "no positions");
    /* negative ranges */
    CHECK(canvas_map(-1.0, -3.0, 1.0, 5) == 2, "-1 in [-3,1] over 5 is position 2");
    /* unmap is the inverse at every position */
    int ok = 1;
    for (int i = 0; i < 37; i++) {
        ok &= canvas_map(canvas_unmap(i, -2.5, 7.25, 37), -2.5, 7.25, 37) == i;
    }
    CHECK(ok, "map(unmap(i)) == i");
    CHECK_NEAR(canvas_unmap(0, -2.5, 7.25, 37), -2.5, 0);
    CHECK_NEAR(canvas_unmap(36, -2.5, 7.25, 37), 7.25, 1e-15);
}

static void test_braille(void)
{
    char buf[8];
    /* U+2801 is dot 1 (top left): E2 A0 81 */
    CHECK(canvas_braille_bit(0, 0) == 0x01, "dot 1");
    canvas_braille_utf8(canvas_braille_bit(0, 0), buf);
    CHECK_STR(buf, "\xE2\xA0\x81");
    /* bottom right is dot 8 = bit 0x80: U+2880 */
    CHECK(canvas_braille_bit(1, 3) == 0x80, "dot 8");
    canvas_braille_utf8(0x80, buf);
    CHECK_STR(buf, "⢀");
    /* bottom left is dot 7 = 0x40, middle right dots 5 and 6 = 0x10 and 0x20 */
    CHECK(canvas_braille_bit(0, 3) == 0x40, "dot 7");
    CHECK(canvas_braille_bit(1, 1) == 0x10, "dot 5");
    CHECK(canvas_braille_bit(1, 2) == 0x20, "dot 6");
    canvas_braille_utf8(0xFF, buf);
    CHECK_STR(buf, "⣿");

    canvas c;
    CHECK(canvas_init(&c, 2, 1, 0) == 0, "init");
    CHECK(canvas_dot_cols(&c) == 4 && canvas_dot_rows(&c) == 4, "2x1 cells hold 4x4 dots");
    canvas_dot(&c, 3, 0, CANVAS_ROLE_NORMAL);  /* cell 1, right column, top: dot 4 = 0x08 */
    canvas_dot(&c, 9, 9, CANVAS_ROLE_NORMAL);  /* outside: ignored */
    canvas_cell cell;
    canvas_cell_at(&c, 1, 0, &cell);
    CHECK_STR(cell.glyph, "⠈");
    canvas_cell_at(&c, 0, 0, &cell);
    CHECK_STR(cell.glyph, " ");
    /* a horizontal line over the top dots of both cells: dots 1 and 4 in each = U+2809 */
    canvas_line(&c, 0, 0, 3, 0, CANVAS_ROLE_DIM, 0);
    canvas_cell_at(&c, 0, 0, &cell);
    CHECK_STR(cell.glyph, "⠉");
    CHECK(cell.role == CANVAS_ROLE_DIM, "dim dots");
    canvas_cell_at(&c, 1, 0, &cell);
    CHECK(cell.role == CANVAS_ROLE_NORMAL, "dim dots give way to normal ones: %d", cell.role);
    /* a diagonal from the top left to the bottom right of cell 0: dots 1 and 8 plus two between */
    canvas_free(&c);
    CHECK(canvas_init(&c, 1, 1, 0) == 0, "init");
    canvas_line(&c, 0, 0, 1, 3, CANVAS_ROLE_NORMAL, 0);
    canvas_cell_at(&c, 0, 0, &cell);
    int bits = braille_bits(cell.glyph);
    CHECK(bits >= 0 && (bits & 0x01) && (bits & 0x80), "ends of the diagonal set: %s", cell.glyph);
    /* text wins over dots; a background shows only in an empty cell */
    canvas_background(&c, 0, 0, "·", CANVAS_ROLE_SHADE);
    canvas_cell_at(&c, 0, 0, &cell);
    CHECK(braille_bits(cell.glyph) == bits, "dots hide the background");
    canvas_text(&c, 0, 0, "●", CANVAS_ROLE_POSITIVE);
    canvas_cell_at(&c, 0, 0, &cell);
    CHECK_STR(cell.glyph, "●");
    CHECK(cell.role == CANVAS_ROLE_POSITIVE, "text role");
    canvas_free(&c);
    CHECK(canvas_init(&c, 2, 1, 0) == 0, "init");
    canvas_background(&c, 1, 0, "·", CANVAS_ROLE_SHADE);
    canvas_cell_at(&c, 1, 0, &cell);
    CHECK_STR(cell.glyph, "·");
    CHECK(cell.role == CANVAS_ROLE_SHADE, "shade role");
    canvas_free(&c);

    /* ASCII: one dot across, two down: ' top, . bottom, : both */
    CHECK(canvas_init(&c, 3, 1, 1) == 0, "init ascii");
    CHECK(canvas_dot_cols(&c) == 3 && canvas_dot_rows(&c) == 2, "ascii dots");
    canvas_dot(&c, 0, 0, CANVAS_ROLE_NORMAL);
    canvas_dot(&c, 1, 1, CANVAS_ROLE_NORMAL);
    canvas_dot(&c, 2, 0, CANVAS_ROLE_NORMAL);
    canvas_dot(&c, 2, 1, CANVAS_ROLE_NORMAL);
    const char *want[3] = {"'", ".", ":"};
    for (int i = 0; i < 3; i++) {
        canvas_cell_at(&c, i, 0, &cell);
        CHECK_STR(cell.glyph, want[i]);
    }
    canvas_free(&c);
}

static void test_downsample(void)
{
    /* 10 values into 3 buckets: [0,3) [3,6) [6,10) */
    double v[10] = {5, 1, 3, 2, 9, 2, 7, 0, 8, 4};
    canvas_bucket b[3];
    CHECK(canvas_downsample(v, 10, 3, b) == 0, "downsample");
    CHECK(b[0].first == 0 && b[0].last == 2 && b[0].min == 1 && b[0].max == 0, "bucket 0");
    CHECK(b[1].first == 3 && b[1].last == 5 && b[1].min == 3 && b[1].max == 4, "bucket 1 (first min wins)");
    CHECK(b[2].first == 6 && b[2].last == 9 && b[2].min == 7 && b[2].max == 8, "bucket 2");
    /* the overall first, last, min and max survive */
    CHECK(b[0].first == 0 && b[2].last == 9, "ends kept");
    /* as many buckets as values: each its own */
    canvas_bucket one[10];
    CHECK(canvas_downsample(v, 10, 10, one) == 0, "m = n");
    int ok = 1;
    for (size_t i = 0; i < 10; i++) {
        ok &= one[i].first == i && one[i].last == i && one[i].min == i && one[i].max == i;
    }
    CHECK(ok, "m = n: singletons");
    CHECK(canvas_downsample(v, 10, 11, one) == -1, "more buckets than values");
    CHECK(canvas_downsample(v, 10, 0, one) == -1, "no buckets");
    /* NaN is never the min or max when a number is there */
    double w[4] = {NAN, 2, NAN, 1};
    canvas_bucket c1;
    canvas_downsample(w, 4, 1, &c1);
    CHECK(c1.min == 3 && c1.max == 1, "NaN skipped: min %zu max %zu", c1.min, c1.max);
    /* a long series: every index in exactly one bucket, buckets in order */
    enum { N = 100003, M = 97 };
    double *big = malloc(N * sizeof *big);
    canvas_bucket *bb = malloc(M * sizeof *bb);
    for (size_t i = 0; i < N; i++) {
        big[i] = sin((double)i * 0.001) + (i == 77777 ? 10 : 0) - (i == 12345 ? 10 : 0);
    }
    canvas_downsample(big, N, M, bb);
    ok = bb[0].first == 0 && bb[M - 1].last == N - 1;
    for (size_t k = 1; k < M; k++) {
        ok &= bb[k].first == bb[k - 1].last + 1;
    }
    CHECK(ok, "buckets tile 0..n-1");
    int seen_max = 0, seen_min = 0;
    for (size_t k = 0; k < M; k++) {
        seen_max |= bb[k].max == 77777;
        seen_min |= bb[k].min == 12345;
    }
    CHECK(seen_max && seen_min, "the spike and the dip are kept");
    free(big);
    free(bb);
}

static void test_views_parse(void)
{
    CHECK(plot_view_parse("cost") == PLOT_COST, "cost");
    CHECK(plot_view_parse("c") == PLOT_COST, "prefix c");
    CHECK(plot_view_parse("b") == PLOT_BOUNDARY, "prefix b");
    CHECK(plot_view_parse("sigmoid") == PLOT_SIGMOID, "sigmoid");
    CHECK(plot_view_parse("sigma'") == PLOT_SIGMA_PRIME, "sigma'");
    CHECK(plot_view_parse("sigmaprime") == PLOT_SIGMA_PRIME, "sigmaprime");
    CHECK(plot_view_parse("s") == -1, "s is ambiguous");
    CHECK(plot_view_parse("x") == -1, "unknown");
    CHECK(plot_view_parse("") == -1, "empty");
    CHECK_STR(plot_view_name(PLOT_BOUNDARY), "boundary");
}

/* The cost curve of AND from zeros falls from ln 2: check the picture is a falling line from the
 * top-left dot, with the bottom dot row reached, and no "nan" anywhere. */
static void check_falling(const plot_grid *g, const char *what)
{
    int ax = axis_col(g);
    CHECK(ax > 0, "%s: axis found", what);
    int rows = g->height - 2;
    int prev_top = -1, monotone = 1, bottom_reached = 0, cols = 0;
    for (int c = ax + 1; c < g->width; c++) {
        int top = -1;
        for (int r = 0; r < rows && top < 0; r++) {
            int bits = braille_bits(plot_grid_cell(g, r, c)->glyph);
            if (bits > 0) {
                top = r * 4 + topmost_dot(bits);
            }
        }
        for (int r = 0; r < rows; r++) {
            int bits = braille_bits(plot_grid_cell(g, r, c)->glyph);
            if (bits > 0 && r * 4 + bottommost_dot(bits) == rows * 4 - 1) {
                bottom_reached = 1;
            }
            /* the present step's marker covers the dots of its cell */
            if (r == rows - 1 && strcmp(plot_grid_cell(g, r, c)->glyph, "▪") == 0) {
                bottom_reached = 1;
            }
        }
        if (top < 0) {
            continue;
        }
        cols++;
        if (prev_top >= 0 && top < prev_top) {
            monotone = 0;
        }
        prev_top = top;
    }
    CHECK(monotone, "%s: the curve never rises", what);
    CHECK(cols > 5, "%s: drawn over %d columns", what, cols);
    int b0 = braille_bits(plot_grid_cell(g, 0, ax + 1)->glyph);
    CHECK(b0 > 0 && (b0 & 0x01), "%s: C(0), the maximum, is the top-left dot", what);
    CHECK(bottom_reached, "%s: the minimum reaches the bottom dot row", what);
}

static void test_cost_view(void)
{
    session s;
    char err[256];
    CHECK(session_init(&s, err, sizeof err) == 0, "session: %s", err);
    plot_grid g;
    strbuf sb = {0};

    /* too small: a one-line reason */
    CHECK(plot_render(&s, PLOT_COST, 29, 8, 0, &g, err, sizeof err) == -1, "29 wide refused");
    CHECK(strstr(err, "30x8") != NULL, "message names the minimum: %s", err);
    CHECK(plot_render(&s, PLOT_COST, 30, 7, 0, &g, err, sizeof err) == -1, "7 high refused");

    /* one point (step 0, a constant series): no NaN, the marker once, ln 2 labelled */
    CHECK(plot_render(&s, PLOT_COST, 30, 8, 0, &g, err, sizeof err) == 0, "render: %s", err);
    plot_text(&g, &sb);
    CHECK(strstr(sb_str(&sb), "nan") == NULL && strstr(sb_str(&sb), "inf") == NULL, "no nan: %s", sb_str(&sb));
    CHECK(count_substr(sb_str(&sb), "▪") == 2, "marker in the plot and the legend: %s", sb_str(&sb));
    CHECK(strstr(sb_str(&sb), "0.69 ┤") != NULL, "ln 2 = 0.6931 labelled: %s", sb_str(&sb));
    CHECK(g.width == 30 && g.height == 8, "size kept");
    plot_grid_free(&g);

    /* 40 steps in a wide plot: one point per step */
    CHECK(session_step(&s, 40, NULL, NULL, err, sizeof err) == 40, "step");
    CHECK(plot_render(&s, PLOT_COST, 60, 16, 0, &g, err, sizeof err) == 0, "render: %s", err);
    check_falling(&g, "40 steps");
    plot_grid_free(&g);

    /* 600 steps in 30 columns: downsampled, both ends and the minimum still drawn */
    CHECK(session_step(&s, 560, NULL, NULL, err, sizeof err) == 560, "step");
    CHECK(plot_render(&s, PLOT_COST, 30, 8, 0, &g, err, sizeof err) == 0, "render: %s", err);
    check_falling(&g, "600 steps");
    sb_clear(&sb);
    plot_text(&g, &sb);
    CHECK(strstr(sb_str(&sb), "600") != NULL, "last step labelled: %s", sb_str(&sb));
    plot_grid_free(&g);
    CHECK(plot_render(&s, PLOT_COST, 30, 8, PLOT_LOG, &g, err, sizeof err) == 0, "log: %s", err);
    check_falling(&g, "600 steps, log");
    plot_grid_free(&g);

    /* after back the undone steps stay, dimmed, and the marker moves to the present */
    session_back(&s, 300);
    CHECK(plot_render(&s, PLOT_COST, 60, 16, 0, &g, err, sizeof err) == 0, "render: %s", err);
    int dim = 0, normal = 0, marker_col = -1;
    for (int r = 0; r < g.height - 2; r++) {
        for (int c = 0; c < g.width; c++) {
            const canvas_cell *cell = plot_grid_cell(&g, r, c);
            dim += cell->role == CANVAS_ROLE_DIM;
            normal += braille_bits(cell->glyph) > 0 && cell->role == CANVAS_ROLE_NORMAL;
            if (strcmp(cell->glyph, "▪") == 0) {
                marker_col = c;
            }
        }
    }
    CHECK(dim > 0 && normal > 0, "both parts drawn: %d dim, %d normal cells", dim, normal);
    int ax = axis_col(&g);
    int mid = ax + 1 + (g.width - ax - 1) / 2;
    CHECK(marker_col >= mid - 1 && marker_col <= mid + 1, "step 300 of 600 marked mid-way: col %d, mid %d",
          marker_col, mid);
    sb_clear(&sb);
    plot_text(&g, &sb);
    CHECK(strstr(sb_str(&sb), "301..600") != NULL, "legend names the undone steps: %s", sb_str(&sb));
    plot_grid_free(&g);

    /* ASCII: only ASCII bytes */
    CHECK(plot_render(&s, PLOT_COST, 40, 10, PLOT_ASCII, &g, err, sizeof err) == 0, "ascii: %s", err);
    sb_clear(&sb);
    plot_text(&g, &sb);
    int ascii = 1;
    for (const char *p = sb_str(&sb); *p; p++) {
        ascii &= (unsigned char)*p < 0x80;
    }
    CHECK(ascii, "ASCII only: %s", sb_str(&sb));
    plot_grid_free(&g);

    /* SVG: one polyline point per step 0..300 and a dashed tail for 300..600 */
    sb_clear(&sb);
    CHECK(plot_svg(&s, PLOT_COST, 0, &sb, err, sizeof err) == 0, "svg: %s", err);
    const char *cost = strstr(sb_str(&sb), "class=\"cost\"");
    CHECK(cost != NULL, "cost polyline");
    if (cost) {
        const char *pts = strstr(cost, "points=\"");
        const char *end = pts ? strchr(pts + 8, '"') : NULL;
        int pairs = 0;
        for (const char *p = pts; p && p < end; p++) {
            pairs += *p == ',';
        }
        CHECK(pairs == 301, "301 points, got %d", pairs);
    }
    CHECK(count_substr(sb_str(&sb), "class=\"undone\"") == 1, "undone tail");
    CHECK(count_substr(sb_str(&sb), "class=\"present\"") == 1, "present marker");
    sb_free(&sb);
    session_free(&s);
}

static int stop_at_31(void *ctx, long done, long total)
{
    (void)ctx;
    (void)total;
    return done >= 31;
}

/* PLOT_KNOWN draws the costs already known and computes none but the present one; once all are
 * known it draws exactly what the plain view draws. */
static void test_known_costs(void)
{
    session s;
    char err[256];
    CHECK(session_init(&s, err, sizeof err) == 0, "session: %s", err);
    dataset d;
    CHECK(gen_make("gauss", 2000, 0.5, 3, &d, err, sizeof err) == 0, "gen: %s", err);
    CHECK(session_load(&s, &d, err, sizeof err) == 0, "load: %s", err);
    CHECK(session_step(&s, 600, NULL, NULL, err, sizeof err) == 600, "step: %s", err);
    int known_before = 0;
    for (long t = 0; t <= 600; t++) {
        known_before += !isnan(session_cost_known(&s, t));
    }
    plot_grid g;
    strbuf a = {0}, b = {0};
    CHECK(plot_render(&s, PLOT_COST, 60, 16, PLOT_KNOWN, &g, err, sizeof err) == 0, "render: %s", err);
    plot_text(&g, &a);
    plot_grid_free(&g);
    int known_after = 0;
    for (long t = 0; t <= 600; t++) {
        known_after += !isnan(session_cost_known(&s, t));
    }
    CHECK(known_after <= known_before + 1 && !isnan(session_cost_known(&s, 600)),
          "only the present cost is computed (%d known before, %d after)", known_before, known_after);
    CHECK(strstr(sb_str(&a), "nan") == NULL, "no nan drawn: %s", sb_str(&a));
    CHECK(strstr(sb_str(&a), "at step 600") != NULL, "the title names the present cost: %s", sb_str(&a));

    /* After the coarsest 31 costs (every 32nd, 16th, ... step) the curve already falls across the plot. */
    session_cost_fill(&s, 1, 0, stop_at_31, NULL);
    CHECK(plot_render(&s, PLOT_COST, 60, 16, PLOT_KNOWN, &g, err, sizeof err) == 0, "render: %s", err);
    check_falling(&g, "31 coarse costs");
    plot_grid_free(&g);

    /* All known: PLOT_KNOWN changes nothing. */
    CHECK(session_cost_fill(&s, 1, 0, NULL, NULL) == 0, "fill");
    sb_clear(&a);
    CHECK(plot_render(&s, PLOT_COST, 60, 16, PLOT_KNOWN, &g, err, sizeof err) == 0, "render: %s", err);
    plot_text(&g, &a);
    plot_grid_free(&g);
    CHECK(plot_render(&s, PLOT_COST, 60, 16, 0, &g, err, sizeof err) == 0, "render: %s", err);
    plot_text(&g, &b);
    plot_grid_free(&g);
    CHECK(strcmp(sb_str(&a), sb_str(&b)) == 0, "with every cost known the picture is the plain one:\n%s\n%s",
          sb_str(&a), sb_str(&b));
    sb_free(&a);
    sb_free(&b);
    session_free(&s);
}

static void test_sigmoid_view(void)
{
    session s;
    char err[256];
    CHECK(session_init(&s, err, sizeof err) == 0, "session: %s", err);
    plot_grid g;
    strbuf sb = {0};
    /* at zeros every z is 0 and sigma(z) = 0.5: all four examples in the cell on the 0.5 row,
     * example 1 (y = 0) focused, so that cell shows the focused y = 0 mark */
    CHECK(plot_render(&s, PLOT_SIGMOID, 40, 12, 0, &g, err, sizeof err) == 0, "render: %s", err);
    plot_text(&g, &sb);
    const char *text = sb_str(&sb);
    const char *row = strstr(text, "0.5 ┤");
    CHECK(row != NULL, "0.5 labelled: %s", text);
    const char *eol = row ? strchr(row, '\n') : NULL;
    const char *mark = row ? strstr(row, "□") : NULL;
    CHECK(mark && mark < eol, "focused y=0 mark on the 0.5 row: %s", text);
    CHECK(count_substr(text, "□") == 2, "one mark (plus the legend): %s", text);
    CHECK(count_substr(text, "●") == 1, "y=1 example hidden under the focus, only in the legend: %s", text);
    CHECK(strstr(text, "nan") == NULL, "no nan");
    plot_grid_free(&g);

    /* after training the examples spread out: three y=0 marks below 0.5 and one y=1 above */
    CHECK(session_step(&s, 300, NULL, NULL, err, sizeof err) == 300, "step");
    s.focus_i = 3;
    CHECK(plot_render(&s, PLOT_SIGMOID, 60, 16, 0, &g, err, sizeof err) == 0, "render: %s", err);
    int half_row = -1;
    for (int r = 0; r < g.height; r++) {
        sb_clear(&sb);
        for (int c = 0; c < 4; c++) {
            sb_puts(&sb, plot_grid_cell(&g, r, c)->glyph);
        }
        if (strcmp(sb_str(&sb), "0.5 ") == 0) {
            half_row = r;
        }
    }
    CHECK(half_row > 0, "found the 0.5 row");
    int below = 0, above = 0, focus_above = 0;
    for (int r = 0; r < g.height - 2; r++) {
        for (int c = 5; c < g.width; c++) {
            const canvas_cell *cell = plot_grid_cell(&g, r, c);
            if (strcmp(cell->glyph, "○") == 0) {
                below += r > half_row;
                above += r < half_row;
            }
            if (strcmp(cell->glyph, "■") == 0 && r < half_row && cell->role == CANVAS_ROLE_FOCUS) {
                focus_above = 1;
            }
        }
    }
    CHECK(below >= 1 && above == 0, "y=0 examples below sigma = 0.5: %d below, %d above", below, above);
    CHECK(focus_above, "example 4 (y = 1, focused) above sigma = 0.5");
    plot_grid_free(&g);

    CHECK(plot_render(&s, PLOT_SIGMA_PRIME, 30, 8, PLOT_ASCII, &g, err, sizeof err) == 0, "prime: %s", err);
    sb_clear(&sb);
    plot_text(&g, &sb);
    CHECK(strstr(sb_str(&sb), "0.25 +") != NULL, "sigma' peaks at 0.25: %s", sb_str(&sb));
    plot_grid_free(&g);

    sb_clear(&sb);
    CHECK(plot_svg(&s, PLOT_SIGMOID, 0, &sb, err, sizeof err) == 0, "svg");
    CHECK(count_substr(sb_str(&sb), "class=\"example\"") == 4, "4 examples in the SVG");
    CHECK(count_substr(sb_str(&sb), "class=\"focus\"") == 1, "one focus ring");
    sb_free(&sb);
    session_free(&s);
}

static void test_boundary_view(void)
{
    session s;
    char err[256];
    CHECK(session_init(&s, err, sizeof err) == 0, "session: %s", err);
    CHECK(session_step(&s, 300, NULL, NULL, err, sizeof err) == 300, "step");
    plot_grid g;
    /* AND learns w1 = w2 > 0 and b < 0: z >= 0 at the top right (1.1, 1.1), not at the bottom left */
    CHECK(s.w[0] > 0 && s.w[1] > 0 && s.b < 0 && s.w[0] + s.w[1] + s.b > 0 && s.b < 0, "AND learned");
    CHECK(plot_render(&s, PLOT_BOUNDARY, 50, 14, 0, &g, err, sizeof err) == 0, "render: %s", err);
    int ax = axis_col(&g);
    const canvas_cell *tr = plot_grid_cell(&g, 0, g.width - 1);
    const canvas_cell *bl = plot_grid_cell(&g, g.height - 3, ax + 1);
    CHECK(tr->role == CANVAS_ROLE_SHADE, "top right on the sigma >= 0.5 side: %s", tr->glyph);
    CHECK(strcmp(bl->glyph, " ") == 0, "bottom left empty: %s", bl->glyph);
    int line = 0, marks = 0;
    for (int r = 0; r < g.height - 2; r++) {
        for (int c = ax + 1; c < g.width; c++) {
            const canvas_cell *cell = plot_grid_cell(&g, r, c);
            line += braille_bits(cell->glyph) > 0;
            marks += strcmp(cell->glyph, "●") == 0 || strcmp(cell->glyph, "○") == 0 ||
                     strcmp(cell->glyph, "■") == 0 || strcmp(cell->glyph, "□") == 0;
        }
    }
    CHECK(line > 5, "the line is drawn (%d cells)", line);
    CHECK(marks == 4, "four examples at four corners: %d", marks);
    plot_grid_free(&g);

    strbuf sb = {0};
    CHECK(plot_svg(&s, PLOT_BOUNDARY, 0, &sb, err, sizeof err) == 0, "svg");
    CHECK(count_substr(sb_str(&sb), "class=\"example\"") == 4, "4 examples");
    CHECK(count_substr(sb_str(&sb), "class=\"boundary\"") == 1, "the line");
    CHECK(count_substr(sb_str(&sb), "class=\"positive-side\"") == 1, "the shaded side");
    sb_free(&sb);

    /* k = 1: no boundary view, a sentence why */
    dataset d;
    const char *csv = "x,y\n0,0\n1,1\n2,1\n";
    CHECK(dataset_parse(csv, strlen(csv), "one.csv", &d, err, sizeof err) == 0, "parse: %s", err);
    CHECK(session_load(&s, &d, err, sizeof err) == 0, "load: %s", err);
    err[0] = '\0';
    CHECK(plot_render(&s, PLOT_BOUNDARY, 60, 16, 0, &g, err, sizeof err) == -1, "k = 1 refused");
    CHECK(strstr(err, "k = 1") != NULL && strstr(err, "2 inputs") != NULL, "says why: %s", err);
    sb_clear(&sb);
    CHECK(plot_svg(&s, PLOT_BOUNDARY, 0, &sb, err, sizeof err) == -1, "no SVG either");
    /* the other views still work with one input */
    CHECK(plot_render(&s, PLOT_SIGMOID, 30, 8, 0, &g, err, sizeof err) == 0, "sigmoid on k = 1: %s", err);
    plot_grid_free(&g);
    sb_free(&sb);
    session_free(&s);
}


/* The network views draw at every pane size from the smallest (16x4) up, in UTF-8 and ASCII, filling
 * exactly the cells asked for: digits (64-3-10, images) and XOR (2-2-1, regions). */
static void net_views_at_sizes(session *s, const plot_sel *sels, const int *views, int nv)
{
    char err[256];
    int bad = 0;
    for (int w = PLOT_PANE_MIN_WIDTH; w <= 130; w += 7) {
        for (int h = PLOT_PANE_MIN_HEIGHT; h <= 45; h += 3) {
            for (int v = 0; v < nv; v++) {
                for (unsigned ascii = 0; ascii <= PLOT_ASCII; ascii += PLOT_ASCII) {
                    plot_grid g;
                    int rc = plot_render_sel(s, views[v], &sels[v], w, h, PLOT_PANE | ascii, &g, err, sizeof err);
                    if (rc != 0 || g.width != w || g.height != h) {
                        if (bad++ < 5) {
                            CHECK(0, "view %s at %dx%d: rc %d, %dx%d, %s", plot_view_name(views[v]), w, h, rc,
                                  g.width, g.height, rc ? err : "");
                        }
                    }
                    plot_grid_free(&g);
                }
            }
        }
    }
    CHECK(bad == 0, "%d renders failed", bad);
}

static void test_net_views(void)
{
    session s;
    dataset d;
    char err[256];
    CHECK(session_init(&s, err, sizeof err) == 0, "session: %s", err);
    CHECK(dataset_load("digits", &d, err, sizeof err) == 0, "digits: %s", err);
    CHECK(session_load(&s, &d, err, sizeof err) == 0, "load: %s", err);
    size_t h3[] = { 3 };
    CHECK(session_set_hidden(&s, h3, 1, err, sizeof err) == 0, "hidden 3: %s", err);
    CHECK(session_set_init(&s, SESSION_INIT_RANDOM, NULL, 0, err, sizeof err) == 0, "random: %s", err);
    static const int views[] = { PLOT_WEIGHTS, PLOT_WEIGHTS, PLOT_WEIGHTS, PLOT_WEIGHTS, PLOT_INPUT, PLOT_COST };
    static const plot_sel sels[] = { { 0, 0, 0 }, { 2, 3, 0 }, { 3, 0, 0 }, { 3, 10, 0 }, { 0, 0, 1797 }, { 0, 0, 0 } };
    net_views_at_sizes(&s, sels, views, 6);
    plot_grid g;
    CHECK(plot_render_sel(&s, PLOT_WEIGHTS, &(plot_sel){ 4, 0, 0 }, 60, 16, 0, &g, err, sizeof err) == -1 &&
          strstr(err, "2..3") != NULL, "layer 4 of 3 refused: %s", err);
    CHECK(plot_render_sel(&s, PLOT_INPUT, &(plot_sel){ 0, 0, 1798 }, 60, 16, 0, &g, err, sizeof err) == -1,
          "example 1798 of 1797 refused");
    CHECK(plot_view_applies(&s, PLOT_WEIGHTS) && plot_view_applies(&s, PLOT_INPUT) &&
          !plot_view_applies(&s, PLOT_SIGMOID) && !plot_view_applies(&s, PLOT_BOUNDARY), "digits' views");

    CHECK(dataset_load("xor", &d, err, sizeof err) == 0, "xor: %s", err);
    CHECK(session_load(&s, &d, err, sizeof err) == 0, "load: %s", err);
    size_t h2[] = { 2 };
    CHECK(session_set_hidden(&s, h2, 1, err, sizeof err) == 0, "hidden 2: %s", err);
    CHECK(session_set_init(&s, SESSION_INIT_RANDOM, NULL, 0, err, sizeof err) == 0, "random: %s", err);
    static const int xviews[] = { PLOT_BOUNDARY, PLOT_WEIGHTS, PLOT_WEIGHTS };
    static const plot_sel xsels[] = { { 0, 0, 0 }, { 0, 0, 0 }, { 3, 1, 0 } };
    net_views_at_sizes(&s, xsels, xviews, 3);
    CHECK(plot_view_applies(&s, PLOT_BOUNDARY) && plot_view_applies(&s, PLOT_WEIGHTS) &&
          !plot_view_applies(&s, PLOT_INPUT) && !plot_view_applies(&s, PLOT_SIGMA_PRIME), "xor's views");
    CHECK(plot_render(&s, PLOT_SIGMOID, 60, 16, 0, &g, err, sizeof err) == -1, "no sigma curve for a network");
    session_free(&s);
}

/* compare's chart: both series on one log-scaled pair of axes, the second as one mark a column.
 * first = 1 throughout (log 0, the top), second falls from 1 to 0.1 (log 0 to -1): so the mark
 * of the first column is on the top plot row and the mark of the last column on the bottom row. */
static void test_compare_chart(void)
{
    enum { N = 50 };
    double a[N], b[N];
    for (int t = 0; t < N; t++) {
        a[t] = 1.0;
        b[t] = pow(10.0, -(double)t / (N - 1));
    }
    strbuf out = {0};
    char err[256];
    int rc = plot_compare_text(a, b, N, 7, "first", "second", 40, 10, PLOT_ASCII, &out, err, sizeof err);
    CHECK(rc == 0, "compare chart: %s", err);
    const char *text = sb_str(&out);
    CHECK(strstr(text, "(log scale)") != NULL, "positive costs get a log scale");
    CHECK(strstr(text, "* first   q second") != NULL, "legend names both series");
    /* Plot rows are the lines after the title that hold an axis bar. */
    char lines[16][128];
    int nl = 0;
    const char *p = strchr(text, '\n') + 1;
    while (*p && nl < 16) {
        const char *e = strchr(p, '\n');
        size_t len = (size_t)(e - p) < 127 ? (size_t)(e - p) : 127;
        memcpy(lines[nl], p, len);
        lines[nl][len] = '\0';
        if (!strchr(lines[nl], '|') && !strchr(lines[nl], '+')) {
            break;
        }
        nl++;
        p = e + 1;
    }
    int first_q = -1, last_q = -1;
    for (int r = 0; r < nl; r++) {
        if (strchr(lines[r], 'q')) {
            first_q = first_q < 0 ? r : first_q;
            last_q = r;
        }
    }
    CHECK(first_q == 0, "the second series starts on the top row (row %d)", first_q);
    CHECK(last_q == nl - 2, "and ends on the bottom plot row (row %d of %d)", last_q, nl);
    /* the x labels: the line after the axis line, first label 7 (the first step), last 56 */
    const char *axis = strstr(text, "++-");
    const char *lab = axis ? strchr(axis, '\n') : NULL;
    char first[16] = "", last[128] = "";
    if (lab) {
        const char *le = strchr(lab + 1, '\n');
        char line[128];
        size_t len = le ? (size_t)(le - lab - 1) : strlen(lab + 1);
        snprintf(line, sizeof line, "%.*s", (int)(len < 127 ? len : 127), lab + 1);
        sscanf(line, "%15s", first);
        char *sp = strrchr(line, ' ');
        snprintf(last, sizeof last, "%s", sp ? sp + 1 : line);
    }
    CHECK(strcmp(first, "7") == 0 && strcmp(last, "56") == 0,
          "x axis labelled from step 7 to 56, got \"%s\" to \"%s\":\n%s", first, last, text);
    sb_free(&out);
    CHECK(plot_compare_text(a, b, N, 0, "a", "b", 20, 10, 0, &out, err, sizeof err) == -1, "too narrow refused");
    sb_free(&out);
}

int main(void)
{
    test_map();
    test_braille();
    test_downsample();
    test_views_parse();
    test_cost_view();
    test_known_costs();
    test_sigmoid_view();
    test_boundary_view();
    test_net_views();
    test_compare_chart();
    return harness_finish();
}
