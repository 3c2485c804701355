/* tui/driver.h: what every front end shares: finding and loading the flows, and running the
 * probes of a step (or reporting that they cannot run). */
#ifndef AOD_TUI_DRIVER_H
#define AOD_TUI_DRIVER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "aod/exit.h"
#include "aod/flow.h"
#include "aod/probe.h"
#include "aod/session.h"
#include "atomic.h" /* aod_save_atomic */

/* The flow folder to use: `opt` (--flows) if given, else $AOD_FLOWS_DIR, else the source tree's
 * flows/ when running from a build tree, else the installed folder. Never NULL. */
const char *aod_flows_dir(const char *opt);

/* Loads and checks every flow of `dir`. On any problem writes each diagnostic as
 * "file:line:col: message" to `errf` and returns NULL. */
struct aod_catalog *aod_driver_load(const char *dir, FILE *errf);

/* Lists the flows of `dir` by their headers only (aod_catalog_index_dir): a flow is loaded and
 * checked when a session opens it, so start-up does not grow with the catalog and a broken flow
 * stops only the session that opens it. NULL after a message to `errf` when `dir` holds no
 * flow or cannot be read. */
struct aod_catalog *aod_driver_index(const char *dir, FILE *errf);

/* The front door's "code found, no flow" case: true when `text` (typed or pasted) carries an
 * error code (aod/paste.h) that no listed flow of `cat` names, which goes to *code. Both front
 * ends ask this where the code dictionary (aovpn-doctor explain) is to show the code's page:
 * screen_start.c code_without_flow() and plain.c code_without_flow(). */
bool aod_driver_uncovered_code(const struct aod_catalog *cat, const char *text, uint32_t *code);

/* Applies "--fact NAME=VALUE" presets; on a bad one writes why to `errf` and returns false. */
bool aod_driver_presets(struct aod_session *s, char **facts, size_t n, FILE *errf);

/* ---- The live run of one probe step: the one owner for every front end ----
 * A runner starts the probes of the session's current step through the lazily loaded module,
 * collects each result as its probe ends, and feeds the results to the session when the front
 * end says so. It remembers the step it last probed, so that coming back to a step (going back,
 * the same step again) asks instead of testing again, unless the front end forces a new test.
 *
 *   aod_runner_init(&r, timeout_ms, on_done, on_record, ctx);     once
 *   if (aod_runner_want(&r, s, v) == AOD_RUN_LIVE)                 on each new step
 *       aod_runner_start(&r, s, false, &err);                      (true: test again)
 *   while (!aod_runner_poll(&r, wait_ms)) ...                      or aod_runner_wait(&r)
 *   aod_runner_feed(&r, s, &err);                                  results into the session
 */

/* Probe `i` of the step has ended: `res` is its result (borrowed for the call), or NULL when it
 * did not finish (the module stalled past its deadline). Called once per probe per run, from
 * aod_runner_poll, in the order the probes end. */
typedef void aod_probe_done_fn(void *ctx, size_t i, const struct aod_probe_result *res);
/* One answer-file line ("=ID VERDICT [NAME=VALUE]... [-- SUMMARY]", see aod_result_line) for
 * each live result fed to the session: what --record writes. `line` is borrowed for the call. */
typedef void aod_record_fn(void *ctx, const char *line);

/* What a front end should do on entering a probe step. */
enum aod_run_want {
    AOD_RUN_LIVE,  /* no probe has an outcome and this step was not probed: test it */
    AOD_RUN_TRIED, /* this very step (node and depth) was probed already: ask instead */
    AOD_RUN_PARTLY /* some probes have an outcome: ask about the rest */
};

/* What aod_runner_start did. */
enum aod_run_start {
    AOD_RUN_STARTED,   /* the probes run; poll for them */
    AOD_RUN_SKIPPED,   /* not forced and the step was probed already; nothing started */
    AOD_RUN_NO_MODULE, /* the probes module is missing or does not match (err says why) */
    AOD_RUN_FAILED     /* the module refused the step's probes (err says why) */
};

