/* engine/catalog.c: the set of flows, diagnostics, and symptom search. A catalog made by
 * aod_catalog_index_dir reads only each flow's header and loads a flow when it is opened. Reads
 * flow files from disk; no other I/O. */
#include "catalog_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aod/dirscan.h"
#include "aod/errcode.h"
#include "aod/paste.h"
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

/* Appends a loaded flow to flows[], which owns it. */
static enum aod_status push_flow(struct aod_catalog *cat, struct aod_flow *f)
{
    if (cat->n == cat->cap) {
        size_t cap = cat->cap ? cat->cap * 2 : 8;
        struct aod_flow **flows = realloc(cat->flows, cap * sizeof *flows);
        if (flows == NULL)
            return AOD_E_NOMEM;
        cat->flows = flows;
        cat->cap = cap;
    }
    cat->flows[cat->n++] = f;
    return AOD_OK;
}

/* A new, empty entry for `file`, or NULL when out of memory. */
static struct cat_entry *push_entry(struct aod_catalog *cat, const char *file)
{
    if (cat->n_entries == cat->cap_entries) {
        size_t cap = cat->cap_entries ? cat->cap_entries * 2 : 8;
        struct cat_entry *es = realloc(cat->entries, cap * sizeof *es);
        if (es == NULL)
            return NULL;
        cat->entries = es;
        cat->cap_entries = cap;
    }
    struct cat_entry *e = &cat->entries[cat->n_entries];
    memset(e, 0, sizeof *e);
    e->file = arena_strdup(&cat->arena, file);
    if (e->file == NULL)
        return NULL;
    cat->n_entries++;
    return e;
}

static struct cat_entry *find_entry(const struct aod_catalog *cat, const char *id, size_t id_len)
{
    for (size_t i = 0; i < cat->n_entries; i++) {
        const struct aod_flow *f = entry_flow(&cat->entries[i]);
        if (f == NULL)
            continue; /* being indexed */
        const char *eid = f->id;
        if (eid[0] == id[0] && strncmp(eid, id, id_len) == 0 && eid[id_len] == '\0')
            return &cat->entries[i];
    }
    return NULL;
}

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
    for (size_t i = 0; i < cat->n_entries; i++)
        aod_diags_free(cat->entries[i].diags);
    free(cat->entries);
    arena_reset(&cat->arena);
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
    struct cat_entry *e = push_entry(cat, name);
    if (e == NULL || push_flow(cat, f) != AOD_OK) {
        if (e != NULL)
            cat->n_entries--;
        flow_free(f);
        return aod_err_set(err, AOD_E_NOMEM, "out of memory");
    }
    e->flow = f;
    cat->is_checked = false;
    return AOD_OK;
}

/* Reads up to `max` bytes of `path` into a new buffer (*buf, owned by the caller). */
static enum aod_status read_flow_file(const char *path, size_t max, char **buf, size_t *len,
                                      struct aod_diags *diags, struct aod_err *err)
{
    enum aod_status rc = AOD_OK;
    FILE *fp = fopen(path, "rb");

    *buf = NULL;
    *len = 0;
    if (fp == NULL) {
        diags_add(diags, path, 0, 0, "cannot read: %s", strerror(errno));
        return aod_err_set(err, AOD_E_IO, "%s: cannot read: %s", path, strerror(errno));
    }
    /* Size the buffer from the file: a 1 MiB buffer per flow costs an mmap and page faults. One
     * byte more than the limit lets the loader see and report an oversized file. */
    struct stat st;
    size_t want = max;
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0 &&
        (unsigned long long)st.st_size < want)
        want = (size_t)st.st_size + 1;
    *buf = malloc(want);
    if (*buf == NULL) {
        rc = aod_err_set(err, AOD_E_NOMEM, "out of memory");
        goto out;
    }
    *len = fread(*buf, 1, want, fp);
    if (ferror(fp)) {
        diags_add(diags, path, 0, 0, "read error");
        rc = aod_err_set(err, AOD_E_IO, "%s: read error", path);
    }
out:
    if (rc != AOD_OK) {
        free(*buf);
        *buf = NULL;
    }
    fclose(fp);
    return rc;
}

enum aod_status aod_catalog_add_file(struct aod_catalog *cat, const char *path,
                                     struct aod_diags *diags, struct aod_err *err)
{
    char *buf = NULL;
    size_t len = 0;
    enum aod_status rc = read_flow_file(path, AOD_FLOW_MAX_BYTES + 1, &buf, &len, diags, err);

