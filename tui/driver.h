/* tui/driver.h: what every front end shares: finding and loading the flows, and running the
 * probes of a step (or reporting that they cannot run). */
#ifndef AOD_TUI_DRIVER_H
#define AOD_TUI_DRIVER_H

#include <stdbool.h>
#include <stdio.h>

#include "aod/exit.h"
#include "aod/flow.h"
#include "aod/probe.h"
#include "aod/session.h"

/* The flow folder to use: `opt` (--flows) if given, else $AOD_FLOWS_DIR, else the source tree's
 * flows/ when running from a build tree, else the installed folder. Never NULL. */
const char *aod_flows_dir(const char *opt);

/* Loads and checks every flow of `dir`. On any problem writes each diagnostic as
 * "file:line:col: message" to `errf` and returns NULL. */
struct aod_catalog *aod_driver_load(const char *dir, FILE *errf);

/* Applies "--fact NAME=VALUE" presets; on a bad one writes why to `errf` and returns false. */
bool aod_driver_presets(struct aod_session *s, char **facts, size_t n, FILE *errf);

/* Runs the probes of the current probe step at once, each within `timeout_ms`, and feeds every
 * result that is not an error into the session. Probes that could not run are left for the
 * user to answer. Returns false (with the reason in err) when live probes are unavailable.
 * `on_result` (may be NULL) is told about each result as it is fed. */
typedef void aod_probe_seen_fn(void *ctx, const struct aod_view_probe *p,
                               const struct aod_probe_result *r);
bool aod_driver_run_probes(struct aod_session *s, int timeout_ms, aod_probe_seen_fn *on_result,
                           void *ctx, struct aod_err *err);

/* Writes `path` through a temporary file in the same folder and a rename, so that a failure or
 * a crash never leaves half a file and never clobbers the old one. `write` fills the file and
 * returns false on failure. The new file gets the mode a newly created file normally gets.
 * Returns false with the reason in err. */
typedef bool aod_write_fn(FILE *f, void *ctx);
bool aod_save_atomic(const char *path, aod_write_fn *write, void *ctx, struct aod_err *err);

#endif