/* Every field is set by the aod_runner_* functions; a front end reads the documented ones. */
struct aod_probe_runner {
    int timeout_ms;                       /* each probe's deadline, retries included */
    aod_probe_done_fn *on_done;           /* may be NULL */
    aod_record_fn *on_record;             /* may be NULL: nothing is recorded */
    void *ctx;                            /* for both callbacks */
    bool is_running;                      /* started and not all ended yet */
    bool is_cancelled;                    /* aod_runner_cancel was called during this run */
    long elapsed_ms;                      /* since the start, refreshed by each poll */
    size_t n;                             /* probes of the run (the step's) */
    bool has_result[AOD_FLOW_MAX_PROBES]; /* probe i ended with a result */
    struct aod_probe_result results[AOD_FLOW_MAX_PROBES]; /* `json` is always NULL */
    /* private */
    const struct aod_probe_api *api;
    struct aod_probe_batch *batch;
    long long started_ms;
    bool is_reported[AOD_FLOW_MAX_PROBES]; /* on_done was told */
    const char *tried_node;                /* the step last probed: node id and depth */
    size_t tried_depth;
};

/* Sets up an idle runner that has probed nothing yet. Never fails. */
void aod_runner_init(struct aod_probe_runner *r, int timeout_ms, aod_probe_done_fn *on_done,
                     aod_record_fn *on_record, void *ctx);
/* Whether to test the step `v` (the session's current view, a probe step) live. */
enum aod_run_want aod_runner_want(const struct aod_probe_runner *r, const struct aod_session *s,
                                  const struct aod_view *v);
/* Starts every probe of the session's current step at once, after dropping what an earlier run
 * left. Unless `force` ("test again"), a step already probed is skipped. The step counts as
 * probed from here on, even when the module cannot run it. Loads the module on first use
 * (blocks for that), then returns at once. */
enum aod_run_start aod_runner_start(struct aod_probe_runner *r, struct aod_session *s, bool force,
                                    struct aod_err *err);
/* Waits at most `wait_ms` (0: just looks) for the running probes, takes each result that is in
 * (telling on_done) and returns true once none runs any more. Past the deadline plus a second
 * of grace (a module bug) it cancels the rest and gives up on them after another second. */
bool aod_runner_poll(struct aod_probe_runner *r, int wait_ms);
/* aod_runner_poll until every probe has ended: at most the timeout plus two seconds. */
void aod_runner_wait(struct aod_probe_runner *r);
/* Asks every running probe to stop; each then ends with verdict error, "cancelled". */
void aod_runner_cancel(struct aod_probe_runner *r);
/* Feeds each result of the finished run to the session, except verdict error (left for the
 * user to answer) and probes that have an outcome already; each one fed is recorded first. The
 * session may move on. Returns false with the reason in err when the session refuses one. */
bool aod_runner_feed(struct aod_probe_runner *r, struct aod_session *s, struct aod_err *err);
/* Cancels and frees a run and drops its results; remembers the step it probed. */
void aod_runner_clear(struct aod_probe_runner *r);
/* aod_runner_clear, and forgets the step probed (a new session starts). */
void aod_runner_forget(struct aod_probe_runner *r);

/* ---- Recorded probe results ----
 * An answer file can carry what a probe measured, so that a session recorded against a lab
 * replays without the lab: "=ID VERDICT [NAME=VALUE]... [-- SUMMARY]", one line per probe, in
 * place of the answer to that probe's question. Values are percent-encoded (space %20, %
 * %25). Example: "=ike4500 fail responded=false -- no answer on UDP 4500". */

/* Writes the line for probe `id`'s result `res` into line[0..cap), cut to fit. */
void aod_result_line(char *line, size_t cap, const char *id, const struct aod_probe_result *res);
/* Parses such a line (with its leading '='): the probe id into id[0..id_cap), the verdict, the
 * fields and the summary into `res` (zeroed first). False when there is no id or the verdict is
 * not one of pass, fail, inconclusive, error. */
bool aod_result_line_parse(const char *line, char *id, size_t id_cap, struct aod_probe_result *res);

#endif
