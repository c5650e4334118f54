/* tui_int.h: what the files of the full-screen UI share: the screen state, panes, theme and glue. */
#ifndef GRADSTEP_TUI_INT_H
#define GRADSTEP_TUI_INT_H

#include <stddef.h>
#include <wchar.h>
#include <curses.h>

#include "cmd.h"
#include "strbuf.h"
#include "text.h"

/* A place on the screen; h == 0 means the pane is not shown. */
typedef struct {
    int y, x, h, w;
} tui_rect;

/* What, when it changes, needs a new layout (tui.c). */
typedef struct {
    const double *x;
    size_t n, k;
    int lesson;
    size_t lesson_page;
    int zoom;
    int plot_boost;
    int digits;
    int stacked;  /* whether Data and Parameters still fit side by side at the base digits */
    int net;                /* 1 in network mode */
    size_t net_units, net_params;  /* the network's shape, in two numbers */
    int params_w; /* the Parameters pane's width; it only grows while the dataset stays */
} tui_layout_key;

/* The panes, in the order they are refreshed (the command line last: it owns the cursor). */
enum {
    TUI_TITLE = 0, TUI_DATA, TUI_PARAMS, TUI_FORMULA, TUI_PLOT, TUI_PLOT2, TUI_LESSON,
    TUI_NETWORK, TUI_WEIGHTS, TUI_MSG, TUI_KEYS, TUI_CMD, TUI_NPANES
};
#define TUI_ALL_PANES ((1u << TUI_NPANES) - 1u)
#define TUI_CONTENT_PANES ((1u << TUI_TITLE) | (1u << TUI_DATA) | (1u << TUI_PARAMS) | \
                           (1u << TUI_FORMULA) | (1u << TUI_PLOT) | (1u << TUI_PLOT2) | \
                           (1u << TUI_LESSON) | (1u << TUI_NETWORK) | (1u << TUI_WEIGHTS))

/* Colour and attribute roles; the theme maps each to a colour pair or a monochrome attribute. */
typedef enum {
    TUI_R_NORMAL = 0, TUI_R_TITLE, TUI_R_BORDER, TUI_R_HEADER, TUI_R_POS, TUI_R_NEG,
    TUI_R_FOCUS, TUI_R_SELECT, TUI_R_CHANGED, TUI_R_DIM, TUI_R_ERROR, TUI_R_KEY, TUI_R_ADDED,
    TUI_R_COUNT
} tui_role;

/* Glyphs chosen once: a UTF-8 table or an ASCII table. */
typedef struct {
    const char *h, *v, *tl, *tr, *bl, *br;  /* box lines */
    const char *focus;       /* the focused row's marker */
    const char *sigma_z;     /* column header for a = sigma(z) */
    const char *err_col;     /* column header for sigma(z) - y */
    const char *cost_x;      /* column header for C_x */
    const char *d;           /* the partial-derivative sign */
    const char *eta, *lambda, *delta, *minus, *ellipsis, *ge, *more_up, *more_down;
    const char *left, *right, *updown;
    int ascii;
} tui_glyphs;

/* The popup kinds: none, command output, the key help, a completion list (closes on any key). */
enum { TUI_POP_NONE = 0, TUI_POP_OUTPUT, TUI_POP_HELP, TUI_POP_COMPLETION };

/* The whole state of the full-screen UI. */
typedef struct tui {
    cmd_app *app;
    int color;                  /* 1: colours in use */
    int theme;                  /* the theme in use (CMD_THEME_DARK, _LIGHT or _MONO) */
    int theme_asked;            /* the app's theme setting it was chosen from */
    int want_color;             /* 0: --no-color or NO_COLOR */
    int color_started, default_bg_missing;
    int background_light;       /* the terminal answered that its background is light */
    const tui_glyphs *g;
    WINDOW *win[TUI_NPANES];
    tui_rect rect[TUI_NPANES];
    unsigned dirty;             /* bit per pane */
    int lines, cols;            /* the size laid out for */
    int too_small;
    int stacked;                /* 1: Data full width, Parameters beside the plot */
    int digits;                 /* decimals shown in the panes */
    size_t data_top, data_left, params_top;
    int params_rows;            /* parameter rows shown (the rest are summary lines) */
    size_t weights_top, weights_left; /* first row and column of w^l the Weights pane shows */
    struct {                    /* where the Weights pane drew its entries, for mouse clicks */
        int l, lw, cw, stack, bias;
        size_t nrows, ncols, cols;
    } weights_geo;
    int lesson_top;             /* first line of the lesson page shown */
    int lesson_tried;           /* the lesson's wrong answers when its pane was last drawn */

    int cmd_mode;               /* 1: typing mode (keys go to the command line); 0: one-key mode */
    int confirm_quit;           /* 1: `q` asked whether to quit; the next key answers */
    int zoom;                   /* 0, or 1 + the pane shown alone on the whole screen */
    int plot_boost;             /* 1 after `plot`: the Plot pane takes rows from the Formula pane */
    int fast_forward;           /* 1: a key asked a lesson's animated run to finish at once */
    int running;                /* inside `run` */
    long run_done, run_total;
    int stop_run;

    char msg[1024];
    int msg_role;
    strbuf last_out;            /* the last command's full output */
    char last_cmd[256];

    int pop_kind;
    char pop_title[128];
    char *pop_text;
    int pop_top;
    WINDOW *pop_win;

    char *line;                 /* a line accepted by readline, waiting to run */
    int line_ready;
    unsigned char inq[512];     /* bytes waiting for readline */
    size_t inq_head, inq_len;
    int quit;

    /* tui.c's state between calls */
    int clear_below;            /* 1: erase the screen before the next refresh (after a new layout) */
    tui_layout_key last_key;    /* what the present layout was made for */
    long last_draw;             /* when progress was last drawn (ms) */
    long last_draw_ms;          /* how long that redraw took */
    int saved_stderr;           /* stderr while the screen is up, which goes to capture_fd */
    int capture_fd;
} tui;

