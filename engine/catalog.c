/* engine/catalog.c: the set of loaded flows, diagnostics, and symptom search. Reads flow files
 * from disk; no other I/O. */
#include "catalog_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aod/dirscan.h"
#include "aod/errcode.h"
#include "aod/text.h"

/* ---- diagnostics ---- */

struct aod_diags {
    struct aod_diag *items;
    size_t n, cap;
    struct arena arena;
};

struct aod_diags *aod_diags_new(void)
{
    return calloc(1, sizeof(struct aod_diags));
}

void aod_diags_free(struct aod_diags *d)
{
    if (d == NULL)
        return;
    free(d->items);
    arena_reset(&d->arena);
    free(d);
}

size_t aod_diags_count(const struct aod_diags *d)
{
    return d == NULL ? 0 : d->n;
}

const struct aod_diag *aod_diags_get(const struct aod_diags *d, size_t i)
{
    return d != NULL && i < d->n ? &d->items[i] : NULL;
}

static int diag_cmp(const void *a, const void *b)
{
    const struct aod_diag *x = a;
    const struct aod_diag *y = b;
    int c = strcmp(x->file, y->file);
    if (c != 0)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return strcmp(x->msg, y->msg);
}

void aod_diags_sort(struct aod_diags *d)
{
    if (d != NULL && d->n > 1)
        qsort(d->items, d->n, sizeof *d->items, diag_cmp);
}

void aod_diag_format(const struct aod_diag *dg, char *buf, size_t cap)
{
    if (dg->line > 0)
        snprintf(buf, cap, "%s:%d:%d: %s", dg->file, dg->line, dg->col, dg->msg);
    else
        snprintf(buf, cap, "%s: %s", dg->file, dg->msg);
}

enum aod_status diags_add(struct aod_diags *d, const char *file, int line, int col, const char *fmt,
                          ...)
{
    char raw[AOD_ERR_MAX];
    char msg[AOD_ERR_MAX];
    va_list ap;

    if (d == NULL)
        return AOD_OK;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        struct aod_diag *items = realloc(d->items, cap * sizeof *items);
        if (items == NULL)
            return AOD_E_NOMEM;
        d->items = items;
        d->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    /* Messages quote names from the flow; a terminal shows them, so no control characters. */
    aod_text_sanitize(msg, sizeof msg, raw, false);
    struct aod_diag *dg = &d->items[d->n];
    dg->file = arena_strdup(&d->arena, file);
    dg->msg = arena_strdup(&d->arena, msg);
    if (dg->file == NULL || dg->msg == NULL)
        return AOD_E_NOMEM;
    dg->line = line;
    dg->col = col;
    d->n++;
    return AOD_OK;
}

/* ---- catalog ---- */

struct aod_catalog *aod_catalog_new(void)
{
    return calloc(1, sizeof(struct aod_catalog));
}

void aod_catalog_free(struct aod_catalog *cat)
{
    if (cat == NULL)
        return;
    for (size_t i = 0; i < cat->n; i++)
        flow_free(cat->flows[i]);
    free(cat->flows);
    free(cat);
}

enum aod_status aod_catalog_add_buffer(struct aod_catalog *cat, const char *name, const char *buf,
                                       size_t len, struct aod_diags *diags, struct aod_err *err)
{
    size_t n_errors = 0;
    struct aod_err local;
    struct aod_flow *f;

    /* The status lives in the error record, so keep one even when the caller passes none. */
    if (err == NULL)
        err = &local;
    aod_err_clear(err);
    f = flow_load(name, buf, len, diags, &n_errors, err);
    if (f == NULL)
        return err->code != AOD_OK ? err->code : AOD_E_FLOW;
    const struct aod_flow *other = aod_catalog_find(cat, f->id);
    if (other != NULL) {
        diags_add(diags, name, 1, 1, "flow id \"%s\" is already used by %s", f->id, other->file);
        aod_err_set(err, AOD_E_FLOW, "%s: flow id \"%s\" is already used by %s", name, f->id,
                    other->file);
        flow_free(f);
        return AOD_E_FLOW;
    }
    if (cat->n == cat->cap) {
        size_t cap = cat->cap ? cat->cap * 2 : 8;
        struct aod_flow **flows = realloc(cat->flows, cap * sizeof *flows);
        if (flows == NULL) {
            flow_free(f);
            return aod_err_set(err, AOD_E_NOMEM, "out of memory");
        }
        cat->flows = flows;
        cat->cap = cap;
    }
    cat->flows[cat->n++] = f;
    cat->is_checked = false;
    return AOD_OK;
}

enum aod_status aod_catalog_add_file(struct aod_catalog *cat, const char *path,
                                     struct aod_diags *diags, struct aod_err *err)
{
    enum aod_status rc = AOD_OK;
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0;

