/* tui/wizard_int.h: what the wizard's modules share: requests (keys), colour roles, the state
 * every screen draws from, and the screen ops tables. Only tui/ curses files include it. */
#ifndef AOD_TUI_WIZARD_INT_H
#define AOD_TUI_WIZARD_INT_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "aod/probe.h"
#include "aod/session.h"
#include "driver.h"
#include "layout.h"
#include "wizard.h"

/* ---- Requests: what a key asks for. Name, footer word, help text (tig request.h). The footer
 * and the `?` screen are generated from this table and the key table in keymap.c. ---- */
#define REQUEST_LIST(X)                                                                            \
    X(REQ_NONE, "", "")                                                                            \
    X(REQ_PICK1, "pick", "pick a numbered choice at once")                                         \
    X(REQ_PICK2, "", "")                                                                           \
    X(REQ_PICK3, "", "")                                                                           \
    X(REQ_PICK4, "", "")                                                                           \
    X(REQ_PICK5, "", "")                                                                           \
    X(REQ_PICK6, "", "")                                                                           \
    X(REQ_PICK7, "", "")                                                                           \
    X(REQ_PICK8, "", "")                                                                           \
    X(REQ_PICK9, "", "")                                                                           \
    X(REQ_UP, "", "move the selection up")                                                         \
    X(REQ_DOWN, "move", "move the selection down")                                                 \
    X(REQ_PAGE_UP, "page up", "scroll up a page")                                                  \
    X(REQ_PAGE_DOWN, "page down", "scroll down a page")                                            \
    X(REQ_FIRST, "first", "go to the top")                                                         \
    X(REQ_LAST, "last", "go to the bottom")                                                        \
    X(REQ_ENTER, "ok", "pick the selected line, or go on")                                         \
    X(REQ_BACK, "back", "go back one step (undoes its answer)")                                    \
    X(REQ_TRAIL, "trail", "show the answers so far; pick one to go back to it")                    \
    X(REQ_SEARCH, "search", "search the symptoms: words, error codes, event IDs")                  \
    X(REQ_COPY, "copy", "copy the selected command to the clipboard (OSC 52)")                     \
    X(REQ_COPY_ALL, "copy all", "copy every command of the fix (OSC 52)")                          \
    X(REQ_WRITE, "write .ps1", "write the commands to a .ps1 file in this folder")                 \
    X(REQ_CANCEL, "cancel", "go back, cancel running tests, or close this screen")                 \
    X(REQ_HELP, "help", "show every key")                                                          \
    X(REQ_REDRAW, "redraw", "redraw the whole screen")                                             \
    X(REQ_QUIT, "quit", "quit (asks first while a session is under way)")                          \
    X(REQ_YES, "", "")                                                                             \
    X(REQ_NO, "", "")                                                                              \
    X(REQ_RESIZE, "", "")                                                                          \
    X(REQ_TICK, "", "")                                                                            \
    X(REQ_DUMP_SCREEN, "", "write the screen as text (scripts and tests)")

enum aod_request {
#define REQ_ENUM(name, word, help) name,
    REQUEST_LIST(REQ_ENUM)
#undef REQ_ENUM
        REQ_COUNT
};

/* Reaction flags returned by a screen's handle() (htop Htop_Reaction). */
#define REACT_NONE      0u
#define REACT_REDRAW    1u  /* state changed: draw again (curses sends only what differs) */
#define REACT_RELAYOUT  2u  /* the size changed */
#define REACT_RUN_PROBE 4u  /* start the live probes of the current step */
#define REACT_QUIT      8u  /* leave the loop */
#define REACT_STEP      16u /* the session moved: fetch the view, reset the selection */
#define REACT_FULL      32u /* repaint every cell (Ctrl-L) */

