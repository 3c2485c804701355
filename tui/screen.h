/* tui/screen.h: the state every screen draws from, the screen ops tables, and the screen stack:
 * the session's own screen at the bottom, overlays (trail or search, help, a yes/no question)
 * pushed over it and popped back to the same place. */
#ifndef AOD_TUI_SCREEN_H
#define AOD_TUI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "aod/probe.h"
#include "aod/session.h"
#include "driver.h"
#include "keymap.h"
#include "layout.h"
#include "theme.h"
#include "wizard.h"

/* Reaction flags returned by a screen's handle() (htop Htop_Reaction). REACT_NONE means that
 * nothing visible changed: the loop then paints nothing and nothing reaches the terminal. */
#define REACT_NONE      0u
#define REACT_REDRAW    1u  /* state changed: draw again (curses sends only what differs) */
#define REACT_RELAYOUT  2u  /* the size changed */
#define REACT_RUN_PROBE 4u  /* start the live probes of the current step */
#define REACT_QUIT      8u  /* leave the loop */
#define REACT_STEP      16u /* the session moved: fetch the view, reset the selection */
#define REACT_FULL      32u /* repaint every cell (Ctrl-L) */

enum wz_screen {
    SCREEN_START,
    SCREEN_QUESTION,
    SCREEN_INPUT,
    SCREEN_PROBE,
    SCREEN_CONCLUSION,
    SCREEN_TRAIL,
    SCREEN_HELP,
    SCREEN_CODE,     /* the code dictionary's page of a code no flow covers, over the search */
    SCREEN_CONFIRM,  /* y/n in the status line over the screen below (quit, or leave) */
    SCREEN_EVIDENCE, /* one test's whole evidence, scrollable, over the probe step */
    SCREEN_COUNT
};

enum wz_probe_phase {
    PROBE_IDLE,    /* nothing running: manual answers if a probe has no outcome */
    PROBE_RUNNING, /* the batch runs; rows show live elapsed times */
    PROBE_SHOWN,   /* results are in and on screen; Enter feeds them to the session */
};

#define WZ_QUERY_CHARS 1024                     /* a pasted event message or log line fits */
#define WZ_QUERY_MAX   (4 * WZ_QUERY_CHARS + 1) /* bytes: that many characters of any UTF-8 */
#define WZ_LINE_MAX    1024
#define WZ_FOUND_MAX   64
#define WZ_STATUS_MAX  320
#define WZ_STACK_MAX   8 /* session screen, trail or search, help, confirm: 4 at most */

struct wz_probe_run {
    enum wz_probe_phase phase;
    /* The live run (driver.h): results, elapsed time, and the step already probed, so that
     * going back to it asks rather than testing again. */
    struct aod_probe_runner run;
    char note[WZ_STATUS_MAX]; /* why live tests are not used, shown above the ask */
    char host[256];           /* this host's name, and when the tests started: shown with them */
    char started[64];
    char evidence[8192]; /* SCREEN_EVIDENCE: the row's evidence, one line a field */
};

/* A screen below the top of the stack, with the place it was left at. */
struct wz_frame {
    enum wz_screen screen;
    size_t sel;
    size_t top;
};

/* '/' find on the screen on show (screen_find.c). */
struct wz_find {
    char pat[64]; /* lower case; matched without regard to case */
    size_t len;
    bool is_typing; /* the pattern is being typed in the status line */
    int hit_y;      /* the current match, -1 for none */
    int hit_x;
};

struct wz_state {
    struct aod_catalog *cat;
    const struct aod_wizard_opts *opts;
    struct aod_session *s;    /* NULL on the symptom list before a pick */
    const struct aod_view *v; /* the session's current view, refreshed on REACT_STEP */
    struct wz_layout lay;

    /* The top of the screen stack is live here (screen, sel, top); what is below waits in
     * under[], bottom first. A new step empties the stack. */
    enum wz_screen screen;
    size_t sel; /* selected line of the current list */
    size_t top; /* first line shown of a scrolled list or pane */
    struct wz_frame under[WZ_STACK_MAX];
    size_t n_under;
    size_t text_top;       /* first line shown of a step's text too long for its room */
    const char *seen_node; /* node and depth the selection belongs to */
    size_t seen_depth;

