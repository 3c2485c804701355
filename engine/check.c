/* engine/check.c: whole-catalog checks that one file alone cannot make: targets across flows,
 * reachability, dead ends, and {{fact}} uses that no path sets. Links the targets it resolves.
 * No I/O. */
#include "catalog_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Every node of the catalog gets a global index; targets become edges between indexes. */
struct graph {
    struct aod_catalog *cat;
    struct aod_diags *diags;
    size_t n_errors;
    size_t n;      /* nodes */
    size_t *base;  /* base[f]: global index of flow f's first node */
    size_t **succ; /* successors of each node */
    size_t *n_succ;
    const char **names; /* distinct fact names */
    size_t n_names, cap_names;
};

static size_t node_index(const struct graph *g, const struct flow_node *nd)
{
    for (size_t f = 0; f < g->cat->n; f++) {
        struct aod_flow *fl = g->cat->flows[f];
        if (nd >= fl->nodes && nd < fl->nodes + fl->n_nodes)
            return g->base[f] + (size_t)(nd - fl->nodes);
    }
    return SIZE_MAX;
}

static const struct flow_node *node_at(const struct graph *g, size_t idx, size_t *flow_out)
{
    for (size_t f = 0; f < g->cat->n; f++) {
        struct aod_flow *fl = g->cat->flows[f];
        if (idx >= g->base[f] && idx < g->base[f] + fl->n_nodes) {
            *flow_out = f;
            return &fl->nodes[idx - g->base[f]];
        }
    }
    return NULL;
}

/* Resolves one target in place and records the edge from node `from` (SIZE_MAX: none). */
static void link_target(struct graph *g, struct aod_flow *home, struct flow_target *t, size_t from)
{
    const struct aod_flow *fl = NULL;

    if (t->raw == NULL)
        return;
    const struct flow_node *nd = catalog_resolve(g->cat, home, t->raw, &fl);
    if (nd == NULL) {
        const char *colon = strchr(t->raw, ':');
        g->n_errors++;
        int line = 0;
        int col = 0;
        flow_locate(home, &t->pos, &line, &col);
        if (colon != NULL && fl == NULL)
            diags_add(g->diags, home->file, line, col, "\"%s\" names a flow that is not loaded",
                      t->raw);
        else
            diags_add(g->diags, home->file, line, col, "\"%s\" names no node of flow \"%s\"",
                      t->raw, fl != NULL ? fl->id : home->id);
        return;
    }
    t->flow = fl;
    t->node = nd;
    if (from != SIZE_MAX) {
        size_t to = node_index(g, nd);
        g->succ[from][g->n_succ[from]++] = to;
    }
}

static size_t count_targets(const struct flow_node *nd)
{
    return nd->n_choices + nd->n_routes + (nd->next.raw != NULL ? 1 : 0);
}

static bool link_all(struct graph *g)
{
    size_t n = 0;

    g->base = calloc(g->cat->n + 1, sizeof *g->base);
    if (g->base == NULL)
        return false;
    for (size_t f = 0; f < g->cat->n; f++) {
        g->base[f] = n;
        n += g->cat->flows[f]->n_nodes;
    }
    g->n = n;
    g->succ = calloc(n + 1, sizeof *g->succ);
    g->n_succ = calloc(n + 1, sizeof *g->n_succ);
    if (g->succ == NULL || g->n_succ == NULL)
        return false;
    for (size_t f = 0; f < g->cat->n; f++) {
        struct aod_flow *fl = g->cat->flows[f];
        link_target(g, fl, &fl->start, SIZE_MAX);
        for (size_t i = 0; i < fl->n_nodes; i++) {
            struct flow_node *nd = &fl->nodes[i];
            size_t me = g->base[f] + i;
            g->succ[me] = calloc(count_targets(nd) + 1, sizeof **g->succ);
            if (g->succ[me] == NULL)
                return false;
            for (size_t c = 0; c < nd->n_choices; c++)
                link_target(g, fl, &nd->choices[c].next, me);
            for (size_t r = 0; r < nd->n_routes; r++)
                link_target(g, fl, &nd->routes[r].next, me);
            link_target(g, fl, &nd->next, me);
        }
    }
    return true;
}