    if (rc == AOD_OK)
        rc = aod_catalog_add_buffer(cat, path, buf, len, diags, err);
    free(buf);
    return rc;
}

/* The paths of every "*.json" file of `dir`, sorted by name (aod_dirscan_json), with a folder
 * that cannot be read or has no flow noted in `diags`. AOD_E_NOTFOUND when there is none. */
static enum aod_status list_json(const char *dir, char ***names_out, size_t *n_out,
                                 struct aod_diags *diags, struct aod_err *err)
{
    struct aod_err serr;

    aod_err_clear(&serr);
    enum aod_status rc = aod_dirscan_json(dir, names_out, n_out, &serr);
    if (rc == AOD_E_IO)
        diags_add(diags, dir, 0, 0, "%s", serr.msg);
    if (rc != AOD_OK)
        return aod_err_set(err, rc, "%s: %s", dir, serr.msg);
    if (*n_out == 0) {
        diags_add(diags, dir, 0, 0, "no *.json flow files in this folder");
        return aod_err_set(err, AOD_E_NOTFOUND, "%s: no *.json flow files", dir);
    }
    return AOD_OK;
}

enum aod_status aod_catalog_add_dir(struct aod_catalog *cat, const char *dir,
                                    struct aod_diags *diags, struct aod_err *err)
{
    char **names = NULL;
    size_t n = 0;
    enum aod_status first = list_json(dir, &names, &n, diags, err);

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
    aod_dirscan_free(names, n);
    return first;
}

/* ---- the lazy catalog: an index of headers, flows loaded when opened ---- */

/* The header of a flow fits in its first few hundred bytes (the shipped ones: 242 to 625); a
 * longer one is read whole. */
#define INDEX_CHUNK 2048

/* The stub of a file that neither the index nor the loader could read: listed under its file
 * name with its first problem as the summary, so that the start screen shows it and opening it
 * says what is wrong. */
static enum aod_status stub_broken(struct aod_catalog *cat, struct cat_entry *e,
                                   struct aod_flow *st)
{
    char raw[AOD_ERR_MAX];
    char msg[AOD_ERR_MAX];
    const char *base = strrchr(e->file, '/');

    base = base != NULL ? base + 1 : e->file;
    aod_diags_sort(e->diags);
    if (aod_diags_count(e->diags) > 0)
        aod_diag_format(aod_diags_get(e->diags, 0), raw, sizeof raw);
    else
        snprintf(raw, sizeof raw, "%s: cannot be loaded", e->file);
    aod_text_sanitize(msg, sizeof msg, raw, false); /* a file name may hold anything */
    st->summary = arena_strdup(&cat->arena, msg);
    aod_text_sanitize(msg, sizeof msg, base, false);
    st->title = arena_strdup(&cat->arena, msg);
    msg[strlen(msg) > 5 ? strlen(msg) - 5 : strlen(msg)] = '\0'; /* the id: the name less .json */
    st->id = arena_strdup(&cat->arena, msg);
    st->is_listed = true;
    e->stub = st;
    return st->summary != NULL && st->title != NULL && st->id != NULL ? AOD_OK : AOD_E_NOMEM;
}

/* Reads the header of one file into a new entry. A file the skim cannot read is loaded whole
 * now, and kept as a broken entry when that fails too. */
static enum aod_status index_file(struct aod_catalog *cat, const char *path)
{
    char head[INDEX_CHUNK];
    char *buf = NULL;
    size_t len = 0;
    int sk = -1;
    enum aod_status rc = AOD_OK;
    struct cat_entry *e = push_entry(cat, path);
    struct aod_flow *st = arena_alloc(&cat->arena, sizeof *st);

