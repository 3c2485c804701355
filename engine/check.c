/* engine/check.c: whole-catalog checks that one file alone cannot make: targets across flows,
 * reachability, dead ends, and {{fact}} uses that no path sets. Links the targets it resolves.
 * No I/O. */
#include "catalog_int.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdio.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aod/probe_result.h"
#include "template.h"

/* Every node of the catalog gets a global index; targets become edges between indexes. */
struct graph {
    struct aod_catalog *cat;
    struct aod_diags *diags;
    size_t n_errors;
    bool is_nomem; /* an allocation failed: the checks are incomplete, so nothing passes */
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
        enum aod_status rc;
        if (colon != NULL && fl == NULL)
            rc = diags_add(g->diags, home->file, line, col,
                           "\"%s\" names a flow that is not loaded", t->raw);
        else
            rc = diags_add(g->diags, home->file, line, col, "\"%s\" names no node of flow \"%s\"",
                           t->raw, fl != NULL ? fl->id : home->id);
        g->is_nomem |= rc == AOD_E_NOMEM;
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

static bool check_reach(struct graph *g)
{
    bool *seen = calloc(g->n + 1, sizeof *seen);
    bool *ends = calloc(g->n + 1, sizeof *ends);
    size_t *stack = calloc(g->n + 1, sizeof *stack);
    size_t top = 0;

    bool is_ok = seen != NULL && ends != NULL && stack != NULL;
    if (!is_ok)
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
            is_ok &= diags_add(g->diags, fl->file, line, col,
                               "node \"%s\" cannot be reached from any start", nd->id) == AOD_OK;
        }
        if (!ends[v]) {
            g->n_errors++;
            is_ok &= diags_add(g->diags, fl->file, line, col,
                               "no conclusion can be reached from node \"%s\"", nd->id) == AOD_OK;
        }
    }
out:
    free(seen);
    free(ends);
    free(stack);
    return is_ok;
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
        if (nn == NULL) {
            g->is_nomem = true;
            return SIZE_MAX;
        }
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
    if (diags_add(g->diags, fl->file, line, col, fmt, fact, node != NULL ? node : "?") != AOD_OK)
        g->is_nomem = true;
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
static bool check_facts(struct graph *g)
{
    struct facts fs = {0, NULL, NULL};
    bool is_ok = false;

    /* Intern every fact that is set. */
    for (size_t f = 0; f < g->cat->n; f++) {
        struct aod_flow *fl = g->cat->flows[f];
        for (size_t i = 0; i < fl->n_nodes; i++) {
            for (size_t k = 0; k < fl->nodes[i].n_sets_all; k++)
                fact_id(g, fl->nodes[i].sets[k]);
        }
    }
    if (g->is_nomem)
        goto out;
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
    is_ok = !g->is_nomem;
out:
    free(fs.in);
    free(fs.gen);
    return is_ok;
}

/* ---- the worst case of each step's view ---- */

/* The longest value each interned fact can take, over everything in the catalog that sets it. */
struct sizes {
    const struct graph *g;
    size_t *max; /* by fact id */
};

static void widen(struct sizes *z, const char *fact, size_t n)
{
    size_t id = fact_lookup(z->g, fact);
    if (id != SIZE_MAX && z->max[id] < n)
        z->max[id] = n;
}

/* The longest value an input node stores, in bytes (docs/flows.md, "input"). */
static size_t input_max(const struct flow_node *nd)
{
    char a[32];
    char b[32];
    switch (nd->input_type) {
    case AOD_INPUT_TEXT:
    case AOD_INPUT_SYMPTOM:
        return nd->max_len * 4 < AOD_FACT_VALUE_MAX ? nd->max_len * 4 : AOD_FACT_VALUE_MAX;
    case AOD_INPUT_HOST:
        return 253;
    case AOD_INPUT_NUMBER: {
        int na = snprintf(a, sizeof a, "%ld", nd->min);
        int nb = snprintf(b, sizeof b, "%ld", nd->max);
        return (size_t)(na > nb ? na : nb);
    }
    case AOD_INPUT_ERROR_CODE:
        return 10; /* "2147483647" or "0x80092013" */
    }
    return AOD_FACT_VALUE_MAX;
}