    char query[WZ_QUERY_MAX]; /* symptom search */
    size_t query_len;
    const struct aod_flow *found[WZ_FOUND_MAX];
    size_t n_found;
    bool has_triage; /* a "start" flow exists: offered first on the list */
    /* What the search found beyond flows, offered first (through the start flow): the event
     * that only carries a code, a code no flow covers, or nothing at all. */
    enum wz_lead { LEAD_NONE, LEAD_ASK_CODE, LEAD_NO_FLOW, LEAD_NOTHING } lead;
    uint32_t lead_code;   /* LEAD_NO_FLOW: the code found */
    bool is_pasting;      /* keys come from a paste: text only, never a shortcut */
    bool is_pending_lead; /* under SCREEN_CONFIRM: "yes" takes the search's lead */

    char line[WZ_LINE_MAX]; /* input line editor: bytes, cursor at a character start */
    size_t line_len;
    size_t cursor;
    char input_msg[AOD_ERR_MAX];

    struct wz_probe_run probe;

    /* Under SCREEN_CONFIRM: the flow that "yes" starts (leaving this session), NULL for quit. */
    const struct aod_flow *pending_flow;
    char status[WZ_STATUS_MAX];
    enum wz_role status_role;
    /* SCREEN_CODE (screen_code.c): the page of code_page_code as the dictionary formats it, one
     * line a field, and the flow it names as nearest (NULL: none, or not in the catalog). */
    char code_page[8192];
    uint32_t code_page_code;
    const struct aod_flow *code_flow;
    struct wz_find find;
    bool
        is_bs_disarmed; /* input: the last Backspace emptied the field; the next does not go back */
    long n_paints;      /* screens drawn so far: the :paints script command reports it */
};

/* A screen (ncdu X_init/X_draw/X_key, tig view_ops). */
struct wz_screen_ops {
    const char *name;
    bool is_text_entry;                /* keys reach handle() raw, see wz_key_request_text */
    void (*init)(struct wz_state *st); /* on entering the screen or a new step */
    /* Computes what depends on the view and the layout (may be NULL). The loop calls it for the
     * session's screen after a new step and after a size change, never on a plain key. */
    void (*relayout)(struct wz_state *st);
    void (*draw)(const struct wz_state *st); /* only reads; never called for SCREEN_CONFIRM */
    /* Changes state for `req` (raw `key` too, for text entry); returns REACT_* flags, and
     * REACT_NONE only when nothing visible changed. Never paints. */
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
extern const struct wz_screen_ops wz_screen_confirm;
extern const struct wz_screen_ops wz_screen_code;
extern const struct wz_screen_ops wz_screen_evidence;

/* The ops of screen `sc`; the start screen's for an out-of-range value. */
const struct wz_screen_ops *wz_screen_ops_of(enum wz_screen sc);
/* The screen whose body is on show: the top of the stack, or for SCREEN_CONFIRM the one below
 * it (the question sits in the status line over it). */
enum wz_screen wz_screen_shown(const struct wz_state *st);
/* Pushes overlay `sc` over the current screen, which keeps its selection and scroll place;
 * `sel` and `top` stay as they are for the new screen to use or reset. When the stack is full
 * the top is replaced instead. */
void wz_screen_push(struct wz_state *st, enum wz_screen sc);
/* Pops the top overlay: the screen below comes back at the same place. REACT_REDRAW, or
 * REACT_NONE when nothing is stacked. */
unsigned wz_screen_pop(struct wz_state *st);
/* Takes the search's lead (screen_start.c): opens the start flow and gives the search text to
 * its symptom question, which routes it (the question for event 20227's code, or the outcome
 * for what no flow covers). Returns REACT_* flags. */
unsigned wz_start_lead(struct wz_state *st);

/* Opens the code dictionary's page of `code` over the current screen (screen_code.c): loads the
 * dictionary of opts->flows_dir now (never at start-up); a dictionary that cannot be read is
 * said on the page. Returns REACT_* flags. */
unsigned wz_code_page_open(struct wz_state *st, uint32_t code);
/* Opens probe row i's whole evidence (verdict, where it ran from, every field) in a pager over
 * the probe step (screen_evidence.c). */
unsigned wz_evidence_open(struct wz_state *st, size_t i);

/* Empties the stack, leaving `sc` alone on it (a new step). */
void wz_screen_reset(struct wz_state *st, enum wz_screen sc);

#endif
