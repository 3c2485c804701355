/* engine/jsonpos.h: where each value of a JSON text starts, by JSON-pointer-like path
 * ("/nodes/3/next"), so that flow errors can name a line and column. cJSON keeps no positions.
 * Part-private to engine/. */
#ifndef AOD_ENGINE_JSONPOS_H
#define AOD_ENGINE_JSONPOS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "aod/status.h"

#define JPOS_MAX_DEPTH 64

struct jpos_entry {
    const char *path; /* "" for the root, "/nodes/0/id" ... (arena-owned) */
    size_t key_off;   /* offset of the member's key, or of the value for array items and root */
    size_t val_off;   /* offset of the value's first byte */
};

struct jpos {
    const char *text; /* borrowed */
    size_t len;
    struct jpos_entry *items; /* in document order */
    size_t n, cap;
    size_t *slots;       /* hash table of item indexes by path; SIZE_MAX marks a free slot */
    size_t n_slots;      /* a power of two */
    size_t *line_starts; /* offset of the first byte of each line */
    size_t n_lines;
    size_t err_off; /* where jpos_build failed with AOD_E_PARSE */
};

/* Indexes `text`, which must already be valid JSON (cJSON parsed it). Lookups then cost a hash
 * probe and a binary search over lines, so loading a flow stays linear in its size. Strings are
 * allocated in `a`; the index array is malloc'ed: release with jpos_free. Errors: AOD_E_NOMEM, or
 * AOD_E_PARSE when nesting exceeds JPOS_MAX_DEPTH (message in err, offset in jp->err_off). */
enum aod_status jpos_build(struct jpos *jp, const char *text, size_t len, struct arena *a,
                           struct aod_err *err);
void jpos_free(struct jpos *jp);

/* Line and column (both from 1; the column counts characters, not bytes) of `path`'s value, or
 * of its key with `want_key`. A path that is not in the text falls back to its nearest existing
 * parent, so "missing member" errors point at the object that lacks it. */
void jpos_locate(const struct jpos *jp, const char *path, bool want_key, int *line, int *col);

/* The same for the nth (from 0) value written under `path`: an object that repeats a member
 * has the same path twice. */
void jpos_locate_nth(const struct jpos *jp, const char *path, size_t nth, bool want_key, int *line,
                     int *col);

/* The same for byte `off` of the decoded text of the string value at `path` (escapes such as
 * \" and \u00e9 are counted as what they decode to), so that a problem inside a string can be
 * shown where it is written. Falls back to jpos_locate when `path` is not a string. */
void jpos_locate_in_string(const struct jpos *jp, const char *path, size_t off, int *line,
                           int *col);

/* child = path + "/" + key[0..n), cut to fit in `cap` (a cut path only blurs a position). */
void jpos_join(char *child, size_t cap, const char *path, const char *key, size_t n);

/* Line and column of byte offset `off`. */
void jpos_offset_to_line_col(const char *text, size_t len, size_t off, int *line, int *col);

#endif