static size_t max_len_of(const void *ctx, const char *name)
{
    const struct sizes *z = ctx;
    size_t id = fact_lookup(z->g, name);
    return id != SIZE_MAX ? z->max[id] : SIZE_MAX;
}

/* One node's worst case: its tables and templates as aod_session_view lays them out, each
 * allocation rounded up as the arena does. Remembers the largest template. */
struct node_size {
    const struct sizes *z;
    size_t total;
    size_t largest;
    char member[96];
};

static size_t rounded(size_t n)
{
    const size_t al = alignof(max_align_t);
    return (n + al - 1) / al * al;
}

static void add_tpl(struct node_size *ns, const char *tpl, bool is_command, const char *fmt,
                    size_t i, size_t k)
{
    if (tpl == NULL)
        return;
    size_t n = tpl_size(tpl, is_command, max_len_of, ns->z);
    ns->total += rounded(n);
    if (n > ns->largest) {
        ns->largest = n;
        snprintf(ns->member, sizeof ns->member, fmt, i, k);
    }
}

static void add_cmds(struct node_size *ns, const struct flow_cmds *c, size_t i, const char *fmt)
{
    ns->total += rounded((c->n_commands + 1) * sizeof(char *));
    for (size_t k = 0; k < c->n_commands; k++)
        add_tpl(ns, c->commands[k], true, fmt, i, k);
}

static void size_node(struct node_size *ns, const struct flow_node *nd)
{
    add_tpl(ns, nd->title, false, "title", 0, 0);
    add_tpl(ns, nd->text, false, "text", 0, 0);
    switch (nd->kind) {
    case AOD_NODE_QUESTION:
        ns->total += rounded((nd->n_choices + 1) * sizeof(char *));
        for (size_t i = 0; i < nd->n_choices; i++)
            add_tpl(ns, nd->choices[i].label, false, "choices/%zu/label", i, 0);
        add_cmds(ns, &nd->ask, 0, "%.0zucommands/%zu"); /* i is 0: printed as nothing */
        break;
    case AOD_NODE_INPUT:
        add_tpl(ns, nd->placeholder, false, "placeholder", 0, 0);
        ns->total += rounded(160);
        break;
    case AOD_NODE_PROBE:
        ns->total += rounded((nd->n_probes + 1) * sizeof(struct aod_view_probe));
        for (size_t i = 0; i < nd->n_probes; i++) {
            const struct flow_probe *p = &nd->probes[i];
            ns->total += rounded((p->n_params + 1) * sizeof(struct aod_param)) +
                         rounded((p->n_answers + 2) * sizeof(char *));
            for (size_t k = 0; k < p->n_params; k++)
                add_tpl(ns, p->params[k].value, false, "probes/%zu/params/%zu", i, k);
            for (size_t k = 0; k < p->n_answers; k++)
                add_tpl(ns, p->answers[k].label, false, "probes/%zu/answers/%zu/label", i, k);
            add_tpl(ns, p->ask, false, "probes/%zu/ask", i, 0);
        }
        break;
    case AOD_NODE_CONCLUSION:
        ns->total += rounded((nd->n_steps + 1) * sizeof(struct aod_view_step)) +
                     rounded((nd->n_sources + 1) * sizeof(char *));
        add_tpl(ns, nd->reasoning, false, "reasoning", 0, 0);
        add_tpl(ns, nd->caveat, false, "caveat", 0, 0);
        for (size_t i = 0; i < nd->n_steps; i++) {
            const struct flow_step *st = &nd->steps[i];
            add_tpl(ns, st->title, false, "steps/%zu/title", i, 0);
            add_tpl(ns, st->text, false, "steps/%zu/text", i, 0);
            add_tpl(ns, st->risk, false, "steps/%zu/risk", i, 0);
            add_tpl(ns, st->caveat, false, "steps/%zu/caveat", i, 0);
            add_tpl(ns, st->expect, false, "steps/%zu/expect", i, 0);
            add_cmds(ns, &st->run, i, "steps/%zu/commands/%zu");
            add_cmds(ns, &st->verify, i, "steps/%zu/verify/commands/%zu");
        }
        break;
    }
}