static void check_reach(struct graph *g)
{
    bool *seen = calloc(g->n + 1, sizeof *seen);
    bool *ends = calloc(g->n + 1, sizeof *ends);
    size_t *stack = calloc(g->n + 1, sizeof *stack);
    size_t top = 0;

    if (seen == NULL || ends == NULL || stack == NULL)
        goto out;
    /* Forward: from every flow's start (a flow can be opened directly) and across jumps. */
    for (size_t f = 0; f < g->cat->n; f++) {
        const struct flow_node *st = g->cat->flows[f]->start.node;
        if (st == NULL)
            continue;
        size_t s = node_index(g, st);
        if (!seen[s]) {
            seen[s] = true;
            stack[top++] = s;
        }
    }
    while (top > 0) {
        size_t v = stack[--top];
        for (size_t k = 0; k < g->n_succ[v]; k++) {
            size_t w = g->succ[v][k];
            if (!seen[w]) {
                seen[w] = true;
                stack[top++] = w;
            }
        }
    }
    /* Backward: which nodes can still reach a conclusion? Iterate to a fixed point; flows are
     * small and this stays linear in practice. */
    for (size_t v = 0; v < g->n; v++) {
        size_t f = 0;
        const struct flow_node *nd = node_at(g, v, &f);
        ends[v] = nd != NULL && nd->kind == AOD_NODE_CONCLUSION;
    }
    for (bool is_changed = true; is_changed;) {
        is_changed = false;
        for (size_t v = 0; v < g->n; v++) {
            for (size_t k = 0; k < g->n_succ[v] && !ends[v]; k++) {
                if (ends[g->succ[v][k]]) {
                    ends[v] = true;
                    is_changed = true;
                }
            }
        }
    }
    for (size_t v = 0; v < g->n; v++) {
        size_t f = 0;
        const struct flow_node *nd = node_at(g, v, &f);
        struct aod_flow *fl = g->cat->flows[f];
        if (nd == NULL || nd->id == NULL)
            continue;
        int line = 0;
        int col = 0;
        if (!seen[v] || !ends[v])
            flow_locate(fl, &nd->pos, &line, &col);
        if (!seen[v]) {
            g->n_errors++;
            diags_add(g->diags, fl->file, line, col, "node \"%s\" cannot be reached from any start",
                      nd->id);
        }
        if (!ends[v]) {
            g->n_errors++;
            diags_add(g->diags, fl->file, line, col,
                      "no conclusion can be reached from node \"%s\"", nd->id);
        }
    }
out:
    free(seen);
    free(ends);
    free(stack);
}

static size_t fact_id(struct graph *g, const char *name)
{
    for (size_t i = 0; i < g->n_names; i++) {
        if (strcmp(g->names[i], name) == 0)
            return i;
    }
    if (g->n_names == g->cap_names) {
        size_t cap = g->cap_names ? g->cap_names * 2 : 64;
        const char **nn = realloc(g->names, cap * sizeof *nn);
        if (nn == NULL)
            return SIZE_MAX;
        g->names = nn;
        g->cap_names = cap;
    }
    g->names[g->n_names] = name;
    return g->n_names++;
}

/* Fact sets as bit rows, one row of `words` 64-bit words per node. */
struct facts {
    size_t words;
    uint64_t *in;  /* in[v]: set on some path before v */
    uint64_t *gen; /* gen[v]: may be set by v itself */
};

static bool has_bit(const uint64_t *row, size_t id)
{
    return id != SIZE_MAX && (row[id / 64] >> (id % 64) & 1u) != 0;
}

/* The interned id of a fact, or SIZE_MAX when nothing sets it. */
static size_t fact_lookup(const struct graph *g, const char *name)
{
    for (size_t i = 0; i < g->n_names; i++) {
        if (strcmp(g->names[i], name) == 0)
            return i;
    }
    return SIZE_MAX;
}

/* Propagates along the edges until nothing changes: in[w] |= in[v] | gen[v]. */
static void propagate(const struct graph *g, struct facts *fs)
{
    const size_t nw = fs->words;
    for (bool is_changed = true; is_changed;) {
        is_changed = false;
        for (size_t v = 0; v < g->n; v++) {
            for (size_t k = 0; k < g->n_succ[v]; k++) {
                size_t w = g->succ[v][k];
                for (size_t x = 0; x < nw; x++) {
                    uint64_t add = (fs->in[v * nw + x] | fs->gen[v * nw + x]) & ~fs->in[w * nw + x];
                    if (add != 0) {
                        fs->in[w * nw + x] |= add;
                        is_changed = true;
                    }
                }
            }
        }
    }
}

