/* include/aod/session.h: one walk through the decision trees of a checked catalog.
 * A pure state machine: its inputs are answers and probe results, its output is a view of the
 * current step. It does no I/O, keeps no clock and never runs a probe itself: at a probe step
 * the driver (line mode, curses, tests) runs the probes or asks the user, and feeds the
 * outcome back. */
#ifndef AOD_SESSION_H
#define AOD_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "aod/flow.h"
#include "aod/probe_result.h"
#include "aod/status.h"

/* What an input node accepts. "error_code" takes 809, -2146885613 or 0x80092013 and stores
 * the canonical form (aod/errcode.h). */
#define AOD_INPUT_TYPE_LIST(X)                                                                     \
    X(AOD_INPUT_TEXT, "text")                                                                      \
    X(AOD_INPUT_HOST, "host")                                                                      \
    X(AOD_INPUT_NUMBER, "number")                                                                  \
    X(AOD_INPUT_ERROR_CODE, "error_code")                                                          \
    X(AOD_INPUT_SYMPTOM, "symptom") /* text whose codes and words route it (aod/paste.h) */

enum aod_input_type {
#define AOD_INPUT_TYPE_ENUM(name, word) name,
    AOD_INPUT_TYPE_LIST(AOD_INPUT_TYPE_ENUM)
#undef AOD_INPUT_TYPE_ENUM
};

/* Where a command runs. Facts placed in a command are quoted as literals for that shell. */
#define AOD_SHELL_LIST(X)                                                                          \
    X(AOD_SHELL_POWERSHELL, "powershell", "PowerShell")                                            \
    X(AOD_SHELL_CMD, "cmd", "Command Prompt")                                                      \
    X(AOD_SHELL_REG, "registry", "Registry file (.reg)")                                           \
    X(AOD_SHELL_BASH, "bash", "Linux shell")

enum aod_shell {
#define AOD_SHELL_ENUM(name, word, label) name,
    AOD_SHELL_LIST(AOD_SHELL_ENUM)
#undef AOD_SHELL_ENUM
};

/* Which machine a command runs on: a step names it (flow member "where"), so that the commands
 * of one place can be copied or written together, and a Linux command never lands in a
 * PowerShell paste. The label completes "Run on ...". */
#define AOD_WHERE_LIST(X)                                                                          \
    X(AOD_WHERE_CLIENT, "client", "the client", "Client")                                          \
    X(AOD_WHERE_RRAS, "rras", "each RRAS server", "RRAS server")                                   \
    X(AOD_WHERE_NPS, "nps", "each NPS server", "NPS server")                                       \
    X(AOD_WHERE_ADMIN, "admin", "an admin workstation with Microsoft Graph",                       \
      "Admin workstation (Graph)")                                                                 \
    X(AOD_WHERE_LINUX, "linux", "this Linux host", "This Linux host")

enum aod_where {
#define AOD_WHERE_ENUM(name, word, label, title) name,
    AOD_WHERE_LIST(AOD_WHERE_ENUM)
#undef AOD_WHERE_ENUM
        AOD_WHERE_COUNT
};

/* Who gave an answer, for the trail and the transcript. */
#define AOD_SOURCE_LIST(X)                                                                         \
    X(AOD_SOURCE_USER, "user")                                                                     \
    X(AOD_SOURCE_FILE, "answer file")                                                              \
    X(AOD_SOURCE_PROBE, "probe")                                                                   \
    X(AOD_SOURCE_PRESET, "preset")

enum aod_source {
#define AOD_SOURCE_ENUM(name, word) name,
    AOD_SOURCE_LIST(AOD_SOURCE_ENUM)
#undef AOD_SOURCE_ENUM
};

const char *aod_node_kind_word(enum aod_node_kind k);
const char *aod_input_type_word(enum aod_input_type t);
const char *aod_shell_word(enum aod_shell sh);  /* "powershell" */
const char *aod_shell_label(enum aod_shell sh); /* "PowerShell" */
const char *aod_source_word(enum aod_source src);
const char *aod_where_word(enum aod_where w);  /* "admin" */
const char *aod_where_label(enum aod_where w); /* "an admin workstation with Microsoft Graph" */
const char *aod_where_title(enum aod_where w); /* "Admin workstation (Graph)" */

/* ---- The view of the current step ----
 * Every string is expanded ({{fact}} filled in), printable, and borrowed from the session until
 * the next call that changes it or asks for a new view. */