    if (e == NULL || st == NULL)
        return AOD_E_NOMEM;
    st->file = e->file;
    /* open and read, not stdio: no buffer to allocate, and the wizard's start-up does this for
     * every file of the catalog. */
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t got = read(fd, head, sizeof head);
        size_t n = got > 0 ? (size_t)got : 0;
        bool is_whole = got >= 0 && n < sizeof head;
        close(fd);
        sk = index_skim(head, n, &cat->arena, st);
        if (sk == 0 && !is_whole &&
            read_flow_file(path, AOD_FLOW_MAX_BYTES + 1, &buf, &len, NULL, NULL) == AOD_OK)
            sk = index_skim(buf, len, &cat->arena, st);
    }
    /* A skim cut short by memory is no reason to read the whole file: it is out of memory. */
    if (cat->arena.has_failed) {
        rc = AOD_E_NOMEM;
        goto out;
    }
    if (sk == 1) {
        e->stub = st;
        goto dup;
    }
    /* Anything unusual: the loader reads the whole file now and says what is wrong. */
    struct aod_err ferr;
    size_t n_errors = 0;
    struct aod_flow *f = NULL;
    aod_err_clear(&ferr);
    e->diags = aod_diags_new();
    if (e->diags == NULL) {
        rc = AOD_E_NOMEM;
        goto out;
    }
    if (buf == NULL)
        read_flow_file(path, AOD_FLOW_MAX_BYTES + 1, &buf, &len, e->diags, &ferr);
    if (buf != NULL)
        f = flow_load(e->file, buf, len, e->diags, &n_errors, &ferr);
    if (f == NULL && ferr.code == AOD_E_NOMEM) {
        rc = AOD_E_NOMEM;
        goto out;
    }
    if (f == NULL) {
        if (aod_diags_count(e->diags) == 0)
            rc = diags_add(e->diags, path, 0, 0, "%s", ferr.msg);
        if (rc == AOD_OK)
            rc = stub_broken(cat, e, st);
        goto out;
    }
    if (push_flow(cat, f) != AOD_OK) {
        flow_free(f);
        rc = AOD_E_NOMEM;
        goto out;
    }
    e->flow = f;
    aod_diags_free(e->diags);
    e->diags = NULL;
dup:;
    const struct cat_entry *first = find_entry(cat, entry_flow(e)->id, strlen(entry_flow(e)->id));
    if (first != e) {
        e->diags = aod_diags_new();
        rc = e->diags == NULL
                 ? AOD_E_NOMEM
                 : diags_add(e->diags, e->file, 1, 1, "flow id \"%s\" is already used by %s",
                             entry_flow(e)->id, first->file);
    }
out:
    free(buf);
    return rc;
}

enum aod_status aod_catalog_index_dir(struct aod_catalog *cat, const char *dir, struct aod_err *err)
{
    char **names = NULL;
    size_t n = 0;
    enum aod_status rc = list_json(dir, &names, &n, NULL, err);

    cat->is_lazy = true;
    for (size_t i = 0; i < n && rc == AOD_OK; i++) {
        rc = index_file(cat, names[i]);
        if (rc != AOD_OK)
            aod_err_set(err, rc, "%s: out of memory", names[i]);
    }
    aod_dirscan_free(names, n);
    return rc;
}

/* Resolves a target of an opened flow in place. A jump into another flow is only checked to
 * name a known flow here: the session resolves it when it jumps (catalog_jump). */
static enum aod_status link_target(struct aod_catalog *cat, struct aod_flow *f,
                                   struct flow_target *t, struct aod_diags *d)
{
    const char *node = t->raw;
    int line = 0;
    int col = 0;

    if (t->raw == NULL)
        return AOD_OK;
    const char *colon = strchr(t->raw, ':');
    if (colon != NULL) {
        size_t n = (size_t)(colon - t->raw);
        if (strlen(f->id) != n || memcmp(f->id, t->raw, n) != 0) {
            if (find_entry(cat, t->raw, n) != NULL)
                return AOD_OK;
            flow_locate(f, &t->pos, &line, &col);
            return diags_add(d, f->file, line, col, "\"%s\" names a flow that is not loaded",
                             t->raw);
        }
        node = colon + 1;
    }
    t->node = flow_find_node(f, node);
    t->flow = t->node != NULL ? f : NULL;
    if (t->node != NULL)
        return AOD_OK;
    flow_locate(f, &t->pos, &line, &col);
    return diags_add(d, f->file, line, col, "\"%s\" names no node of flow \"%s\"", t->raw, f->id);
}

/* Links every target of `f`; AOD_E_NOMEM when a problem could not even be noted. */
static enum aod_status link_flow(struct aod_catalog *cat, struct aod_flow *f, struct aod_diags *d)
{
    enum aod_status rc = link_target(cat, f, &f->start, d);
    for (size_t i = 0; rc == AOD_OK && i < f->n_nodes; i++) {
        struct flow_node *nd = &f->nodes[i];
        for (size_t c = 0; rc == AOD_OK && c < nd->n_choices; c++)
            rc = link_target(cat, f, &nd->choices[c].next, d);
        for (size_t r = 0; rc == AOD_OK && r < nd->n_routes; r++)
            rc = link_target(cat, f, &nd->routes[r].next, d);
        if (rc == AOD_OK)
            rc = link_target(cat, f, &nd->next, d);
    }
    return rc;
}