const char *wz_request_word(enum aod_request r);
const char *wz_request_help(enum aod_request r);
/* The request bound to `key` outside text entry, REQ_NONE when none. */
enum aod_request wz_key_request(int key);
/* The request bound to `key` during text entry (editing keys are left to the screen). */
enum aod_request wz_key_request_text(int key);
/* Writes "k1/k2" for every key bound to `r` (at most `max` keys) into buf. */
void wz_key_labels(enum aod_request r, bool is_text, size_t max, char *buf, size_t cap);
/* Script keys: "<Enter>", "<C-u>", "j" ... to a key code; -1 when unknown. */
int wz_key_parse(const char *name, size_t len);

/* ---- Colour roles: a MONO attribute and a colour each (ncdu UI_COLORS). ---- */
#define ROLE_LIST(X)                                                                               \
    X(ROLE_TEXT, A_NORMAL, -1, -1, A_NORMAL)                                                       \
    X(ROLE_TITLE, A_BOLD, COLOR_CYAN, -1, A_BOLD)                                                  \
    X(ROLE_HEADER, A_REVERSE, COLOR_WHITE, COLOR_BLUE, A_BOLD)                                     \
    X(ROLE_SELECTED, A_REVERSE, COLOR_BLACK, COLOR_CYAN, A_NORMAL)                                 \
    X(ROLE_KEY, A_BOLD, COLOR_YELLOW, -1, A_BOLD)                                                  \
    X(ROLE_DIM, A_NORMAL, COLOR_BLUE, -1, A_BOLD)                                                  \
    X(ROLE_CMD, A_BOLD, COLOR_GREEN, -1, A_NORMAL)                                                 \
    X(ROLE_OK, A_BOLD, COLOR_GREEN, -1, A_BOLD)                                                    \
    X(ROLE_WARN, A_BOLD, COLOR_YELLOW, -1, A_BOLD)                                                 \
    X(ROLE_FAIL, A_BOLD | A_UNDERLINE, COLOR_RED, -1, A_BOLD)                                      \
    X(ROLE_INPUT, A_UNDERLINE, COLOR_WHITE, COLOR_BLACK, A_UNDERLINE)

enum wz_role {
#define ROLE_ENUM(name, mono, fg, bg, attr) name,
    ROLE_LIST(ROLE_ENUM)
#undef ROLE_ENUM
        ROLE_COUNT
};

/* Glyphs chosen once from the locale (htop CRT_utf8): UTF-8 or ASCII. */
struct wz_glyphs {
    const char *mark;     /* selected line */
    const char *cont;     /* continuation of a wrapped command */
    const char *sep;      /* between trail steps */
    const char *ellipsis; /* text cut on the left or right (never commands) */
    const char *prompt;   /* before a command */
    chtype vline;
};

/* Sets up colours and glyphs; call after the terminal is up. */
void wz_theme_init(bool is_mono, bool is_ascii);
attr_t wz_role_attr(enum wz_role r);
short wz_role_pair(enum wz_role r);
bool wz_theme_is_utf8(void);
bool wz_theme_is_mono(void);
const struct wz_glyphs *wz_glyphs(void);

/* ---- Terminal (term.c): the only place that starts and ends curses. ---- */
/* Starts curses (or a null display for AOD_NO_DISPLAY); false with a message in err. */
bool wz_term_start(struct aod_err *err);
void wz_term_end(void);
/* Nonzero once SIGINT, SIGTERM or SIGHUP arrived: the signal number. */
int wz_term_signal(void);
bool wz_term_is_headless(void);
/* The stream curses writes to (OSC 52 goes there too); NULL before start. */
FILE *wz_term_out(void);
/* Restores the terminal, prints `msg` and exits with AOD_EXIT_SOFTWARE (htop fail()). */
_Noreturn void wz_term_fatal(const char *msg);

/* ---- State ---- */
enum wz_screen {
    SCREEN_START,
    SCREEN_QUESTION,
    SCREEN_INPUT,
    SCREEN_PROBE,
    SCREEN_CONCLUSION,
    SCREEN_TRAIL,
    SCREEN_HELP,
    SCREEN_COUNT
};