struct aod_view_probe {
    const char *id;
    const char *kind;
    const struct aod_param *params; /* expanded: host = "vpn.contoso.com" */
    size_t n_params;
    const char *ask;            /* question for the user when the probe cannot run */
    const char *const *answers; /* manual answers; the last is always "I can't test ..." */
    size_t n_answers;
    bool is_done;             /* an outcome is in for this probe */
    enum aod_verdict verdict; /* valid when is_done */
    enum aod_source source;
    const char *summary; /* valid when is_done */
};

struct aod_view_cmds {
    enum aod_shell shell;
    const char *const *commands; /* each whole, one per entry, never cut */
    size_t n_commands;
    bool is_incomplete;   /* a fact was unknown or could not be quoted: see "<name>" placeholders */
    enum aod_where where; /* the machine they run on */
};

/* How every front end labels the commands of a reference step, in place of "Run". */
#define AOD_REFERENCE_LABEL "Legacy form, for reference only: do not run"

struct aod_view_step {
    const char *title;
    const char *text;   /* may be "" */
    const char *risk;   /* may be "" */
    const char *caveat; /* may be "": a fact we could not confirm */
    /* A retired form (MSOnline) kept for reference: `run` is shown labelled "Legacy form, for
     * reference only: do not run" and is never copied, written to a script or counted as a
     * command to run. Such a step has no verify. */
    bool is_reference;
    struct aod_view_cmds run;
    struct aod_view_cmds verify; /* n_commands may be 0 */
    const char *expect;          /* what the verify command shows when fixed; may be "" */
    bool is_done;                /* marked done by the user (aod_session_mark_done) */
};

struct aod_view {
    enum aod_node_kind kind;
    const char *flow_id;
    const char *flow_title;
    const char *node_id;
    const char *title;
    const char *text; /* may contain '\n' between paragraphs; may be "" */

    /* question */
    const char *const *choices;
    size_t n_choices;
    struct aod_view_cmds commands; /* the command that answers it; n_commands may be 0 */

    /* input */
    enum aod_input_type input_type;
    const char *fact;
    const char *placeholder; /* an example value; may be "" */
    const char *hint;        /* what is accepted, e.g. "an error code: 809, -2146885613 or ..." */

    /* probe */
    const struct aod_view_probe *probes;
    size_t n_probes;

    /* conclusion */
    const char *reasoning;
    const char *caveat;
    const char *checked; /* "YYYY-MM-DD": when the content was last checked against sources */
    const struct aod_view_step *steps;
    size_t n_steps;
    const char *const *sources;
    size_t n_sources;
};

/* One step of the trail: a node that was answered. */
struct aod_trail_step {
    const char *flow_id;
    const char *node_id;
    const char *title;
    enum aod_node_kind kind;
    const char *answer; /* the choice's label, the typed value, or one line per probe */
    enum aod_source source;
};

struct aod_session;

/* Starts at `flow_id`'s start node ("start" when NULL). `cat` must have passed
 * aod_catalog_check, or be a lazy catalog (aod_catalog_index_dir): then the flow is opened
 * here, and a step that jumps into another flow opens that one; a broken flow fails the call
 * (or the step, which then leaves the session where it was) with AOD_E_FLOW and
 * "file:line:col: message". `cat` must outlive the session. NULL with err set (AOD_E_NOTFOUND
 * for an unknown flow, AOD_E_STATE for an unchecked catalog, AOD_E_FLOW, AOD_E_NOMEM). */
struct aod_session *aod_session_new(struct aod_catalog *cat, const char *flow_id,
                                    struct aod_err *err);
/* Accepts NULL. */
void aod_session_free(struct aod_session *s);

/* Presets a fact before or during the walk ("--fact vpn_host=vpn.contoso.com"). The name is
 * letters, digits, '_', '.', '-'; the value must be printable text of at most 1024 bytes.
 * Presets survive going back. AOD_E_INPUT with a message naming what is wrong. */
enum aod_status aod_session_preset(struct aod_session *s, const char *name, const char *value,
                                   struct aod_err *err);

/* How many bytes one step's view may take: its texts and commands with the facts filled in,
 * plus their tables. `aovpn-doctor lint` checks each node's worst case against it. */
#define AOD_VIEW_MAX_BYTES (4u * 1024 * 1024)

/* The longest value a fact can hold, in bytes (typed, preset or from a flow). */
#define AOD_FACT_VALUE_MAX 1024