    if (fp == NULL) {
        diags_add(diags, path, 0, 0, "cannot read: %s", strerror(errno));
        return aod_err_set(err, AOD_E_IO, "%s: cannot read: %s", path, strerror(errno));
    }
    /* Size the buffer from the file: a 1 MiB buffer per flow costs an mmap and page faults. One
     * byte more than the limit lets the loader see and report an oversized file. */
    struct stat st;
    size_t want = AOD_FLOW_MAX_BYTES + 1;
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0 &&
        (unsigned long long)st.st_size < want)
        want = (size_t)st.st_size + 1;
    buf = malloc(want);
    if (buf == NULL) {
        rc = aod_err_set(err, AOD_E_NOMEM, "out of memory");
        goto out;
    }
    len = fread(buf, 1, want, fp);
    if (ferror(fp)) {
        diags_add(diags, path, 0, 0, "read error");
        rc = aod_err_set(err, AOD_E_IO, "%s: read error", path);
        goto out;
    }
    rc = aod_catalog_add_buffer(cat, path, buf, len, diags, err);
out:
    free(buf);
    fclose(fp);
    return rc;
}

enum aod_status aod_catalog_add_dir(struct aod_catalog *cat, const char *dir,
                                    struct aod_diags *diags, struct aod_err *err)
{
    enum aod_status first;
    char **names = NULL;
    size_t n = 0;
    struct aod_err serr;

    aod_err_clear(&serr);
    first = aod_dirscan_json(dir, &names, &n, &serr);
    if (first == AOD_E_IO)
        diags_add(diags, dir, 0, 0, "%s", serr.msg);
    if (first != AOD_OK)
        return aod_err_set(err, first, "%s: %s", dir, serr.msg);
    for (size_t i = 0; i < n; i++) {
        struct aod_err ferr;
        aod_err_clear(&ferr);
        enum aod_status rc = aod_catalog_add_file(cat, names[i], diags, &ferr);
        if (rc != AOD_OK && first == AOD_OK) {
            first = rc;
            if (err != NULL)
                *err = ferr;
        }
    }
    if (n == 0 && first == AOD_OK) {
        diags_add(diags, dir, 0, 0, "no *.json flow files in this folder");
        first = aod_err_set(err, AOD_E_NOTFOUND, "%s: no *.json flow files", dir);
    }
    aod_dirscan_free(names, n);
    return first;
}

size_t aod_catalog_count(const struct aod_catalog *cat)
{
    return cat->n;
}

const struct aod_flow *aod_catalog_flow(const struct aod_catalog *cat, size_t i)
{
    return i < cat->n ? cat->flows[i] : NULL;
}

const struct aod_flow *aod_catalog_find(const struct aod_catalog *cat, const char *id)
{
    for (size_t i = 0; i < cat->n; i++) {
        if (strcmp(cat->flows[i]->id, id) == 0)
            return cat->flows[i];
    }
    return NULL;
}

const struct flow_node *flow_find_node(const struct aod_flow *f, const char *id)
{
    for (size_t i = 0; i < f->n_nodes; i++) {
        if (f->nodes[i].id != NULL && strcmp(f->nodes[i].id, id) == 0)
            return &f->nodes[i];
    }
    return NULL;
}

const struct flow_node *catalog_resolve(const struct aod_catalog *cat, const struct aod_flow *home,
                                        const char *raw, const struct aod_flow **flow_out)
{
    const char *colon = strchr(raw, ':');
    const struct aod_flow *f = home;

    if (colon != NULL) {
        char fid[AOD_FLOW_MAX_ID + 1];
        size_t n = (size_t)(colon - raw);
        if (n > AOD_FLOW_MAX_ID)
            return NULL;
        memcpy(fid, raw, n);
        fid[n] = '\0';
        f = aod_catalog_find(cat, fid);
        raw = colon + 1;
    }
    if (f == NULL)
        return NULL;
    *flow_out = f;
    return flow_find_node(f, raw);
}

/* ---- search ---- */

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Case-insensitive: does `hay` contain `needle` starting at a word boundary? */
static bool has_word_prefix(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p != '\0'; p++) {
        bool is_start =
            p == hay || !((p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= 'A' && p[-1] <= 'Z') ||
                          (p[-1] >= '0' && p[-1] <= '9'));
        if (!is_start)
            continue;
        size_t i = 0;
        while (i < n && p[i] != '\0' && lower(p[i]) == lower(needle[i]))
            i++;
        if (i == n)
            return true;
    }
    return false;
}

/* Scores one flow: every word of the query must hit somewhere, or the flow scores 0. */
static int score_flow(const struct aod_flow *f, const char *query)
{
    char word[128];
    int total = 0;
    const char *p = query;

    while (*p != '\0') {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        size_t n = 0;
        while (p[n] != '\0' && p[n] != ' ' && p[n] != '\t' && p[n] != ',')
            n++;
        if (n == 0)
            break;
        snprintf(word, sizeof word, "%.*s", (int)(n < sizeof word ? n : sizeof word - 1), p);
        p += n;
        int best = 0;
        uint32_t code = 0;
        bool is_code = aod_errcode_parse(word, &code);
        for (size_t k = 0; k < f->n_keywords; k++) {
            if (is_code && aod_answer_matches(f->keywords[k], word))
                best = best > 10 ? best : 10;
            else if (aod_answer_matches(f->keywords[k], word))
                best = best > 8 ? best : 8;
            else if (has_word_prefix(f->keywords[k], word))
                best = best > 5 ? best : 5; /* typing "80" already finds 809 */
        }
        if (!is_code && has_word_prefix(f->title, word))
            best = best > 6 ? best : 6;
        if (is_code && aod_answer_matches(f->title, word))
            best = best > 9 ? best : 9;
        if (!is_code && best == 0 && has_word_prefix(f->summary, word))
            best = 2;
        if (best == 0)
            return 0;
        total += best;
    }
    return total > 0 ? total : 1;
}