/* The first problem of a flow that cannot be opened, and how many more there are. */
static enum aod_status entry_failed(const struct cat_entry *e, struct aod_err *err)
{
    char first[AOD_ERR_MAX];
    size_t n = aod_diags_count(e->diags);

    if (n == 0)
        return aod_err_set(err, AOD_E_FLOW, "%s: cannot be loaded", e->file);
    aod_diag_format(aod_diags_get(e->diags, 0), first, sizeof first);
    if (n == 1)
        return aod_err_set(err, AOD_E_FLOW, "%s", first);
    return aod_err_set(err, AOD_E_FLOW, "%s (and %zu more: 'aovpn-doctor lint %s' lists them)",
                       first, n - 1, e->file);
}

/* Loads the flow of `e` when it is only indexed, validates it as the loader does, and links its
 * targets. A flow that fails keeps its diagnostics and fails the same way on every later try. */
static enum aod_status open_entry(struct aod_catalog *cat, struct cat_entry *e, struct aod_err *err)
{
    struct aod_err ferr;

    if (e->is_opened)
        return AOD_OK;
    if (e->diags != NULL)
        return entry_failed(e, err);
    e->diags = aod_diags_new();
    if (e->diags == NULL)
        return aod_err_set(err, AOD_E_NOMEM, "out of memory");
    aod_err_clear(&ferr);
    if (e->flow == NULL) {
        char *buf = NULL;
        size_t len = 0;
        size_t n_errors = 0;
        struct aod_flow *f = NULL;
        if (read_flow_file(e->file, AOD_FLOW_MAX_BYTES + 1, &buf, &len, e->diags, &ferr) == AOD_OK)
            f = flow_load(e->file, buf, len, e->diags, &n_errors, &ferr);
        free(buf);
        if (f == NULL && ferr.code == AOD_E_NOMEM)
            goto nomem;
        if (f == NULL) {
            if (aod_diags_count(e->diags) == 0 &&
                diags_add(e->diags, e->file, 0, 0, "%s", ferr.msg) != AOD_OK)
                goto nomem;
            goto failed;
        }
        if (strcmp(f->id, e->stub->id) != 0) { /* the file changed since it was indexed */
            enum aod_status rc =
                diags_add(e->diags, e->file, 1, 1, "the flow's id is now \"%s\", not \"%s\"", f->id,
                          e->stub->id);
            flow_free(f);
            if (rc != AOD_OK)
                goto nomem;
            goto failed;
        }
        if (push_flow(cat, f) != AOD_OK) {
            flow_free(f);
            goto nomem;
        }
        e->flow = f;
    }
    if (link_flow(cat, e->flow, e->diags) != AOD_OK)
        goto nomem;
    if (aod_diags_count(e->diags) > 0)
        goto failed;
    aod_diags_free(e->diags);
    e->diags = NULL;
    e->is_opened = true;
    return AOD_OK;
failed:
    aod_diags_sort(e->diags);
    return entry_failed(e, err);
nomem:
    aod_diags_free(e->diags);
    e->diags = NULL;
    return aod_err_set(err, AOD_E_NOMEM, "out of memory");
}

enum aod_status aod_catalog_open(struct aod_catalog *cat, const char *id, struct aod_diags *diags,
                                 struct aod_err *err)
{
    struct aod_err local;

    if (err == NULL)
        err = &local;
    aod_err_clear(err);
    if (!cat->is_lazy) {
        if (!cat->is_checked)
            return aod_err_set(err, AOD_E_STATE, "the flows have not passed their checks");
        return aod_catalog_find(cat, id) != NULL ? AOD_OK : AOD_E_NOTFOUND;
    }
    struct cat_entry *e = find_entry(cat, id, strlen(id));
    if (e == NULL)
        return AOD_E_NOTFOUND;
    enum aod_status rc = open_entry(cat, e, err);
    for (size_t i = 0; rc == AOD_E_FLOW && i < aod_diags_count(e->diags); i++) {
        const struct aod_diag *dg = aod_diags_get(e->diags, i);
        diags_add(diags, dg->file, dg->line, dg->col, "%s", dg->msg);
    }
    return rc;
}

/* Places a jump's target in its flow's file for an error message (0:0 when that cannot be
 * worked out). Only on the way to an error: it builds the flow's position index. */
