/* include/aod/flow.h: decision-tree flows and the catalog that holds them.
 * Loading reads flow files (or buffers); nothing else in the engine does I/O. The format is
 * documented in docs/flows.md and described by assets/flow.schema.json. */
#ifndef AOD_FLOW_H
#define AOD_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aod/status.h"

/* Limits: input is data, and everything that grows has a cap. */
#define AOD_FLOW_MAX_BYTES   (1024 * 1024)
#define AOD_FLOW_MAX_NODES   500
#define AOD_FLOW_MAX_STRING  8192
#define AOD_FLOW_MAX_CHOICES 9 /* so that one digit always picks a choice */
#define AOD_FLOW_MAX_PROBES  8
#define AOD_FLOW_MAX_ID      64

struct aod_catalog;
struct aod_flow;

#define AOD_NODE_KIND_LIST(X)                                                                      \
    X(AOD_NODE_QUESTION, "question")                                                               \
    X(AOD_NODE_INPUT, "input")                                                                     \
    X(AOD_NODE_PROBE, "probe")                                                                     \
    X(AOD_NODE_CONCLUSION, "conclusion")

enum aod_node_kind {
#define AOD_NODE_KIND_ENUM(name, word) name,
    AOD_NODE_KIND_LIST(AOD_NODE_KIND_ENUM)
#undef AOD_NODE_KIND_ENUM
};

const char *aod_node_kind_word(enum aod_node_kind k);

/* ---- Diagnostics: what is wrong with a flow, and where ---- */

struct aod_diag {
    const char *file; /* as given to the loader */
    int line;         /* from 1; 0 when the problem has no position (unreadable file) */
    int col;          /* from 1, in characters */
    const char *msg;
};

struct aod_diags;

/* An empty list, or NULL when out of memory. */
struct aod_diags *aod_diags_new(void);
/* Accepts NULL. */
void aod_diags_free(struct aod_diags *d);
size_t aod_diags_count(const struct aod_diags *d);
/* Borrowed; valid until aod_diags_free. Entries come sorted by file, line and column once
 * aod_diags_sort has run. */
const struct aod_diag *aod_diags_get(const struct aod_diags *d, size_t i);
void aod_diags_sort(struct aod_diags *d);
/* Writes "file:line:col: msg" (or "file: msg") into buf. */
void aod_diag_format(const struct aod_diag *dg, char *buf, size_t cap);

/* ---- The catalog ---- */

/* A new, empty catalog or NULL. Flows added to it are owned by it. */
struct aod_catalog *aod_catalog_new(void);
/* Frees the catalog and its flows; every session on it must be gone. Accepts NULL. */
void aod_catalog_free(struct aod_catalog *cat);

/* Parses and validates one flow from buf[0..len). `name` (usually the path) is copied and used
 * in diagnostics. Every problem found is appended to `diags` (which may be NULL); a flow with
 * any problem is not added. Returns AOD_OK, AOD_E_PARSE (not JSON), AOD_E_FLOW (JSON, but not
 * a valid flow; also a second flow with the same id) or AOD_E_NOMEM. */
enum aod_status aod_catalog_add_buffer(struct aod_catalog *cat, const char *name, const char *buf,
                                       size_t len, struct aod_diags *diags, struct aod_err *err);
/* Reads `path` (at most AOD_FLOW_MAX_BYTES) and adds it as above; AOD_E_IO when unreadable. */
enum aod_status aod_catalog_add_file(struct aod_catalog *cat, const char *path,
                                     struct aod_diags *diags, struct aod_err *err);
/* Adds every "*.json" file of `dir` in name order. Keeps going after a bad file so that all
 * problems are reported; returns the first failure's code. AOD_E_IO when `dir` is unreadable. */
enum aod_status aod_catalog_add_dir(struct aod_catalog *cat, const char *dir,
                                    struct aod_diags *diags, struct aod_err *err);

/* A lazy catalog: knows every "*.json" file of `dir` (in name order) by its header only: id,
 * title, summary, keywords, listed and version, which the format puts before "nodes", so each
 * file is read only that far. Listing, aod_catalog_find and aod_catalog_search work at once; a
 * flow is loaded, validated and linked when aod_catalog_open (or aod_session_new) opens it, and
 * a jump into another flow opens that one. Start-up thus costs a little per file and nothing per
 * node. A file whose header cannot be read is loaded whole at once; when that fails too it is
 * listed under its file name (id: the name less ".json"), with its first problem as summary.
 * Returns AOD_OK, AOD_E_IO (folder unreadable), AOD_E_NOTFOUND (no flow file) or AOD_E_NOMEM;
 * broken flows are no error here. */
enum aod_status aod_catalog_index_dir(struct aod_catalog *cat, const char *dir,
                                      struct aod_err *err);