size_t aod_catalog_search(const struct aod_catalog *cat, const char *query,
                          const struct aod_flow **out, size_t max)
{
    enum { CAP = 256 };
    const struct aod_flow *found[CAP];
    int scores[CAP];
    size_t n = 0;

    for (size_t i = 0; i < cat->n && n < CAP; i++) {
        const struct aod_flow *f = cat->flows[i];
        if (!f->is_listed)
            continue;
        int s = score_flow(f, query != NULL ? query : "");
        if (s == 0)
            continue;
        /* Insertion keeps it stable: equal scores stay in catalog order. */
        size_t k = n;
        while (k > 0 && scores[k - 1] < s) {
            scores[k] = scores[k - 1];
            found[k] = found[k - 1];
            k--;
        }
        scores[k] = s;
        found[k] = f;
        n++;
    }
    if (n > max)
        n = max;
    for (size_t i = 0; i < n; i++)
        out[i] = found[i];
    return n;
}

/* ---- flow accessors ---- */

const char *aod_flow_id(const struct aod_flow *f)
{
    return f->id;
}

const char *aod_flow_title(const struct aod_flow *f)
{
    return f->title;
}

const char *aod_flow_summary(const struct aod_flow *f)
{
    return f->summary != NULL ? f->summary : "";
}

const char *aod_flow_file(const struct aod_flow *f)
{
    return f->file;
}

int aod_flow_version(const struct aod_flow *f)
{
    return f->version;
}

size_t aod_flow_keyword_count(const struct aod_flow *f)
{
    return f->n_keywords;
}

const char *aod_flow_keyword(const struct aod_flow *f, size_t i)
{
    return i < f->n_keywords ? f->keywords[i] : NULL;
}

bool aod_flow_is_listed(const struct aod_flow *f)
{
    return f->is_listed;
}

size_t aod_flow_node_count(const struct aod_flow *f)
{
    return f->n_nodes;
}

void aod_flow_node(const struct aod_flow *f, size_t i, struct aod_node_info *out)
{
    const struct flow_node *nd = &f->nodes[i];
    out->id = nd->id;
    out->title = nd->title;
    out->kind = nd->kind;
    out->is_start = f->start.node == nd;
}

/* Fills e from a target; a jump names its flow. */
static void edge_to(const struct aod_flow *f, const struct flow_target *t, struct aod_edge_info *e)
{
    const char *colon = strchr(t->raw, ':');
    e->flow = NULL;
    e->node = colon != NULL ? colon + 1 : t->raw;
    if (colon != NULL && t->flow != f)
        e->flow = t->flow != NULL ? t->flow->id : NULL;
}

/* "dns.verdict = fail, ike500.verdict = pass|error" */
static void describe_when(const struct flow_route *r, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t c = 0; c < r->n_when && n < cap; c++) {
        n += (size_t)snprintf(buf + n, cap - n, "%s%s = ", c ? ", " : "", r->when[c].fact);
        for (size_t v = 0; v < r->when[c].n_values && n < cap; v++)
            n += (size_t)snprintf(buf + n, cap - n, "%s%s", v ? "|" : "", r->when[c].values[v]);
    }
}

static void describe_match(const struct flow_route *r, char *buf, size_t cap)
{
    size_t n = (size_t)snprintf(buf, cap, "typed: ");
    for (size_t m = 0; m < r->n_match && n < cap; m++)
        n += (size_t)snprintf(buf + n, cap - n, "%s%s", m ? ", " : "", r->match[m]);
}

size_t aod_flow_edge(const struct aod_flow *f, size_t i, size_t k, struct aod_edge_info *e,
                     char *buf, size_t cap)
{
    const struct flow_node *nd = &f->nodes[i];
    size_t total = nd->n_choices + nd->n_routes + (nd->next.raw != NULL ? 1 : 0);

    if (e == NULL)
        return total;
    if (k >= total || cap == 0)
        return 0;
    if (k < nd->n_choices) {
        e->label = nd->choices[k].label;
        edge_to(f, &nd->choices[k].next, e);
        return 1;
    }
    k -= nd->n_choices;
    if (k < nd->n_routes) {
        const struct flow_route *r = &nd->routes[k];
        if (r->n_when > 0)
            describe_when(r, buf, cap);
        else
            describe_match(r, buf, cap);
        e->label = buf;
        edge_to(f, &r->next, e);
        return 1;
    }
    e->label = nd->n_routes > 0 ? "otherwise" : "";
    edge_to(f, &nd->next, e);
    return 1;
}