enum wz_probe_phase {
    PROBE_IDLE,    /* nothing running: manual answers if a probe has no outcome */
    PROBE_RUNNING, /* the batch runs; rows show live elapsed times */
    PROBE_SHOWN,   /* results are in and on screen; Enter feeds them to the session */
};

#define WZ_QUERY_MAX  64
#define WZ_LINE_MAX   1024
#define WZ_FOUND_MAX  64
#define WZ_STATUS_MAX 320

struct wz_probe_run {
    enum wz_probe_phase phase;
    /* The live run (driver.h): results, elapsed time, and the step already probed, so that
     * going back to it asks rather than testing again. */
    struct aod_probe_runner run;
    char note[WZ_STATUS_MAX]; /* why live tests are not used, shown above the ask */
};

struct wz_state {
    struct aod_catalog *cat;
    const struct aod_wizard_opts *opts;
    struct aod_session *s;    /* NULL on the symptom list before a pick */
    const struct aod_view *v; /* the session's current view, refreshed on REACT_STEP */
    struct wz_layout lay;
    enum wz_screen screen;
    enum wz_screen under; /* the screen trail or search returns to: the session's own */

    size_t sel;       /* selected line of the current list */
    size_t top;       /* first line shown of a scrolled list or pane */
    size_t text_top;  /* first line shown of a step's text too long for its room */
    size_t saved_sel; /* sel and top of the screen under trail or search */
    size_t saved_top;
    enum wz_screen help_under; /* help opens over any screen, trail and search included */
    size_t help_sel;
    size_t help_top;
    const char *seen_node; /* node and depth the selection belongs to */
    size_t seen_depth;

    char query[WZ_QUERY_MAX]; /* symptom search */
    size_t query_len;
    const struct aod_flow *found[WZ_FOUND_MAX];
    size_t n_found;
    bool has_triage; /* a "start" flow exists: offered first on the list */

    char line[WZ_LINE_MAX]; /* input line editor: bytes, cursor at a character start */
    size_t line_len;
    size_t cursor;
    char input_msg[AOD_ERR_MAX];

    struct wz_probe_run probe;

    bool is_confirm_quit;
    bool is_confirm_leave; /* starting another flow from search would end this session */
    const struct aod_flow *pending_flow;
    char status[WZ_STATUS_MAX];
    enum wz_role status_role;
};

/* A screen (ncdu X_init/X_draw/X_key, tig view_ops). */
struct wz_screen_ops {
    const char *name;
    bool is_text_entry;                /* keys reach handle() raw, see wz_key_request_text */
    void (*init)(struct wz_state *st); /* on entering the screen or a new step */
    void (*draw)(const struct wz_state *st);
    unsigned (*handle)(struct wz_state *st, enum aod_request req, int key);
    const enum aod_request *footer; /* requests in the footer, REQ_NONE-terminated */
    /* When the footer depends on the state (may be NULL: `footer` is used). */
    const enum aod_request *(*footer_of)(const struct wz_state *st);
};

extern const struct wz_screen_ops wz_screen_start;
extern const struct wz_screen_ops wz_screen_question;
extern const struct wz_screen_ops wz_screen_input;
extern const struct wz_screen_ops wz_screen_probe;
extern const struct wz_screen_ops wz_screen_conclusion;
extern const struct wz_screen_ops wz_screen_trail;
extern const struct wz_screen_ops wz_screen_help;

const struct wz_screen_ops *wz_screen_ops_of(enum wz_screen sc);

/* ---- Drawing helpers (screen_chrome.c). Text is made safe here: control characters and
 * malformed bytes become '?', and without UTF-8 every non-ASCII character does too. ---- */
/* Draws s[0..len) at (y, x), at most `w` cells; returns the cells used. */
int wz_put(int y, int x, int w, const char *s, size_t len, enum wz_role role);
int wz_puts(int y, int x, int w, const char *s, enum wz_role role);
/* Word-wraps `s` into the rectangle rows y.. y+h-1 from line `skip`; returns the lines the
 * whole text needs (drawn or not). */
