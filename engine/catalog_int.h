/* engine/catalog_int.h: the catalog's fields, shared by catalog.c, index.c, check.c and
 * session.c. Part-private to engine/. */
#ifndef AOD_ENGINE_CATALOG_INT_H
#define AOD_ENGINE_CATALOG_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "flow_int.h"

/* One flow the catalog knows. A flow added whole (aod_catalog_add_*) has `flow` from the start.
 * A flow found by aod_catalog_index_dir has only `stub` (its header: id, title, summary,
 * keywords, listed, version; no nodes) until aod_catalog_open loads `flow` from `file`. */
struct cat_entry {
    const char *file;        /* in the catalog's arena */
    struct aod_flow *stub;   /* header only, in the catalog's arena; NULL for a whole flow */
    struct aod_flow *flow;   /* loaded and valid; also in flows[], which owns it */
    bool is_opened;          /* loaded and its targets linked: sessions may walk it */
    struct aod_diags *diags; /* why it cannot be opened; NULL while nothing is known wrong */
};

struct aod_catalog {
    struct aod_flow **flows; /* every loaded flow, in load order: what aod_catalog_check links */
    size_t n, cap;
    struct cat_entry *entries; /* every known flow, in file name order */
    size_t n_entries, cap_entries;
    struct arena arena; /* stubs and file names */
    bool is_checked;    /* aod_catalog_check passed since the last flow was added */
    bool is_lazy;       /* made by aod_catalog_index_dir: flows load when opened */
};

/* The public face of an entry: the loaded flow once there is one, else the header. */
static inline const struct aod_flow *entry_flow(const struct cat_entry *e)
{
    return e->flow != NULL ? e->flow : e->stub;
}

/* Reads a flow's header from the start of its text without parsing the rest (index.c). Fills
 * the stub's id, title, summary, keywords, listed and version, allocating from `a`. Returns 1
 * when the header is complete, 0 when `len` bytes did not reach "nodes" (read more), -1 when
 * the text is anything but plain (the full loader then decides, and reports). */
int index_skim(const char *buf, size_t len, struct arena *a, struct aod_flow *stub);

/* Opens the flow a jump "flow:node" names, loading it on first use, for a session on a lazy
 * catalog: its node in *node_out and flow in *flow_out, or AOD_E_FLOW with the reason
 * (file:line:col) in err. `home` is the flow the target is written in. */
enum aod_status catalog_jump(struct aod_catalog *cat, const struct aod_flow *home,
                             const struct flow_target *t, const struct aod_flow **flow_out,
                             const struct flow_node **node_out, struct aod_err *err);

#endif
