/* pty_term.c: a test terminal of 80x24 that answers gradstep's background colour query (OSC 11) as told, then types keys. */
/*
 * usage: pty_term MODE OUTPUT KEYS PROGRAM [ARG...]
 *
 * Runs PROGRAM on a new pseudo-terminal and plays the terminal's part:
 *   MODE light    answers OSC 11 with rgb:ffff/ffff/ffff (white), then the device attributes query
 *   MODE dark     answers OSC 11 with rgb:0000/0000/0000 (black), then the device attributes query
 *   MODE slow     answers OSC 11 white only after 400 ms, then the device attributes query
 *   MODE da       answers only the device attributes query (a terminal that has no OSC 11)
 *   MODE silent   answers nothing
 * Once PROGRAM has written the text "gradstep>" (its prompt is up), KEYS is typed: its parts,
 * separated by '|', go one at a time 400 ms apart, "\r" standing for Enter. Everything PROGRAM
 * writes is kept in OUTPUT. Prints "query MS" (when the OSC 11 query came, after start), "prompt
 * MS" (when the prompt came), and "exit STATUS" or "timeout" (20 s in all). Exits 0 when PROGRAM
 * exited with status 0 within the time, else 1.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LIMIT_MS 20000

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Whether the n bytes at buf contain the string s. */
static int has(const char *buf, size_t n, const char *s)
{
    size_t m = strlen(s);
    for (size_t i = 0; i + m <= n; i++) {
        if (memcmp(buf + i, s, m) == 0) {
            return 1;
        }
    }
    return 0;
}

static void put(int fd, const char *s)
{
    size_t n = strlen(s);
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            return;
        }
        s += w;
        n -= (size_t)w;
    }
}

/* Types the next '|'-separated part of *keys ("\r" written as the two characters \ and r). */
static void type_part(int fd, const char **keys)
{
    char part[256];
    size_t n = 0;
    const char *p = *keys;
    while (*p && *p != '|' && n + 1 < sizeof part) {
        if (p[0] == '\\' && p[1] == 'r') {
            part[n++] = '\r';
            p += 2;
        } else {
            part[n++] = *p++;
        }
    }
    part[n] = '\0';
    *keys = *p == '|' ? p + 1 : p;
    put(fd, part);
}

typedef struct {
    const char *mode;
    int fd;
    long start, query_at, prompt_at, osc_due, next_key;
    int osc_done, da_done;
    const char *keys;
} term;

/* Answers what the program has asked so far, as the mode says, and types keys once due. */
static void play(term *t, const char *buf, size_t n, long now)
{
    int silent = strcmp(t->mode, "silent") == 0;
    if (t->query_at < 0 && has(buf, n, "\033]11;?")) {
        t->query_at = now - t->start;
        t->osc_due = now + (strcmp(t->mode, "slow") == 0 ? 400 : 0);
    }
    if (t->query_at >= 0 && !t->osc_done && now >= t->osc_due) {
        t->osc_done = 1;
        if (strcmp(t->mode, "light") == 0 || strcmp(t->mode, "slow") == 0) {
            put(t->fd, "\033]11;rgb:ffff/ffff/ffff\033\\");
        } else if (strcmp(t->mode, "dark") == 0) {
            put(t->fd, "\033]11;rgb:0000/0000/0000\033\\");
        }
    }
    if (!silent && t->osc_done && !t->da_done && has(buf, n, "\033[c")) {
        t->da_done = 1;
        put(t->fd, "\033[?62;22c");
    }
    if (t->prompt_at < 0 && has(buf, n, "gradstep>")) {
        t->prompt_at = now - t->start;
        t->next_key = now + 400;
    }
    if (t->prompt_at >= 0 && *t->keys && now >= t->next_key) {
        type_part(t->fd, &t->keys);
        t->next_key = now + 400;
    }
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: pty_term light|dark|slow|da|silent OUTPUT KEYS PROGRAM [ARG...]\n");
        return 2;
    }
    FILE *out = fopen(argv[2], "wb");
    if (!out) {
        perror(argv[2]);
        return 2;
    }
    struct winsize ws = {24, 80, 0, 0};
    int fd;
    pid_t pid = forkpty(&fd, NULL, NULL, &ws);
    if (pid < 0) {
        perror("forkpty");
        return 2;
    }
    if (pid == 0) {
        setenv("TERM", "xterm-256color", 1);
        unsetenv("COLORFGBG");
        execvp(argv[4], argv + 4);
        _exit(127);
    }
    term t = {.mode = argv[1], .fd = fd, .start = now_ms(), .query_at = -1, .prompt_at = -1, .keys = argv[3]};
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    int status = -1;
    while (buf && now_ms() - t.start < LIMIT_MS) {
        struct pollfd pf = {fd, POLLIN, 0};
        int r = poll(&pf, 1, 20);
        if (r > 0 && (pf.revents & (POLLIN | POLLHUP))) {
            if (cap - n < 4096) {
                char *more = realloc(buf, cap * 2);
                if (!more) {
                    break;
                }
                buf = more;
                cap *= 2;
            }
            ssize_t got = read(fd, buf + n, cap - n);
            if (got <= 0) {
                break;  /* EIO: the program closed the terminal */
            }
            fwrite(buf + n, 1, (size_t)got, out);
            n += (size_t)got;
        }
        play(&t, buf, n, now_ms());
        if (waitpid(pid, &status, WNOHANG) == pid) {
            pid = -1;
            break;
        }
    }
    if (pid > 0 && waitpid(pid, &status, WNOHANG) != pid) {
        long until = now_ms() + 2000;
        while (now_ms() < until && waitpid(pid, &status, WNOHANG) != pid) {
            usleep(20000);
        }
        if (now_ms() >= until) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            status = -1;
        }
    }
    fclose(out);
    free(buf);
    printf("query %ld\nprompt %ld\n", t.query_at, t.prompt_at);
    if (status >= 0 && WIFEXITED(status)) {
        printf("exit %d\n", WEXITSTATUS(status));
        return WEXITSTATUS(status) == 0 ? 0 : 1;
    }
    printf("timeout\n");
    return 1;
}