int wz_put_wrapped(int y, int x, int w, int h, size_t skip, const char *s, enum wz_role role);
void wz_clear_rect(const struct wz_rect *r);
/* Title and text at the top of the body, the text at most `max_h` rows; returns the next free
 * row (screen_question.c). */
int wz_draw_heading(const struct wz_state *st, const char *title, const char *text, int max_h);
/* PgUp/PgDn on a step's text that did not fit (st->text_top). */
unsigned wz_text_scroll(struct wz_state *st, enum aod_request req, const char *text);
/* "1. label" rows from row y, the selection (st->sel) marked by a glyph and a role. */
void wz_draw_choices(const struct wz_state *st, int y, const char *const *labels, size_t n);
/* Header, trail line or pane, status and footer of the current screen. */
void wz_draw_chrome(const struct wz_state *st);
void wz_draw_too_small(const struct wz_state *st);

/* ---- Session helpers (loop.c) ---- */
/* Sets the status line. */
void wz_status(struct wz_state *st, enum wz_role role, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Opens a new session on flow `f` (presets applied), replacing the current one. */
unsigned wz_open_flow(struct wz_state *st, const struct aod_flow *f);
/* Goes back one step; at the first step of a flow, back to the symptom list. */
unsigned wz_go_back(struct wz_state *st);
/* Closes trail or search: back to the session's screen, at the same place. */
unsigned wz_close_overlay(struct wz_state *st);
/* Closes help: back to the screen it was opened over (an overlay too), at the same place. */
unsigned wz_close_help(struct wz_state *st);
/* Handles requests every screen shares (help, trail, search, quit, redraw). */
unsigned wz_common(struct wz_state *st, enum aod_request req);
/* Rows of a numbered list in the body: moves the selection for UP/DOWN/FIRST/LAST/PAGE and
 * keeps it visible. */
unsigned wz_list_move(struct wz_state *st, enum aod_request req, size_t n, int h);

/* ---- Copy and export ---- */
/* RFC 4648 base64 of src[0..len) into dst (NUL-terminated); returns the length written, or 0
 * when cap is too small. */
size_t wz_base64(const unsigned char *src, size_t len, char *dst, size_t cap);
/* Writes an OSC 52 clipboard request for `text` to `f`; false when `text` is too long. */
bool wz_osc52_copy(FILE *f, const char *text);
/* Joins the commands of the conclusion `v` (PowerShell ones as they are, others as comments)
 * into a .ps1 text; returns a malloc'ed string or NULL. `only` selects one command (by its index
 * over all run and verify commands) or SIZE_MAX for all. */
char *wz_commands_text(const struct aod_view *v, size_t only, bool is_script);
/* Number of commands of a conclusion (run and verify, every step). */
size_t wz_command_count(const struct aod_view *v);
/* Writes the .ps1 for `v` into `dir` as aovpn-doctor-<flow>.ps1 (or -2, -3 ... when taken),
 * through a temporary file and link(), so an existing file is never overwritten. The path
 * goes to path[cap]. */
bool wz_write_ps1(const struct aod_view *v, const char *dir, char *path, size_t cap,
                  struct aod_err *err);

/* ---- Scripted keys (script.c): AOD_SCRIPT files for headless tests. ---- */
struct wz_script;
/* Opens `path`; NULL with err set. */
struct wz_script *wz_script_open(const char *path, struct aod_err *err);
void wz_script_free(struct wz_script *sc);
/* The next key (>= 0), or a command: returns -1 and fills cmd/arg ("dump-screen", "file");
 * returns -2 at the end of the script. */
int wz_script_next(struct wz_script *sc, char *cmd, size_t cmd_cap, char *arg, size_t arg_cap);

/* Writes the screen as text, then its attributes (one character per cell), to `path`. */
bool wz_dump_screen(const char *path);

#endif
