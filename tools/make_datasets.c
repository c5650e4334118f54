/* make_datasets.c: rebuilds the synthetic bundled datasets (gauss, admissions, rings, sensors) from fixed seeds.
 *
 * Not part of `make check`. Build and run it by hand from the top of the source tree:
 *     make build/release/libgradstep.a
 *     cc -std=c11 -O2 -Isrc -o /tmp/make_datasets tools/make_datasets.c build/release/libgradstep.a -lm
 *     /tmp/make_datasets datasets
 * It draws only from src/rng.h (and gen_make for gauss) and rounds every value to a few
 * decimals, so the files come out byte for byte the same on every machine. */
#include "dataset.h"
#include "gen.h"
#include "rng.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846

static FILE *open_out(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.csv", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    return f;
}

static double round_to(double v, int decimals)
{
    double s = pow(10.0, decimals);
    double r = round(v * s) / s;
    return r == 0 ? 0.0 : r; /* no "-0.0" in the files */
}

/* gauss: exactly what `gen gauss n=200 noise=0.1 seed=7` makes. */
static void make_gauss(const char *dir)
{
    dataset d = {0};
    char err[256];
    if (gen_make("gauss", 200, 0.1, 7, &d, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        exit(1);
    }
    FILE *f = open_out(dir, "gauss");
    fprintf(f, "# Two Gaussian clouds, y=0 around (-1,-1) and y=1 around (1,1): a line separates them, almost.\n");
    fprintf(f, "# Synthetic, made by tools/make_datasets.c: the same rows as the command\n");
    fprintf(f, "#   gen gauss n=200 noise=0.1 seed=7\n");
    fprintf(f, "# (spread of each cloud: standard deviation sqrt(0.5^2 + 0.1^2) in x1 and in x2).\n");
    fprintf(f, "x1,x2,y\n");
    for (size_t i = 0; i < d.n; i++) {
        fprintf(f, "%.3f,%.3f,%.0f\n", round_to(d.x[2 * i], 3), round_to(d.x[2 * i + 1], 3), d.y[i]);
    }
    fclose(f);
    dataset_free(&d);
}

/* admissions: exam score 30..100 and GPA 2.0..4.0, admitted by a noisy linear rule. */
static void make_admissions(const char *dir)
{
    const uint64_t seed = 11;
    uint64_t st = rng_stream(seed, 0);
    FILE *f = open_out(dir, "admissions");
    fprintf(f, "# Admissions: exam score (0-100) and GPA (0-4) on very different scales; admitted or not.\n");
    fprintf(f, "# Synthetic, made by tools/make_datasets.c with seed 11: exam uniform in 30..100 (whole\n");
    fprintf(f, "# points), GPA uniform in 2.00..4.00, admitted when\n");
    fprintf(f, "#   0.08 (exam - 65) + 2.5 (gpa - 3) + e > 0,  e ~ N(0, 0.7^2)\n");
    fprintf(f, "# so a line separates most but not all of them. Try it with and without `set scale standardize`.\n");
    fprintf(f, "exam,gpa,admitted\n");
    for (int i = 0; i < 100; i++) {
        double exam = 30.0 + (double)rng_below(&st, 71);
        double gpa = round_to(2.0 + 2.0 * rng_uniform(&st), 2);
        double z = 0.08 * (exam - 65.0) + 2.5 * (gpa - 3.0) + 0.7 * rng_normal(&st);
        fprintf(f, "%.0f,%.2f,%d\n", exam, gpa, z > 0 ? 1 : 0);
    }
    fclose(f);
}

/* rings: an inner ring (y=1) inside an outer ring (y=0), with radial noise. */
static void make_rings(const char *dir)
{
    const uint64_t seed = 5;
    uint64_t st = rng_stream(seed, 0);
    FILE *f = open_out(dir, "rings");
    fprintf(f, "# Rings: y=1 on an inner ring (radius 0.5), y=0 on an outer ring (radius 1): no line separates them.\n");
    fprintf(f, "# Synthetic, made by tools/make_datasets.c with seed 5: 200 points, the ring chosen at random,\n");
    fprintf(f, "# the angle uniform, the radius 0.5 or 1 plus N(0, 0.15^2) noise, so the rings nearly touch.\n");
    fprintf(f, "x1,x2,y\n");
    for (int i = 0; i < 200; i++) {
        int inner = (int)rng_below(&st, 2);
        double th = 2.0 * PI * rng_uniform(&st);
        double r = (inner ? 0.5 : 1.0) + 0.15 * rng_normal(&st);
        fprintf(f, "%.3f,%.3f,%d\n", round_to(r * cos(th), 3), round_to(r * sin(th), 3), inner);
    }
    fclose(f);
}

/* sensors: eight machine readings on varied scales, three of them irrelevant, and a failure label. */
static void make_sensors(const char *dir)
{
    const uint64_t seed = 3;
    uint64_t st = rng_stream(seed, 0);
    FILE *f = open_out(dir, "sensors");
    fprintf(f, "# Sensors: eight readings from a machine (varied scales, three irrelevant) and whether it failed.\n");
    fprintf(f, "# Synthetic, made by tools/make_datasets.c with seed 3, 300 machines. Readings, uniform:\n");
    fprintf(f, "#   temp 20..90 C, vibration 0..12 mm/s, pressure 90..110 kPa, humidity 20..80 %%,\n");
    fprintf(f, "#   rpm 800..3000, voltage 220..240 V, age 0..15 years, load 0..100 %%.\n");
    fprintf(f, "# failed = 1 when 0.06 (temp-55) + 0.35 (vibration-6) + 0.0008 (rpm-1900)\n");
    fprintf(f, "#   + 0.15 (age-7.5) + 0.02 (load-50) + e > 0, e ~ N(0, 1).\n");
    fprintf(f, "# pressure, humidity and voltage play no part: their weights should stay near 0.\n");
    fprintf(f, "temp,vibration,pressure,humidity,rpm,voltage,age,load,failed\n");
    for (int i = 0; i < 300; i++) {
        double temp = round_to(20.0 + 70.0 * rng_uniform(&st), 1);
        double vib = round_to(12.0 * rng_uniform(&st), 2);
        double pres = round_to(90.0 + 20.0 * rng_uniform(&st), 1);
        double hum = round_to(20.0 + 60.0 * rng_uniform(&st), 1);
        double rpm = (double)(800 + rng_below(&st, 2201));
        double volt = round_to(220.0 + 20.0 * rng_uniform(&st), 1);
        double age = round_to(15.0 * rng_uniform(&st), 1);
        double load = round_to(100.0 * rng_uniform(&st), 1);
        double z = 0.06 * (temp - 55.0) + 0.35 * (vib - 6.0) + 0.0008 * (rpm - 1900.0) +
                   0.15 * (age - 7.5) + 0.02 * (load - 50.0) + rng_normal(&st);
        fprintf(f, "%.1f,%.2f,%.1f,%.1f,%.0f,%.1f,%.1f,%.1f,%d\n", temp, vib, pres, hum, rpm, volt,
                age, load, z > 0 ? 1 : 0);
    }
    fclose(f);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DATASETS_DIR\n", argv[0]);
        return 2;
    }
    make_gauss(argv[1]);
    make_admissions(argv[1]);
    make_rings(argv[1]);
    make_sensors(argv[1]);
    return 0;
}
