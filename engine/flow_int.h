/* engine/flow_int.h: the in-memory form of a flow, shared by the loader, the checker and the
 * session. Part-private to engine/; front ends see flows only through aod/flow.h and
 * aod/session.h. Every string is owned by the flow's arena. */
#ifndef AOD_ENGINE_FLOW_INT_H
#define AOD_ENGINE_FLOW_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "aod/flow.h"
#include "aod/session.h"

struct flow_node;

/* Where something was written: its JSON path ("/nodes/3/next"). Line and column are worked out
 * only when a diagnostic needs them (flow_locate), so loading a good flow indexes nothing. */
struct flow_pos {
    const char *path;
};

/* "node" or "flow:node"; resolved by aod_catalog_check. */
struct flow_target {
    const char *raw;
    struct flow_pos pos;
    const struct aod_flow *flow;
    const struct flow_node *node;
};

/* "set": {"fact": "value"} on a choice or a manual probe answer. */
struct flow_set {
    const char *fact;
    const char *value;
};

struct flow_choice {
    const char *label;
    struct flow_set *sets;
    size_t n_sets;
    struct flow_target next;
};

/* One condition of a route: the fact's value is one of values[]. */
struct flow_cond {
    const char *fact;
    const char **values;
    size_t n_values;
};

/* Input nodes route by `match` (patterns for aod_answer_matches); probe nodes by `when`. */
struct flow_route {
    const char **match;
    size_t n_match;
    struct flow_cond *when;
    size_t n_when;
    struct flow_target next;
};

struct flow_param {
    const char *name;
    const char *value; /* a template: "{{vpn_host}}" */
};

/* A manual answer to a probe's question, for when it cannot run. */
struct flow_answer {
    const char *label;
    enum aod_verdict verdict;
    struct flow_set *sets;
    size_t n_sets;
};

struct flow_probe {
    const char *id;   /* facts "<id>.verdict", "<id>.summary", "<id>.<field>" */
    const char *kind; /* "dns", "tcp", "ike", ... */
    const char *ask;  /* the question put to the user when the probe cannot run */
    struct flow_param *params;
    size_t n_params;
    struct flow_answer *answers;
    size_t n_answers;
    const char **fields; /* evidence fields the flow reads, for the checker */
    size_t n_fields;
};

struct flow_cmds {
    enum aod_shell shell;
    enum aod_where where; /* a verify block without its own "where" takes the step's */
    const char **commands;
    size_t n_commands;
};

struct flow_step {
    const char *title;
    const char *text;
    const char *risk;
    const char *caveat;
    bool is_reference; /* "reference": a retired form shown for reference, never to run */
    struct flow_cmds run;
    struct flow_cmds verify;
    const char *expect;
};

/* A {{fact}} used somewhere in a node, with the place it was written. */
struct flow_use {
    const char *fact;
    struct flow_pos pos;
};

struct flow_node {
    const char *id;
    enum aod_node_kind kind;
    const char *title;
    const char *text;
    struct flow_pos pos;

    /* question */
    struct flow_choice *choices;
    size_t n_choices;
    struct flow_cmds ask; /* "commands": what to run to answer it; n_commands may be 0 */

    /* input */
    const char *fact;
    enum aod_input_type input_type;
    const char *placeholder;
    long min;
    long max;
    size_t max_len;
    const char *code_fact; /* symptom: where the canonical code found goes; may be NULL */

    /* probe */
    struct flow_probe *probes;
    size_t n_probes;

    /* input and probe: first matching route wins, else `next` */
    struct flow_route *routes;
    size_t n_routes;
    struct flow_target next;

    /* conclusion */
    const char *reasoning;
    const char *caveat;
    const char *checked; /* "YYYY-MM-DD": when the content was last checked against sources */
    struct flow_step *steps;
    size_t n_steps;
    const char **sources;
    size_t n_sources;

    /* every fact this node's templates use, and every fact it may set */
    struct flow_use *uses;
    size_t n_uses;
    const char **sets;
    size_t n_sets_all;
};

struct jpos;

struct aod_flow {
    struct arena arena;
    const char *file;
    const char *text; /* the source, kept for flow_locate */
    size_t text_len;
    struct jpos *jp; /* built by the first flow_locate; owned */
    const char *id;
    const char *title;
    const char *summary;
    int version;
    bool is_listed;
    const char **keywords;
    size_t n_keywords;
    struct flow_target start;
    struct flow_node *nodes;
    size_t n_nodes;
};

/* The words of the format, indexed by enum aod_node_kind, aod_input_type and aod_shell, each
 * table ending in NULL (session.c). */
extern const char *const flow_kind_words[];
extern const char *const flow_input_type_words[];
extern const char *const flow_shell_words[];
extern const char *const flow_where_words[];

/* The index of `w` in a NULL-terminated word table, or -1. */
int flow_word_index(const char *const *words, const char *w);

/* "powershell", "cmd", "registry", "bash" to the shell; false for anything else. */
bool flow_parse_shell(const char *w, enum aod_shell *out);

/* True for a fact name: 1 to 64 of letters, digits, '_', '.', '-'. */
bool flow_is_fact_name(const char *s);

/* Node lookup by id inside one flow; NULL when absent. */
const struct flow_node *flow_find_node(const struct aod_flow *f, const char *id);

/* Parses buf into a new flow; problems go to diags (counted in *n_errors). Returns NULL when
 * the flow has any problem. */
struct aod_flow *flow_load(const char *name, const char *buf, size_t len, struct aod_diags *diags,
                           size_t *n_errors, struct aod_err *err);
void flow_free(struct aod_flow *f);
/* Points cJSON's allocations at `a` (NULL: back to malloc) for this thread, so that a parse can
 * tell a failed allocation (a->has_failed) from a syntax error, and the tree goes with the
 * arena. Call with NULL only after cJSON_Delete of every tree parsed meanwhile. */
void flow_json_arena(struct arena *a);

/* Line and column of `pos` in the flow's file (indexing the text on first use). Both are 0 when
 * the index cannot be built (out of memory). */
void flow_locate(struct aod_flow *f, const struct flow_pos *pos, int *line, int *col);

/* Appends a diagnostic; returns AOD_E_NOMEM when it cannot. */
enum aod_status diags_add(struct aod_diags *d, const char *file, int line, int col, const char *fmt,
                          ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* The flow and node a target names, or NULL. Looks `raw` up in `cat` ("flow:node") or in
 * `home` ("node"). */
const struct flow_node *catalog_resolve(const struct aod_catalog *cat, const struct aod_flow *home,
                                        const char *raw, const struct aod_flow **flow_out);

#endif