static void report(struct graph *g, struct aod_flow *fl, const struct flow_pos *pos,
                   const char *fmt, const char *fact, const char *node)
{
    int line = 0;
    int col = 0;
    g->n_errors++;
    flow_locate(fl, pos, &line, &col);
    diags_add(g->diags, fl->file, line, col, fmt, fact, node != NULL ? node : "?");
}

/* Every {{fact}} of node v must be set before it; every fact a route of v tests, before or by v. */
static void check_node_facts(struct graph *g, const struct facts *fs, size_t v)
{
    size_t f = 0;
    const struct flow_node *nd = node_at(g, v, &f);
    struct aod_flow *fl = g->cat->flows[f];
    const uint64_t *in = fs->in + v * fs->words;
    const uint64_t *gen = fs->gen + v * fs->words;

    for (size_t u = 0; u < nd->n_uses; u++) {
        if (!has_bit(in, fact_lookup(g, nd->uses[u].fact)))
            report(g, fl, &nd->uses[u].pos, "{{%s}} names a fact that no path to node \"%s\" sets",
                   nd->uses[u].fact, nd->id);
    }
    for (size_t r = 0; r < nd->n_routes; r++) {
        for (size_t c = 0; c < nd->routes[r].n_when; c++) {
            const char *fact = nd->routes[r].when[c].fact;
            size_t id = fact_lookup(g, fact);
            if (!has_bit(in, id) && !has_bit(gen, id))
                report(g, fl, &nd->routes[r].next.pos,
                       "route tests fact \"%s\", which no path to node \"%s\" sets", fact, nd->id);
        }
    }
}

/* "Set on some path": in[v] is the union, over every path from a start to v, of the facts the
 * nodes before v may set. */
static void check_facts(struct graph *g)
{
    struct facts fs = {0, NULL, NULL};

    /* Intern every fact that is set. */
    for (size_t f = 0; f < g->cat->n; f++) {
        struct aod_flow *fl = g->cat->flows[f];
        for (size_t i = 0; i < fl->n_nodes; i++) {
            for (size_t k = 0; k < fl->nodes[i].n_sets_all; k++)
                fact_id(g, fl->nodes[i].sets[k]);
        }
    }
    fs.words = (g->n_names + 63) / 64 + 1;
    fs.in = calloc(g->n * fs.words + 1, sizeof *fs.in);
    fs.gen = calloc(g->n * fs.words + 1, sizeof *fs.gen);
    if (fs.in == NULL || fs.gen == NULL)
        goto out;
    for (size_t v = 0; v < g->n; v++) {
        size_t f = 0;
        const struct flow_node *nd = node_at(g, v, &f);
        for (size_t k = 0; k < nd->n_sets_all; k++) {
            size_t id = fact_lookup(g, nd->sets[k]);
            if (id != SIZE_MAX)
                fs.gen[v * fs.words + id / 64] |= (uint64_t)1 << (id % 64);
        }
    }
    propagate(g, &fs);
    for (size_t v = 0; v < g->n; v++)
        check_node_facts(g, &fs, v);
out:
    free(fs.in);
    free(fs.gen);
}

enum aod_status aod_catalog_check(struct aod_catalog *cat, struct aod_diags *diags)
{
    struct graph g;
    enum aod_status rc = AOD_OK;

    memset(&g, 0, sizeof g);
    g.cat = cat;
    g.diags = diags;
    if (!link_all(&g)) {
        rc = AOD_E_NOMEM;
        goto out;
    }
    check_reach(&g);
    check_facts(&g);
    if (g.n_errors > 0)
        rc = AOD_E_FLOW;
    cat->is_checked = rc == AOD_OK;
out:
    for (size_t i = 0; i < g.n && g.succ != NULL; i++)
        free(g.succ[i]);
    free(g.succ);
    free(g.n_succ);
    free(g.base);
    free(g.names);
    return rc;
}