/* Makes flow `id` ready for a session. On a lazy catalog, loads it on first use and checks
 * what opening can check: everything about the file itself (as lint), and that every target
 * names a node of this flow or a flow of the catalog. Whole-catalog properties (reachability,
 * dead ends, facts set on some path) are lint's, which loads every flow. On a broken flow
 * returns AOD_E_FLOW with the first problem as "file:line:col: message" in err and every
 * problem appended to `diags` (may be NULL), the same on every call. On a catalog filled by
 * aod_catalog_add_*: AOD_OK once aod_catalog_check has passed, else AOD_E_STATE.
 * AOD_E_NOTFOUND when no flow has that id. */
enum aod_status aod_catalog_open(struct aod_catalog *cat, const char *id, struct aod_diags *diags,
                                 struct aod_err *err);

/* Checks the catalog as a whole and links it: every target resolves (also into other flows),
 * every node is reachable from its flow's start or from another flow, every node can still
 * reach a conclusion, and every {{fact}} in a text or command is set on some path that leads
 * there. Problems go to `diags`. Sessions need a checked catalog. Returns AOD_OK, AOD_E_FLOW
 * (problems found) or AOD_E_NOMEM (a check could not run to its end; the catalog is then not
 * checked, and `diags` may lack problems). Runs to a fixed point over the catalog's graph:
 * fine for hundreds of nodes. */
enum aod_status aod_catalog_check(struct aod_catalog *cat, struct aod_diags *diags,
                                  struct aod_err *err);

/* Every flow the catalog knows, in file name order, loaded or not. */
size_t aod_catalog_count(const struct aod_catalog *cat);
/* Borrowed pointers, valid for the catalog's lifetime. NULL when absent. On a lazy catalog a
 * flow not opened yet has its header and no nodes (aod_flow_node_count 0). */
const struct aod_flow *aod_catalog_flow(const struct aod_catalog *cat, size_t i);
const struct aod_flow *aod_catalog_find(const struct aod_catalog *cat, const char *id);

/* Ranks the listed flows against a typed query: a code in any form ("0x329" finds 809), an
 * event ID, a word of the title or keywords, or the start of one (type-to-search); every word
 * must hit. When no flow takes every word, the query is read as pasted text (aod/paste.h: an
 * event message, a log line, "809.", "'0x80092013'"): a code found that a code keyword names
 * counts most, then a code in the title, then a word or phrase keyword that occurs in the text.
 * Works on the header only (id, title, summary, keywords), so nothing is loaded. Stores up to
 * `max` flows, best first, in out[] and returns how many. An empty query lists every listed
 * flow in catalog order. */
size_t aod_catalog_search(const struct aod_catalog *cat, const char *query,
                          const struct aod_flow **out, size_t max);

/* True when a listed flow names `code` among its keywords (in any form): a guided check covers
 * it. Works on the header only. */
bool aod_catalog_covers(const struct aod_catalog *cat, uint32_t code);

/* ---- One flow ---- */

const char *aod_flow_id(const struct aod_flow *f);
const char *aod_flow_title(const struct aod_flow *f);
const char *aod_flow_summary(const struct aod_flow *f); /* "" when the flow has none */
const char *aod_flow_file(const struct aod_flow *f);
int aod_flow_version(const struct aod_flow *f);
size_t aod_flow_keyword_count(const struct aod_flow *f);
const char *aod_flow_keyword(const struct aod_flow *f, size_t i);
/* False for flows such as "start" that are entry points rather than symptoms. */
bool aod_flow_is_listed(const struct aod_flow *f);
size_t aod_flow_node_count(const struct aod_flow *f);

/* ---- The shape of a flow, for drawing it (aovpn-doctor graph) ---- */

/* Node i of the flow (0 <= i < aod_flow_node_count), borrowed for the catalog's lifetime. */
struct aod_node_info {
    const char *id;
    const char *title; /* as written, {{facts}} not filled in */
    enum aod_node_kind kind;
    bool is_start;
};
void aod_flow_node(const struct aod_flow *f, size_t i, struct aod_node_info *out);

/* The ways out of node i, in order: a question's choices, then the routes of an input or
 * probe step, then its `next`. `label` says when the edge is taken ("IKEv2", "match: 809",
 * "dns.verdict = fail", "otherwise"); it is written into `buf` when it has to be composed.
 * `flow` is NULL for a node of the same flow. Returns how many edges the node has when `e` is
 * NULL; otherwise fills edge k and returns 1 (0 when k is out of range). */
struct aod_edge_info {
    const char *label;
    const char *flow;
    const char *node;
};
size_t aod_flow_edge(const struct aod_flow *f, size_t i, size_t k, struct aod_edge_info *e,
                     char *buf, size_t cap);

#endif