/* theme.c */
/* Chooses the glyphs and the colours of the app's theme (auto: light when COLORFGBG says the
 * background is light); may be called again when `set theme` changes it. */
void tui_theme_init(tui *t, int want_color, int ascii);
const char *tui_theme_name(const tui *t);
/* Asks the terminal (OSC 11) whether its background is light; call before curses starts. */
int tui_theme_ask_background(void);
attr_t tui_attr(const tui *t, tui_role r);
int tui_put(WINDOW *w, int y, int x, int maxw, const char *s, attr_t a);
int tui_put_right(WINDOW *w, int y, int xend, int maxw, const char *s, attr_t a);
void tui_box(const tui *t, WINDOW *w, const char *title, const char *right_title, int focused);
void tui_sub(const tui *t, char *buf, size_t len, const char *base, unsigned long num);
void tui_param_name(const tui *t, size_t j, char *buf, size_t len);
void tui_fill(WINDOW *w, int y, int x, int n, attr_t a);

/* layout.c */
void tui_layout(tui *t);

/* panes */
void pane_title_draw(tui *t);
/* pane_net.c: the Data, Parameters and Formula panes when the session trains a network. */
void pane_net_data_draw(tui *t);
void pane_net_params_draw(tui *t);
void pane_net_formula_draw(tui *t);
/* pane_network.c: the layers as columns of neurons with a and delta of the focused example, the
 * focused weight as a link. */
void pane_network_draw(tui *t);
/* Rows and columns the Network pane would like for the present network. */
void pane_network_need(tui *t, int *rows, int *cols);
/* The parameter the network panes focus (the focused one, else w^L_11) and its place: layer l,
 * neuron j and input k from 1 (k = 0 for a bias). */
size_t tui_net_focus(const session *s, int *l, size_t *j, size_t *k);
/* Erases a network pane; for a single neuron draws its box with the line `single` and returns 0,
 * else returns 1 (the pane draws the network). */
int tui_net_pane_start(tui *t, int pane, const char *title, const char *single);
/* pane_weights.c: the focused layer's w^l and b^l with dC/d and the last change. */
void pane_weights_draw(tui *t);
/* Rows and columns the Weights pane would like for the focused layer. */
void pane_weights_need(tui *t, int *rows, int *cols);
/* 1 when screen cell (y, x) is an entry of the Weights pane, with its parameter index in *i. */
int pane_weights_hit(tui *t, int y, int x, size_t *i);
void pane_data_draw(tui *t);
int pane_data_width(tui *t, int digits);
int pane_data_hit(tui *t, int y, int x, size_t *i, size_t *j);
void pane_params_draw(tui *t);
int pane_params_width(tui *t, int digits);
int pane_params_hit(tui *t, int y, int x, size_t *j);
void pane_formula_draw(tui *t);
void pane_plot_draw(tui *t, int which);
/* 1 when a Plot pane shows the cost by step (whose missing costs the idle loop computes). */
int pane_plot_shows_cost(tui *t);
void pane_lesson_draw(tui *t);
/* The panes the present lesson page names in its prose ("the Plot pane", "the Data pane"...) or
 * shows by a plot command, as a bit per pane; *first is the one named first, or -1. */
unsigned pane_lesson_named(const tui *t, int *first);
/* The lines the Lesson pane shows of the present page in a pane W wide with inner rows. */
int pane_lesson_lines(const tui *t, int W, int inner);
void pane_msg_draw(tui *t);
void pane_keys_draw(tui *t);
void pane_small_draw(tui *t);

/* popup.c */
void tui_popup_open(tui *t, int kind, const char *title, const char *text);
/* The lines the open popup holds as drawn at the present size (its text wrapped to its width). */
size_t tui_popup_line_count(tui *t);
void tui_popup_close(tui *t);
void tui_popup_draw(tui *t);
int tui_popup_key(tui *t, int is_key, wint_t ch);

/* rlglue.c */
int tui_rl_init(tui *t, char *err, size_t errlen);
void tui_rl_free(tui *t);
void tui_rl_input(tui *t, int is_key, wint_t ch);
void tui_rl_clear(tui *t);
void tui_rl_draw(tui *t);
void tui_rl_resize(tui *t);
void tui_rl_history_add(const char *line);
/* 1 when the command line holds no text and readline is in no search or completion. */
int tui_rl_line_empty(void);

/* keys.c */
int tui_keys_nav(tui *t, int is_key, wint_t ch);
void tui_keys_help(tui *t, strbuf *out);
void tui_keys_register(void);
const char *tui_keys_bar(const tui *t);
/* `q`: quits at once when there is nothing to lose, else asks (y quits, any other key stays). */
void tui_keys_ask_quit(tui *t);
/* 1 when the session has steps, undone steps or terms that quitting would lose. */
int tui_has_history(const tui *t);

/* tui.c */
void tui_exec(tui *t, const char *line, int from_key);
void tui_message(tui *t, tui_role role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void tui_mark(tui *t, unsigned panes);
void tui_refresh(tui *t);
void tui_set_mode(tui *t, int cmd_mode);
void tui_handle_resize(tui *t);
void tui_stop_request(tui *t);

/* The one screen (readline's callbacks take no context argument). */
extern tui *tui_current;

#endif
