/* unit_fileio.c: tests the atomic save (src/fileio.c) against links and files planted at every name
 * its temporary file could take, by choosing those names here: this file's getentropy stands in for
 * the system's, so the test knows the names in advance. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "harness.h"

/* The bytes getentropy hands out: entropy_seed + call number, so call i names a known file. */
static unsigned entropy_calls;

int getentropy(void *buf, size_t len)
{
    unsigned char *b = buf;
    for (size_t i = 0; i < len; i++) {
        b[i] = (unsigned char)(entropy_calls % 62);
    }
    entropy_calls++;
    return 0;
}

/* The temporary name the save's call number i makes in dir (the alphabet of src/fileio.c). */
static void temp_name(char *out, size_t len, const char *dir, unsigned i)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    char c = alphabet[i % 62];
    snprintf(out, len, "%s/.gradstep-%c%c%c%c%c%c.tmp", dir, c, c, c, c, c, c);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return NULL;
    }
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

int main(void)
{
    char dir[] = "/tmp/gradstep-fileio.XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0, "mkdtemp: %s", strerror(errno));
        return harness_finish();
    }
    char victim[128], target[128], planted[128], name[160], err[512];
    snprintf(victim, sizeof victim, "%s/victim", dir);
    snprintf(target, sizeof target, "%s/out.csv", dir);
    put(victim, "victim\n");

    /* The first five names the save will try: links to the victim, a dangling link, a regular file. */
    for (unsigned i = 0; i < 5; i++) {
        temp_name(name, sizeof name, dir, i);
        if (i == 3) {
            put(name, "planted\n");
        } else {
            CHECK(symlink(i == 4 ? "/nonexistent/x" : victim, name) == 0, "symlink %s: %s", name, strerror(errno));
        }
    }
    entropy_calls = 0;
    CHECK(file_write_atomic(target, "new\n", 4, err, sizeof err) == 0, "save past planted names: %s", err);
    CHECK(entropy_calls == 6, "the save took the sixth name, after %u tries", entropy_calls);
    CHECK(strcmp(slurp(victim), "victim\n") == 0, "the victim was written through a planted link");
    temp_name(planted, sizeof planted, dir, 3);
    CHECK(strcmp(slurp(planted), "planted\n") == 0, "a planted file was truncated");
    CHECK(strcmp(slurp(target), "new\n") == 0, "the target holds %s", slurp(target));
    temp_name(name, sizeof name, dir, 5);
    CHECK(access(name, F_OK) != 0, "the temporary file %s is left", name);
    for (unsigned i = 0; i < 5; i++) {
        struct stat st;
        temp_name(name, sizeof name, dir, i);
        CHECK(lstat(name, &st) == 0 && (i == 3 ? S_ISREG(st.st_mode) : S_ISLNK(st.st_mode)), "planted %u changed", i);
    }

    /* Every name it could use planted: the save fails with one line, nothing is written. */
    for (unsigned i = 5; i < 62; i++) {
        temp_name(name, sizeof name, dir, i);
        symlink(victim, name);
    }
    entropy_calls = 0;
    err[0] = '\0';
    CHECK(file_write_atomic(target, "newer\n", 6, err, sizeof err) == -1 && err[0] && !strchr(err, '\n'),
          "a save with every name taken: %s", err);
    CHECK(strncmp(err, target, strlen(target)) == 0, "the error names the file: %s", err);
    CHECK(strcmp(slurp(victim), "victim\n") == 0, "the victim was written");
    CHECK(strcmp(slurp(target), "new\n") == 0, "the old file changed");

    /* The mode of the old file is kept; a read-only one is refused unless forced. */
    chmod(target, 0640);
    entropy_calls = 100;   /* names 100 % 62 = 38 on: planted too, so give fresh ones below */
    for (unsigned i = 0; i < 62; i++) {
        temp_name(name, sizeof name, dir, i);
        unlink(name);
    }
    CHECK(file_write_atomic(target, "a\n", 2, err, sizeof err) == 0, "%s", err);
    struct stat st;
    CHECK(stat(target, &st) == 0 && (st.st_mode & 07777) == 0640, "mode %o, want 640", st.st_mode & 07777);
    chmod(target, 0444);
    CHECK(file_write_atomic(target, "b\n", 2, err, sizeof err) == -1 && strstr(err, "read-only"), "%s", err);
    file_force_next(target);
    CHECK(file_write_atomic(target, "c\n", 2, err, sizeof err) == 0, "forced: %s", err);
    file_force_next(NULL);
    CHECK(stat(target, &st) == 0 && (st.st_mode & 07777) == 0444 && strcmp(slurp(target), "c\n") == 0,
          "forced save: mode %o", st.st_mode & 07777);

    /* A stopped streaming save leaves nothing. */
    file_out f;
    char other[160];
    snprintf(other, sizeof other, "%s/stream.csv", dir);
    CHECK(file_out_open(&f, other, err, sizeof err) == 0, "%s", err);
    file_out_write(&f, "x", 1);
    file_out_abort(&f);
    CHECK(access(other, F_OK) != 0, "an aborted save made its target");

    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK(system(cmd) == 0, "cleanup");
    return harness_finish();
}
