/* tui/report.h: the outcome of a session as text, Markdown (for a ticket) or JSON. */
#ifndef AOD_TUI_REPORT_H
#define AOD_TUI_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "aod/session.h"

enum aod_report_format {
    AOD_REPORT_TEXT,
    AOD_REPORT_MARKDOWN,
    AOD_REPORT_JSON,
};

/* "text", "markdown" (or "md") and "json". */
bool aod_report_parse_format(const char *s, enum aod_report_format *out);

/* Writes the session's trail and, when it reached one, its conclusion with every command whole
 * on a line of its own. Returns false when out of memory. */
bool aod_report_write(FILE *f, struct aod_session *s, enum aod_report_format fmt);

/* Writes the report to `path` through a temporary file and a rename, so that a failure never
 * leaves half a file. On failure returns false with the reason in err. */
bool aod_report_save(const char *path, struct aod_session *s, enum aod_report_format fmt,
                     struct aod_err *err);

/* Writes the conclusion part only (finding, why, fix, sources) as text: line mode's last
 * screen. */
void aod_report_conclusion_text(FILE *f, const struct aod_view *v);

#endif