/* The current step. NULL when it cannot be built: out of memory, or the step is larger than
 * AOD_VIEW_MAX_BYTES once its facts are filled in (err says which; the code is AOD_E_NOMEM for
 * both). Every string of a view is non-NULL. Borrowed until the next call. */
const struct aod_view *aod_session_view(struct aod_session *s, struct aod_err *err);

/* Question: picks choice `i` (from 0). AOD_E_STATE on another kind, AOD_E_INPUT when out of
 * range. */
enum aod_status aod_session_choose(struct aod_session *s, size_t i, enum aod_source src,
                                   struct aod_err *err);

/* Input: validates `text` for the node's type and, if good, stores the fact and moves on.
 * AOD_E_INPUT with a message that says what is accepted; the session stays where it was.
 * A step reached going forward whose fact was preset (aod_session_preset) is answered with the
 * preset at once, as AOD_SOURCE_PRESET, when the step accepts it; a host input refuses what is
 * not a plausible DNS name or IPv4/IPv6 address ("1", "10.1", "vpn..contoso.com"). */
enum aod_status aod_session_input(struct aod_session *s, const char *text, enum aod_source src,
                                  struct aod_err *err);

/* Probe step, manual: the user picked answer `a` of probe `p`; `a` equal to the view's
 * n_answers - 1 is "I can't test this from here" (inconclusive). When every probe of the step
 * has an outcome, the session moves on. */
enum aod_status aod_session_probe_answer(struct aod_session *s, size_t p, size_t a,
                                         enum aod_source src, struct aod_err *err);

/* Probe step, measured: stores `r` for probe `p` (verdict, summary, and every field as the fact
 * "<probe id>.<field>"); text is scrubbed of control characters. A field whose name is not a
 * fact name, or is one of the probe's own facts ("verdict", "summary"), is dropped: evidence
 * never overrides the verdict. Moves on as above. The source is AOD_SOURCE_PROBE. */
enum aod_status aod_session_probe_result(struct aod_session *s, size_t p,
                                         const struct aod_probe_result *r, struct aod_err *err);

/* The same for a result given by `src` rather than measured now (a recorded result replayed
 * from an answer file): the trail and the view name `src`, and a field that would be dropped
 * above is refused instead, with AOD_E_INPUT and a message naming the field; nothing is stored
 * then. With AOD_SOURCE_PROBE it is aod_session_probe_result. */
enum aod_status aod_session_probe_result_from(struct aod_session *s, size_t p,
                                              const struct aod_probe_result *r, enum aod_source src,
                                              struct aod_err *err);

/* True at a conclusion: the walk has its outcome. */
bool aod_session_is_done(const struct aod_session *s);

/* The trail: completed steps, oldest first. Borrowed until the session changes. */
size_t aod_session_depth(const struct aod_session *s);
const struct aod_trail_step *aod_session_step(const struct aod_session *s, size_t i);

/* At an input step: the value to offer in its field, ready to edit: the answer it had before
 * going back to it, else a preset for its fact that it refused; NULL otherwise. Borrowed until
 * the session changes. */
const char *aod_session_input_default(const struct aod_session *s);

/* Goes back one step (undoing its answer and the facts it set); first clears any probe
 * outcomes already given at the current step. AOD_E_STATE at the very first step. */
enum aod_status aod_session_back(struct aod_session *s, struct aod_err *err);
/* Goes back to trail step `i`: that step becomes current again, unanswered. */
enum aod_status aod_session_goto(struct aod_session *s, size_t i, struct aod_err *err);

/* At a conclusion: marks fix step `i` (from 0) done or not done, for the view and the
 * transcript. Marks last while the session stays at this conclusion; going back drops them.
 * AOD_E_STATE elsewhere, AOD_E_INPUT when out of range. */
enum aod_status aod_session_mark_done(struct aod_session *s, size_t i, bool is_done,
                                      struct aod_err *err);

/* A fact's current value, or NULL when unset. Borrowed until the session changes. */
const char *aod_session_fact(const struct aod_session *s, const char *name);

/* Quotes `value` as one literal argument for `shell` into buf: PowerShell single quotes with
 * every single quote (also U+2018, U+2019, U+201A, U+201B, which PowerShell treats alike)
 * doubled; bash single quotes; cmd and registry double quotes. Returns false, writing nothing
 * usable, when the value cannot be quoted safely (control characters, or '"', '%', '^', '!'
 * for cmd) or buf is too small. */
bool aod_shell_quote(enum aod_shell shell, const char *value, char *buf, size_t cap);

#endif