/* Every step's view must fit AOD_VIEW_MAX_BYTES with each fact at its longest: a flow that
 * repeats a long typed fact could otherwise not be shown at all. Presets are bounded only by
 * AOD_FACT_VALUE_MAX; the view still fails cleanly should one make a step too large. */
static bool check_sizes(struct graph *g)
{
    struct sizes z = {g, calloc(g->n_names + 1, sizeof *z.max)};

    if (z.max == NULL)
        return false;
    for (size_t f = 0; f < g->cat->n; f++) {
        const struct aod_flow *fl = g->cat->flows[f];
        for (size_t i = 0; i < fl->n_nodes; i++) {
            const struct flow_node *nd = &fl->nodes[i];
            if (nd->kind == AOD_NODE_INPUT && nd->fact != NULL)
                widen(&z, nd->fact, input_max(nd));
            if (nd->kind == AOD_NODE_INPUT && nd->code_fact != NULL)
                widen(&z, nd->code_fact, 10); /* as error_code */
            for (size_t c = 0; c < nd->n_choices; c++) {
                for (size_t k = 0; k < nd->choices[c].n_sets; k++)
                    widen(&z, nd->choices[c].sets[k].fact, strlen(nd->choices[c].sets[k].value));
            }
            /* A probe's verdict, summary and fields, and its answers' sets. */
            for (size_t k = 0; nd->kind == AOD_NODE_PROBE && k < nd->n_sets_all; k++)
                widen(&z, nd->sets[k], AOD_PROBE_SUMMARY_MAX);
            for (size_t p = 0; p < nd->n_probes; p++) {
                for (size_t a = 0; a < nd->probes[p].n_answers; a++) {
                    const struct flow_answer *an = &nd->probes[p].answers[a];
                    for (size_t k = 0; k < an->n_sets; k++)
                        widen(&z, an->sets[k].fact, strlen(an->sets[k].value));
                }
            }
        }
    }
    for (size_t f = 0; f < g->cat->n; f++) {
        struct aod_flow *fl = g->cat->flows[f];
        for (size_t i = 0; i < fl->n_nodes; i++) {
            const struct flow_node *nd = &fl->nodes[i];
            struct node_size ns = {&z, 0, 0, ""};
            size_node(&ns, nd);
            if (ns.total <= AOD_VIEW_MAX_BYTES)
                continue;
            /* At the largest template: the first {{fact}} written in it. */
            const struct flow_pos *pos = &nd->pos;
            char path[160];
            snprintf(path, sizeof path, "%s/%s", nd->pos.path != NULL ? nd->pos.path : "",
                     ns.member);
            for (size_t u = 0; u < nd->n_uses; u++) {
                if (nd->uses[u].pos.path != NULL && strcmp(nd->uses[u].pos.path, path) == 0) {
                    pos = &nd->uses[u].pos;
                    break;
                }
            }
            int line = 0;
            int col = 0;
            g->n_errors++;
            flow_locate(fl, pos, &line, &col);
            if (diags_add(g->diags, fl->file, line, col,
                          "node \"%s\": \"%s\" can grow to %zu bytes with its facts at their "
                          "longest, and the step to %zu; a step's view holds %u",
                          nd->id, ns.member, ns.largest, ns.total, AOD_VIEW_MAX_BYTES) != AOD_OK)
                g->is_nomem = true;
        }
    }
    free(z.max);
    return !g->is_nomem;
}

enum aod_status aod_catalog_check(struct aod_catalog *cat, struct aod_diags *diags,
                                  struct aod_err *err)
{
    struct graph g;
    enum aod_status rc = AOD_OK;

    memset(&g, 0, sizeof g);
    g.cat = cat;
    g.diags = diags;
    cat->is_checked = false;
    /* A check that could not run to the end must not pass: a half-checked catalog would let a
     * session walk into an unlinked target or an unset fact. */
    if (!link_all(&g) || g.is_nomem || !check_reach(&g) || !check_facts(&g) || !check_sizes(&g)) {
        rc = aod_err_set(err, AOD_E_NOMEM, "out of memory while checking the flows");
        goto out;
    }
    if (g.n_errors > 0)
        rc = aod_err_set(err, AOD_E_FLOW, "%zu problem%s in the flows", g.n_errors,
                         g.n_errors == 1 ? "" : "s");
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
