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
    size_t n;          /* nodes */
    size_t *base;      /* base[f]: global index of flow f's first node */
    size_t **succ;     /* successors of each node */
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
static void link(struct graph *g, struct aod_flow *home, struct flow_target *t, size_t from)
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
            diags_add(g->diags, home->file, line, col,
                      "\"%s\" names no node of flow \"%s\"", t->raw,
                      fl != NULL ? fl->id : home->id);
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
        link(g, fl, &fl->start, SIZE_MAX);
        for (size_t i = 0; i < fl->n_nodes; i++) {
            struct flow_node *nd = &fl->nodes[i];
            size_t me = g->base[f] + i;
            g->succ[me] = calloc(count_targets(nd) + 1, sizeof **g->succ);
            if (g->succ[me] == NULL)
                return false;
            for (size_t c = 0; c < nd->n_choices; c++)
                link(g, fl, &nd->choices[c].next, me);
            for (size_t r = 0; r < nd->n_routes; r++)
                link(g, fl, &nd->routes[r].next, me);
            link(g, fl, &nd->next, me);
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
            diags_add(g->diags, fl->file, line, col,
                      "node \"%s\" cannot be reached from any start", nd->id);
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

/* "Set on some path": in[v] is the union, over every path from a start to v, of the facts the
 * nodes before v may set. A {{fact}} in v must be in in[v], or set by v itself for the route
 * conditions of a probe step. */
static void check_facts(struct graph *g)
{
    size_t words;
    uint64_t *in = NULL;
    uint64_t *gen = NULL;

    /* Intern every fact that is set or used. */
    for (size_t f = 0; f < g->cat->n; f++) {
        struct aod_flow *fl = g->cat->flows[f];
        for (size_t i = 0; i < fl->n_nodes; i++) {
            for (size_t k = 0; k < fl->nodes[i].n_sets_all; k++)
                fact_id(g, fl->nodes[i].sets[k]);
        }
    }
    words = (g->n_names + 63) / 64 + 1;
    in = calloc(g->n * words + 1, sizeof *in);
    gen = calloc(g->n * words + 1, sizeof *gen);
    if (in == NULL || gen == NULL)
        goto out;
    for (size_t v = 0; v < g->n; v++) {
        size_t f = 0;
        const struct flow_node *nd = node_at(g, v, &f);
        for (size_t k = 0; k < nd->n_sets_all; k++) {
            size_t id = fact_id(g, nd->sets[k]);
            if (id != SIZE_MAX && id / 64 < words)
                gen[v * words + id / 64] |= (uint64_t)1 << (id % 64);
        }
    }
    for (bool is_changed = true; is_changed;) {
        is_changed = false;
        for (size_t v = 0; v < g->n; v++) {
            for (size_t k = 0; k < g->n_succ[v]; k++) {
                size_t w = g->succ[v][k];
                for (size_t x = 0; x < words; x++) {
                    uint64_t add = (in[v * words + x] | gen[v * words + x]) & ~in[w * words + x];
                    if (add != 0) {
                        in[w * words + x] |= add;
                        is_changed = true;
                    }
                }
            }
        }
    }
    for (size_t v = 0; v < g->n; v++) {
        size_t f = 0;
        const struct flow_node *nd = node_at(g, v, &f);
        struct aod_flow *fl = g->cat->flows[f];
        for (size_t u = 0; u < nd->n_uses; u++) {
            size_t id = SIZE_MAX;
            for (size_t i = 0; i < g->n_names; i++) {
                if (strcmp(g->names[i], nd->uses[u].fact) == 0)
                    id = i;
            }
            bool is_set = id != SIZE_MAX && (in[v * words + id / 64] >> (id % 64) & 1u);
            if (!is_set) {
                g->n_errors++;
                int line = 0;
                int col = 0;
                flow_locate(fl, &nd->uses[u].pos, &line, &col);
                diags_add(g->diags, fl->file, line, col,
                          "{{%s}} names a fact that no path to node \"%s\" sets",
                          nd->uses[u].fact, nd->id != NULL ? nd->id : "?");
            }
        }
        for (size_t r = 0; r < nd->n_routes; r++) {
            for (size_t c = 0; c < nd->routes[r].n_when; c++) {
                const char *fact = nd->routes[r].when[c].fact;
                size_t id = SIZE_MAX;
                for (size_t i = 0; i < g->n_names; i++) {
                    if (strcmp(g->names[i], fact) == 0)
                        id = i;
                }
                uint64_t bits = id == SIZE_MAX ? 0
                                               : (in[v * words + id / 64] |
                                                  gen[v * words + id / 64]) >> (id % 64);
                if ((bits & 1u) == 0) {
                    g->n_errors++;
                    int line = 0;
                    int col = 0;
                    flow_locate(fl, &nd->routes[r].next.pos, &line, &col);
                    diags_add(g->diags, fl->file, line, col,
                              "route tests fact \"%s\", which no path to node \"%s\" sets", fact,
                              nd->id != NULL ? nd->id : "?");
                }
            }
        }
    }
out:
    free(in);
    free(gen);
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
