/* text.h: UTF-8 text as a terminal shows it: decoding, the one display-width rule, fitting,
 * wrapping, and the flowing-formula and table builders every text view uses. */
#ifndef GRADSTEP_TEXT_H
#define GRADSTEP_TEXT_H

#include <stddef.h>

#include "strbuf.h"

/* Marks inside explanation text (README "Explanations"): the text between TEXT_MARK_ON and
 * TEXT_MARK_OFF is highlighted, and TEXT_NB is a space where wrapping never breaks (written as
 * a space). They take no columns when TEXT_MARKS is given (TEXT_NB takes one, as the space). */
#define TEXT_MARK_ON '\001'
#define TEXT_MARK_OFF '\002'
#define TEXT_NB '\003'

/* Flags of the width, fit and wrap functions. */
enum {
    TEXT_MARKS = 1,       /* the marks and newlines take no columns */
    TEXT_SPLIT_LONG = 2   /* text_wrap: a word wider than the line is split between characters */
};

/* Decodes one UTF-8 character at s (n > 0 bytes left) into *cp; returns its length in bytes.
 * An invalid or cut-short sequence gives U+FFFD and length 1. */
size_t text_decode(const char *s, size_t n, unsigned long *cp);

/* Display columns of code point cp: wcwidth() where the locale knows it, else 0 for combining
 * marks and zero-width characters, 2 for East Asian wide characters and emoji, 1 otherwise.
 * Control characters and invalid input count 1 (they are shown as one '?'). */
int text_char_width(unsigned long cp);

/* Display columns of the first len bytes of s (stopping early at a NUL), under flags. */
int text_width_n(const char *s, size_t len, unsigned flags);

/* Display columns of the string s, under flags. */
int text_width(const char *s, unsigned flags);

/* The number of bytes of s[0..len) that fit in cols columns, never cutting a character. */
size_t text_fit(const char *s, size_t len, int cols, unsigned flags);

/* Where to break a preformatted line s[0..len) so that the first part fits in room columns:
 * the whole line when it fits; else after the last space that fits, provided the part before
 * it is at least min_cols wide; else as much as fits (at least one character). The caller
 * skips the spaces that follow. */
size_t text_break(const char *s, size_t len, int room, int min_cols, unsigned flags);

/* Appends text as a paragraph wrapped greedily to width columns, then a newline: words are
 * separated by runs of spaces and tabs (written as one space); spaces before the first word
 * are kept; continuation lines start with indent spaces. A word wider than the line stays
 * whole unless TEXT_SPLIT_LONG is given. */
void text_wrap(strbuf *out, const char *text, int width, int indent, unsigned flags);

/* A formula flowing over lines of at most width columns: pieces are never split, and a
 * continued line starts under the first piece after the lead. */
typedef struct {
    strbuf *out;
    strbuf line;
    int width;
    int indent;
    int col;
    int fresh;  /* nothing but the lead or indent on the line yet */
} text_flow;

/* Starts a flow appending to out, its first line beginning with lead. */
void text_flow_start(text_flow *f, strbuf *out, int width, const char *lead);

/* Adds a piece; a leading space is dropped when the piece starts a continued line. */
void text_flow_add(text_flow *f, const char *piece);

/* Ends the last line and appends it. */
void text_flow_end(text_flow *f);

/* A table of cells, rendered with each column as wide as its widest cell. */
typedef struct {
    char **cell;
    size_t count, cap, ncol;
    char *(*copy)(const char *text);  /* makes the stored cell from a put one (NULL: xstrdup) */
} text_table;

/* Starts an empty table of ncol columns; copy makes each stored cell (NULL: a plain copy;
 * explanations pass one that writes ASCII names in --ascii mode). */
void text_table_init(text_table *t, size_t ncol, char *(*copy)(const char *text));

/* Starts a table whose first row is the header cells given (ended by NULL); their count is the
 * number of columns: text_table_header(&t, NULL, "x", "y", "C_x", NULL). */
void text_table_header(text_table *t, char *(*copy)(const char *text), const char *first, ...);

/* Adds a cell (stored through copy); rows fill left to right. */
void text_table_put(text_table *t, const char *text);

/* Appends the table with indent spaces before each row; align holds 'l' or 'r' per column.
 * Rows end when complete; an unfinished last row ends where its cells do. */
void text_table_render(const text_table *t, strbuf *out, int indent, const char *align);

/* Frees the cells and zeroes the table. */
void text_table_free(text_table *t);

/* Flags of text_safe: which whitespace controls are kept as they are. */
enum {
    TEXT_SAFE_NL = 0x10,  /* keep '\n' (multi-line output) */
    TEXT_SAFE_TAB = 0x20  /* keep '\t' */
};

/* The one sanitizer for text that came from a file, an argument or the user, applied before it
 * reaches a terminal (README "Text on the terminal"): appends text[0..n) to out with control
 * characters in caret form (ESC as "^[", BEL as "^G", DEL as "^?"; '\n' and '\t' kept when
 * flags ask), C1 controls, bidi controls and zero-width characters as "<U+202E>", and each byte
 * that is not well-formed UTF-8 as U+FFFD. Safe text comes out unchanged, and what comes out is
 * safe: sanitizing twice changes nothing. */
void text_safe(strbuf *out, const char *text, size_t n, unsigned flags);

/* text_safe of a NUL-terminated string (one line: no '\n' or '\t' kept) as a malloc'd copy,
 * or NULL when out of memory. */
char *text_safe_dup(const char *text);

/* 1 when text_safe with these flags would leave text[0..n) unchanged. */
int text_is_safe(const char *text, size_t n, unsigned flags);

#endif
