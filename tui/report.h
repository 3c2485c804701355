/* tui/report.h: the outcome of a session as text, Markdown (for a ticket) or JSON. */
#ifndef AOD_TUI_REPORT_H
#define AOD_TUI_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "aod/flow.h"
#include "aod/session.h"

enum aod_report_format {
    AOD_REPORT_TEXT,
    AOD_REPORT_MARKDOWN,
    AOD_REPORT_JSON,
};

/* "text", "markdown" (or "md") and "json". */
bool aod_report_parse_format(const char *s, enum aod_report_format *out);

/* What the transcript's header says besides the session itself: where and how it was made. */
struct aod_report_meta {
    const struct aod_catalog *cat; /* the flows' versions; may be NULL */
    int timeout_ms;                /* the probes' timeout */
    bool is_probes;                /* live tests were on (not --no-probes) */
};

/* This host's name, cleaned for a terminal; AOD_HOSTNAME overrides it (tests). */
void aod_report_host(char *buf, size_t cap);
/* The time now as "2026-12-02 17:20:04 +0000 (UTC)" (`is_short`: "17:20:04 +0000"), in the
 * local time zone; AOD_NOW (seconds since 1970) fixes the time for tests, so goldens stay
 * stable. */
void aod_report_time(char *buf, size_t cap, bool is_short);

/* Writes the session's trail and, when it reached one, its conclusion with every command whole
 * on a line of its own. Returns false when out of memory. */
bool aod_report_write(FILE *f, struct aod_session *s, enum aod_report_format fmt,
                      const struct aod_report_meta *meta);

/* Writes the report to `path` through a temporary file and a rename, so that a failure never
 * leaves half a file. On failure returns false with the reason in err. */
bool aod_report_save(const char *path, struct aod_session *s, enum aod_report_format fmt,
                     const struct aod_report_meta *meta, struct aod_err *err);

/* Writes the conclusion part only (finding, why, fix, sources) as text: line mode's last
 * screen. */
void aod_report_conclusion_text(FILE *f, const struct aod_view *v);

#endif