static void jump_locate(struct aod_catalog *cat, const struct aod_flow *home,
                        const struct flow_target *t, int *line, int *col)
{
    for (size_t i = 0; i < cat->n; i++) { /* the catalog's own pointer, to place the target */
        if (cat->flows[i] == home)
            flow_locate(cat->flows[i], &t->pos, line, col);
    }
}

enum aod_status catalog_jump(struct aod_catalog *cat, const struct aod_flow *home,
                             const struct flow_target *t, const struct aod_flow **flow_out,
                             const struct flow_node **node_out, struct aod_err *err)
{
    const char *colon = strchr(t->raw, ':');
    struct cat_entry *e = colon != NULL ? find_entry(cat, t->raw, (size_t)(colon - t->raw)) : NULL;
    int line = 0;
    int col = 0;

    if (e == NULL) {
        jump_locate(cat, home, t, &line, &col);
        return aod_err_set(err, AOD_E_FLOW, "%s:%d:%d: \"%s\" names a flow that is not loaded",
                           home->file, line, col, t->raw);
    }
    enum aod_status rc = open_entry(cat, e, err);
    if (rc != AOD_OK)
        return rc;
    const struct flow_node *nd = flow_find_node(e->flow, colon + 1);
    if (nd == NULL) {
        jump_locate(cat, home, t, &line, &col);
        return aod_err_set(err, AOD_E_FLOW, "%s:%d:%d: \"%s\" names no node of flow \"%s\"",
                           home->file, line, col, t->raw, e->flow->id);
    }
    *flow_out = e->flow;
    *node_out = nd;
    return AOD_OK;
}

size_t aod_catalog_count(const struct aod_catalog *cat)
{
    return cat->n_entries;
}

const struct aod_flow *aod_catalog_flow(const struct aod_catalog *cat, size_t i)
{
    return i < cat->n_entries ? entry_flow(&cat->entries[i]) : NULL;
}

const struct aod_flow *aod_catalog_find(const struct aod_catalog *cat, const char *id)
{
    const struct cat_entry *e = find_entry(cat, id, strlen(id));
    return e != NULL ? entry_flow(e) : NULL;
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

/* Scores one flow against pasted text, where most words are no symptom: the codes found match
 * code keywords (and the title), and word or phrase keywords match where they occur. */
static int score_paste(const struct aod_flow *f, const char *text, const struct aod_paste *p)
{
    int total = 0;

    for (size_t k = 0; k < f->n_keywords; k++) {
        uint32_t code = 0;
        if (aod_errcode_parse(f->keywords[k], &code))
            total += aod_paste_has_code(p, code) ? 10 : 0;
        else
            total += aod_answer_matches(text, f->keywords[k]) ? 4 : 0;
    }
    for (size_t i = 0; i < p->n_codes; i++) {
        char canon[16];
        if (p->codes[i].is_carrier && !p->needs_code)
            continue;
        aod_errcode_format(p->codes[i].value, canon, sizeof canon);
        total += aod_answer_matches(f->title, canon) ? 6 : 0;
    }
    return total;
}

bool aod_catalog_covers(const struct aod_catalog *cat, uint32_t code)
{
    for (size_t i = 0; i < cat->n_entries; i++) {
        const struct aod_flow *f = entry_flow(&cat->entries[i]);
        uint32_t kw = 0;
        for (size_t k = 0; f->is_listed && k < f->n_keywords; k++) {
            if (aod_errcode_parse(f->keywords[k], &kw) && kw == code)
                return true;
        }
    }
    return false;
}

size_t aod_catalog_search(const struct aod_catalog *cat, const char *query,
                          const struct aod_flow **out, size_t max)
{
    enum { CAP = 256 };
    const struct aod_flow *found[CAP];
    int scores[CAP];
    size_t n = 0;
    struct aod_paste paste;
    bool is_paste = false;

    if (query == NULL)
        query = "";
    /* Typed words first: every word must hit, and a word may be the start of one. When no flow
     * takes every word, the query is read as pasted text. */
    for (int pass = 0; pass < 2 && n == 0; pass++) {
        if (pass == 1) {
            aod_paste_scan(query, &paste);
            is_paste = true;
        }
        for (size_t i = 0; i < cat->n_entries && n < CAP; i++) {
            const struct aod_flow *f = entry_flow(&cat->entries[i]);
            if (!f->is_listed)
                continue;
            int s = is_paste ? score_paste(f, query, &paste) : score_flow(f, query);
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
