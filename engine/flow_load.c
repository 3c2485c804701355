/* engine/flow_load.c: turns flow JSON into engine structs and reports every problem with
 * file:line:col. The only cJSON user: parse into a scratch arena, copy into the flow's arena,
 * drop the scratch arena.
 *
 * The format (full reference and a worked example: docs/flows.md):
 *   {"id": "error-809", "title": "...", "version": 1, "summary": "...", "keywords": [...],
 *    "start": "ask-host", "nodes": [
 *      {"id": "ask-host", "kind": "input", "title": "...", "text": "...", "fact": "vpn_host",
 *       "type": "host", "next": "reach"},
 *      {"id": "reach", "kind": "probe", "title": "...", "probes": [
 *         {"id": "dns", "kind": "dns", "params": {"host": "{{vpn_host}}"},
 *          "ask": "Does it resolve?", "answers": [{"label": "Yes", "verdict": "pass"}]}],
 *       "routes": [{"when": {"dns.verdict": "fail"}, "next": "fix-dns"}], "next": "..."},
 *      {"id": "fix-dns", "kind": "conclusion", "title": "...", "reasoning": "...",
 *       "steps": [{"title": "...", "where": "client", "shell": "powershell",
 *                  "commands": ["..."], "verify": {"shell": "bash", "where": "linux",
 *                  "commands": ["..."]}}],
 *       "sources": ["https://..."], "checked": "2026-12-02"}]}
 */
#include "flow_int.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "aod/errcode.h"
#include "aod/text.h"
#include "jsonpos.h"

/* The state of loading one flow file: the flow being built and where its problems go. */
struct loader {
    struct aod_flow *f;
    bool is_positioned; /* second pass: index the text and place every diagnostic */
    struct jpos jp;
    struct aod_diags *diags;
    const char *file;
    size_t n_errors;
    bool is_oom;
    struct flow_node *node; /* node being loaded, for fact uses */
    struct flow_use *uses;  /* grown per node, then copied into the arena */
    size_t n_uses, cap_uses;
};

#define PATH_MAX_LEN 256

static const char *path_join(char *out, const char *path, const char *key);

/* out = path + "/" + (word + "/")? + decimal i: "/nodes/3/choices/1". */
static const char *path_join_idx(char *out, const char *path, const char *word, size_t i)
{
    char digits[24];
    char tmp[PATH_MAX_LEN];
    char *d = digits + sizeof digits;

    *--d = '\0';
    do {
        *--d = (char)('0' + i % 10);
        i /= 10;
    } while (i > 0);
    return path_join(out, word != NULL ? path_join(tmp, path, word) : path, d);
}

/* out = path + "/" + key (a JSON Pointer), made only when a position is needed (loading makes many
 * paths). */
static const char *path_join(char *out, const char *path, const char *key)
{
    jpos_join(out, PATH_MAX_LEN, path, key, strlen(key));
    return out;
}

/* Counts one problem and notes it at line:col; the message comes from fmt and ap. */
static void note_problem(struct loader *l, int line, int col, const char *fmt, va_list ap)
{
    char msg[AOD_ERR_MAX];

    vsnprintf(msg, sizeof msg, fmt, ap);
    l->n_errors++;
    if (l->diags != NULL && diags_add(l->diags, l->file, line, col, "%s", msg) != AOD_OK)
        l->is_oom = true;
}

static void loader_error(struct loader *l, const char *path, bool at_key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void loader_error(struct loader *l, const char *path, bool at_key, const char *fmt, ...)
{
    int line = 0;
    int col = 0;
    va_list ap;

    if (l->is_positioned)
        jpos_locate(&l->jp, path, at_key, &line, &col);
    va_start(ap, fmt);
    note_problem(l, line, col, fmt, ap);
    va_end(ap);
}

/* A problem at byte `off` of the string at `path` (a {{fact}} inside a command). */
static void problem_in(struct loader *l, const char *path, size_t off, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void problem_in(struct loader *l, const char *path, size_t off, const char *fmt, ...)
{
    int line = 0;
    int col = 0;
    va_list ap;

    if (l->is_positioned)
        jpos_locate_in_string(&l->jp, path, off, &line, &col);
    va_start(ap, fmt);
    note_problem(l, line, col, fmt, ap);
    va_end(ap);
}

static struct flow_pos pos_of(struct loader *l, const char *path)
{
    struct flow_pos p = {arena_strdup(&l->f->arena, path)};
    if (p.path == NULL)
        l->is_oom = true;
    return p;
}

/* The line a position starts on, for messages that name another place; 0 in the first pass. */
static int line_of(struct loader *l, const struct flow_pos *p)
{
    int line = 0;
    int col = 0;
    if (l->is_positioned && p->path != NULL)
        jpos_locate(&l->jp, p->path, false, &line, &col);
    return line;
}

static void *alloc_array(struct loader *l, size_t n, size_t size)
{
    if (n == 0)
        return NULL;
    void *p = arena_alloc(&l->f->arena, n * size);
    if (p == NULL)
        l->is_oom = true;
    return p;
}

static const char *kind_of(const cJSON *v)
{
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsBool(v))
        return "true/false";
    if (cJSON_IsNull(v))
        return "null";
    if (cJSON_IsArray(v))
        return "an array";
    return "an object";
}

/* Reports unknown and repeated members of `obj`. */
static void check_keys(struct loader *l, const cJSON *obj, const char *path,
                       const char *const *allowed)
{
    for (const cJSON *c = obj->child; c != NULL; c = c->next) {
        char cpath[PATH_MAX_LEN];
        bool is_known = false;
        for (size_t i = 0; allowed[i] != NULL && !is_known; i++)
            is_known = strcmp(allowed[i], c->string) == 0;
        if (!is_known && c->string[0] != '$')
            loader_error(l, path_join(cpath, path, c->string), true, "unknown member \"%s\"",
                         c->string);
        size_t nth = 0;
        for (const cJSON *d = obj->child; d != c; d = d->next)
            nth += strcmp(d->string, c->string) == 0;
        if (nth > 0) {
            path_join(cpath, path, c->string);
            /* Point at the repeat, not at the first one: that is the line to delete. */
            int line = 0;
            int col = 0;
            if (l->is_positioned)
                jpos_locate_nth(&l->jp, cpath, nth, true, &line, &col);
            l->n_errors++;
            if (l->diags != NULL && diags_add(l->diags, l->file, line, col,
                                              "member \"%s\" appears twice", c->string) != AOD_OK)
                l->is_oom = true;
        }
    }
}

/* Records the {{fact}} names in `s` as uses of the current node. A name may carry a shell to
 * quote for ({{profile|cmd}}), for commands written inside prose. */
static void note_uses(struct loader *l, const char *s, const char *path)
{
    const char *p = s;
    while ((p = strstr(p, "{{")) != NULL) {
        const char *end = strstr(p + 2, "}}");
        if (end == NULL) {
            loader_error(l, path, false, "\"{{\" without a closing \"}}\"");
            return;
        }
        size_t whole = (size_t)(end - (p + 2));
        const char *bar = memchr(p + 2, '|', whole);
        size_t n = bar != NULL ? (size_t)(bar - (p + 2)) : whole;
        bool is_ok = n > 0 && n <= AOD_FLOW_MAX_ID;
        for (size_t i = 0; i < n && is_ok; i++) {
            char c = p[2 + i];
            is_ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
        }
        if (is_ok && bar != NULL) {
            char word[16];
            enum aod_shell sh;
            size_t wn = whole - n - 1;
            snprintf(word, sizeof word, "%.*s", (int)(wn < sizeof word ? wn : sizeof word - 1),
                     bar + 1);
            if (wn >= sizeof word || !flow_parse_shell(word, &sh)) {
                loader_error(l, path, false,
                             "\"{{%.*s}}\": after '|' comes a shell to quote for (powershell, cmd, "
                             "registry or bash)",
                             (int)(whole > 60 ? 60 : whole), p + 2);
                return;
            }
        }
        if (!is_ok) {
            loader_error(l, path, false, "\"{{%.*s}}\" is not a fact name", (int)(n > 40 ? 40 : n),
                         p + 2);
        } else if (l->node != NULL) {
            if (l->n_uses == l->cap_uses) {
                size_t cap = l->cap_uses ? l->cap_uses * 2 : 16;
                struct flow_use *u = realloc(l->uses, cap * sizeof *u);
                if (u == NULL) {
                    l->is_oom = true;
                    return;
                }
                l->uses = u;
                l->cap_uses = cap;
            }
            l->uses[l->n_uses].fact = arena_strndup(&l->f->arena, p + 2, n);
            l->uses[l->n_uses].pos = pos_of(l, path);
            l->n_uses++;
        }
        p = end + 2;
    }
}

/* A string member. Missing and not required: returns `dflt`. */
static const char *get_str(struct loader *l, const cJSON *obj, const char *path, const char *key,
                           bool is_required, bool allow_newline, const char *dflt)
{
    char kpath[PATH_MAX_LEN];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

    if (v == NULL) {
        if (is_required)
            loader_error(l, path, false, "missing member \"%s\"", key);
        return dflt;
    }
    if (!cJSON_IsString(v)) {
        loader_error(l, path_join(kpath, path, key), false, "\"%s\" must be a string, not %s", key,
                     kind_of(v));
        return dflt;
    }
    size_t len = strlen(v->valuestring);
    if (len > AOD_FLOW_MAX_STRING) {
        loader_error(l, path_join(kpath, path, key), false,
                     "\"%s\" is %zu bytes long; the limit is %d", key, len, AOD_FLOW_MAX_STRING);
        return dflt;
    }
    if (!aod_text_is_clean(v->valuestring, allow_newline)) {
        loader_error(l, path_join(kpath, path, key), false,
                     "\"%s\" contains a control character or invalid UTF-8", key);
        return dflt;
    }
    if (is_required && len == 0) {
        loader_error(l, path_join(kpath, path, key), false, "\"%s\" must not be empty", key);
        return dflt;
    }
    if (strstr(v->valuestring, "{{") != NULL)
        note_uses(l, v->valuestring, path_join(kpath, path, key));
    const char *copy = arena_strdup(&l->f->arena, v->valuestring);
    if (copy == NULL)
        l->is_oom = true;
    return copy;
}

/* An array of non-empty one-line strings. */
static const cJSON *get_array(struct loader *l, const cJSON *obj, const char *path, const char *key,
                              bool is_required, size_t max, size_t *n_out);

/* An array of non-empty one-line strings. */
static const char **get_str_array(struct loader *l, const cJSON *obj, const char *path,
                                  const char *key, bool is_required, size_t *n_out)
{
    char kpath[PATH_MAX_LEN];
    size_t count = 0;
    size_t n = 0;
    const cJSON *v = get_array(l, obj, path, key, is_required, 1024, &count);
    const char **out = v != NULL ? alloc_array(l, count, sizeof *out) : NULL;

    *n_out = 0;
    if (out == NULL)
        return NULL;
    path_join(kpath, path, key);
    for (const cJSON *c = v->child; c != NULL; c = c->next, n++) {
        char ipath[PATH_MAX_LEN];
        path_join_idx(ipath, kpath, NULL, n);
        if (!cJSON_IsString(c) || c->valuestring[0] == '\0') {
            loader_error(l, ipath, false, "\"%s\" entries must be non-empty strings", key);
        } else if (strlen(c->valuestring) > AOD_FLOW_MAX_STRING ||
                   !aod_text_is_clean(c->valuestring, false)) {
            loader_error(
                l, ipath, false,
                "\"%s\" entry is too long or contains a control character or invalid UTF-8", key);
        } else {
            if (strstr(c->valuestring, "{{") != NULL)
                note_uses(l, c->valuestring, ipath);
            out[n] = arena_strdup(&l->f->arena, c->valuestring);
        }
    }
    *n_out = n;
    return out;
}

static bool is_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > AOD_FLOW_MAX_ID)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '-' || c == '_'));
        if (!ok)
            return false;
    }
    return true;
}

bool flow_is_fact_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > AOD_FLOW_MAX_ID)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-'))
            return false;
    }
    return true;
}

static void get_target(struct loader *l, const cJSON *obj, const char *path, const char *key,
                       bool is_required, struct flow_target *t)
{
    char kpath[PATH_MAX_LEN];
    const char *raw = get_str(l, obj, path, key, is_required, false, NULL);

    path_join(kpath, path, key);
    t->raw = raw;
    t->pos = pos_of(l, raw != NULL ? kpath : path);
    if (raw == NULL)
        return;
    const char *colon = strchr(raw, ':');
    char fid[AOD_FLOW_MAX_ID + 2];
    if (colon != NULL) {
        size_t n = (size_t)(colon - raw);
        snprintf(fid, sizeof fid, "%.*s", (int)(n <= AOD_FLOW_MAX_ID ? n : AOD_FLOW_MAX_ID + 1),
                 raw);
        if (!is_id(fid) || !is_id(colon + 1))
            loader_error(l, kpath, false, "\"%s\" is not a node id or \"flow:node\"", raw);
    } else if (!is_id(raw)) {
        loader_error(l, kpath, false, "\"%s\" is not a node id (a-z, 0-9, '-', '_'; at most %d)",
                     raw, AOD_FLOW_MAX_ID);
    }
}

/* "set": {"fact": "value", ...} */
static struct flow_set *get_sets(struct loader *l, const cJSON *obj, const char *path,
                                 size_t *n_out)
{
    char kpath[PATH_MAX_LEN];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "set");
    struct flow_set *out;
    size_t n = 0;

    *n_out = 0;
    if (v == NULL)
        return NULL;
    path_join(kpath, path, "set");
    if (!cJSON_IsObject(v)) {
        loader_error(l, kpath, false, "\"set\" must be an object of fact names and values");
        return NULL;
    }
    out = alloc_array(l, (size_t)cJSON_GetArraySize(v), sizeof *out);
    for (const cJSON *c = v->child; c != NULL && out != NULL; c = c->next) {
        char cpath[PATH_MAX_LEN];
        path_join(cpath, kpath, c->string);
        if (!flow_is_fact_name(c->string)) {
            loader_error(l, cpath, true, "\"%s\" is not a fact name", c->string);
        } else if (!cJSON_IsString(c) || !aod_text_is_clean(c->valuestring, false) ||
                   strlen(c->valuestring) > AOD_FLOW_MAX_STRING) {
            loader_error(l, cpath, false, "the value of fact \"%s\" must be a one-line string",
                         c->string);
        } else {
            out[n].fact = arena_strdup(&l->f->arena, c->string);
            out[n].value = arena_strdup(&l->f->arena, c->valuestring);
            n++;
        }
    }
    *n_out = n;
    return out;
}

static const cJSON *get_array(struct loader *l, const cJSON *obj, const char *path, const char *key,
                              bool is_required, size_t max, size_t *n_out)
{
    char kpath[PATH_MAX_LEN];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

    *n_out = 0;
    path_join(kpath, path, key);
    if (v == NULL) {
        if (is_required)
            loader_error(l, path, false, "missing member \"%s\"", key);
        return NULL;
    }
    if (!cJSON_IsArray(v)) {
        loader_error(l, kpath, false, "\"%s\" must be an array, not %s", key, kind_of(v));
        return NULL;
    }
    size_t n = (size_t)cJSON_GetArraySize(v);
    if (n == 0 && is_required) {
        loader_error(l, kpath, false, "\"%s\" must not be empty", key);
        return NULL;
    }
    if (n > max) {
        loader_error(l, kpath, false, "\"%s\" has %zu entries; at most %zu are allowed", key, n,
                     max);
        return NULL;
    }
    *n_out = n;
    return v;
}

static void load_cmds(struct loader *l, const cJSON *o, const char *path, bool is_required,
                      struct flow_cmds *cmds);
static void load_where(struct loader *l, const cJSON *o, const char *path,
                       const enum aod_where *inherit, struct flow_cmds *cmds);

static void load_question(struct loader *l, const cJSON *o, const char *path, struct flow_node *nd)
{
    static const char *const keys[] = {"id",    "kind",     "title",   "text", "shell",
                                       "where", "commands", "choices", NULL};
    size_t n = 0;
    const cJSON *arr;

    check_keys(l, o, path, keys);
    /* The command that answers the question, shown whole and copied with y rather than buried
     * in the prose: "shell", "where" and "commands" go together, as on a step. */
    if (cJSON_GetObjectItemCaseSensitive(o, "commands") != NULL) {
        load_cmds(l, o, path, true, &nd->ask);
        load_where(l, o, path, NULL, &nd->ask);
    } else if (cJSON_GetObjectItemCaseSensitive(o, "shell") != NULL ||
               cJSON_GetObjectItemCaseSensitive(o, "where") != NULL) {
        loader_error(l, path, false, "\"shell\" and \"where\" go with \"commands\"");
    }
    arr = get_array(l, o, path, "choices", true, AOD_FLOW_MAX_CHOICES, &n);
    if (arr == NULL)
        return;
    if (n < 2)
        loader_error(l, path, false, "a question needs at least two choices");
    nd->choices = alloc_array(l, n, sizeof *nd->choices);
    nd->n_choices = nd->choices != NULL ? n : 0;
    size_t i = 0;
    for (const cJSON *c = arr->child; c != NULL && nd->choices != NULL; c = c->next, i++) {
        static const char *const ckeys[] = {"label", "next", "set", NULL};
        char cpath[PATH_MAX_LEN];
        path_join_idx(cpath, path, "choices", i);
        if (!cJSON_IsObject(c)) {
            loader_error(l, cpath, false, "a choice must be an object with \"label\" and \"next\"");
            continue;
        }
        check_keys(l, c, cpath, ckeys);
        nd->choices[i].label = get_str(l, c, cpath, "label", true, false, "");
        get_target(l, c, cpath, "next", true, &nd->choices[i].next);
        nd->choices[i].sets = get_sets(l, c, cpath, &nd->choices[i].n_sets);
    }
}

static long get_long(struct loader *l, const cJSON *o, const char *path, const char *key, long dflt)
{
    char kpath[PATH_MAX_LEN];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    path_join(kpath, path, key);
    if (v == NULL)
        return dflt;
    /* Range first: converting an out-of-range double (1e300, or 1e999 = inf) is undefined. */
    if (!cJSON_IsNumber(v) || !(v->valuedouble <= 2147483647.0) ||
        !(v->valuedouble >= -2147483648.0) || v->valuedouble != (double)(long)v->valuedouble) {
        loader_error(l, kpath, false, "\"%s\" must be a whole number", key);
        return dflt;
    }
    return (long)v->valuedouble;
}

/* One condition of "when": a fact and the value, or list of values, it must have. */
static bool load_cond(struct loader *l, const cJSON *c, const char *cpath, struct flow_cond *cd)
{
    if (!flow_is_fact_name(c->string)) {
        loader_error(l, cpath, true, "\"%s\" is not a fact name", c->string);
        return false;
    }
    cd->fact = arena_strdup(&l->f->arena, c->string);
    if (cJSON_IsString(c)) {
        cd->values = alloc_array(l, 1, sizeof *cd->values);
        if (cd->values != NULL) {
            cd->values[0] = arena_strdup(&l->f->arena, c->valuestring);
            cd->n_values = 1;
        }
        return true;
    }
    if (!cJSON_IsArray(c) || c->child == NULL) {
        loader_error(l, cpath, false, "\"%s\" must be a string or a list of strings", c->string);
        return false;
    }
    cd->values = alloc_array(l, (size_t)cJSON_GetArraySize(c), sizeof *cd->values);
    for (const cJSON *e = c->child; e != NULL && cd->values != NULL; e = e->next) {
        if (!cJSON_IsString(e)) {
            loader_error(l, cpath, false, "values in \"when\" must be strings");
            break;
        }
        cd->values[cd->n_values++] = arena_strdup(&l->f->arena, e->valuestring);
    }
    return true;
}

/* A probe route's "when": fact names mapped to the values that make the route match. */
static void load_when(struct loader *l, const cJSON *r, const char *rpath, struct flow_route *rt)
{
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(r, "when");
    char wpath[PATH_MAX_LEN];

    if (w == NULL) {
        loader_error(l, rpath, false, "missing member \"when\"");
        return;
    }
    path_join(wpath, rpath, "when");
    if (!cJSON_IsObject(w) || w->child == NULL) {
        loader_error(l, wpath, false, "\"when\" must map fact names to a value or a list");
        return;
    }
    rt->when = alloc_array(l, (size_t)cJSON_GetArraySize(w), sizeof *rt->when);
    for (const cJSON *c = w->child; c != NULL && rt->when != NULL; c = c->next) {
        char cpath[PATH_MAX_LEN];
        if (load_cond(l, c, path_join(cpath, wpath, c->string), &rt->when[rt->n_when]))
            rt->n_when++;
    }
}

static void load_routes(struct loader *l, const cJSON *o, const char *path, struct flow_node *nd)
{
    size_t n = 0;
    const cJSON *arr = get_array(l, o, path, "routes", false, 64, &n);
    size_t i = 0;

    if (arr == NULL)
        return;
    nd->routes = alloc_array(l, n, sizeof *nd->routes);
    nd->n_routes = nd->routes != NULL ? n : 0;
    for (const cJSON *r = arr->child; r != NULL && nd->routes != NULL; r = r->next, i++) {
        static const char *const rkeys[] = {"match", "when", "next", NULL};
        struct flow_route *rt = &nd->routes[i];
        char rpath[PATH_MAX_LEN];
        path_join_idx(rpath, path, "routes", i);
        if (!cJSON_IsObject(r)) {
            loader_error(l, rpath, false, "a route must be an object");
            continue;
        }
        check_keys(l, r, rpath, rkeys);
        get_target(l, r, rpath, "next", true, &rt->next);
        if (nd->kind == AOD_NODE_INPUT) {
            rt->match = get_str_array(l, r, rpath, "match", true, &rt->n_match);
            if (cJSON_GetObjectItemCaseSensitive(r, "when") != NULL)
                loader_error(l, rpath, false, "input routes use \"match\", not \"when\"");
            continue;
        }
        if (cJSON_GetObjectItemCaseSensitive(r, "match") != NULL)
            loader_error(l, rpath, false, "probe routes use \"when\", not \"match\"");
        load_when(l, r, rpath, rt);
    }
}

static void load_input(struct loader *l, const cJSON *o, const char *path, struct flow_node *nd)
{
    static const char *const keys[] = {"id",     "kind", "title",     "text",       "fact",
                                       "type",   "min",  "max",       "max_length", "placeholder",
                                       "routes", "next", "code_fact", NULL};
    char kpath[PATH_MAX_LEN];

    check_keys(l, o, path, keys);
    nd->fact = get_str(l, o, path, "fact", true, false, NULL);
    path_join(kpath, path, "fact");
    if (nd->fact != NULL && !flow_is_fact_name(nd->fact))
        loader_error(l, kpath, false, "\"%s\" is not a fact name (letters, digits, '_', '.', '-')",
                     nd->fact);
    const char *type = get_str(l, o, path, "type", false, false, "text");
    path_join(kpath, path, "type");
    int t = flow_word_index(flow_input_type_words, type);
    if (t >= 0)
        nd->input_type = (enum aod_input_type)t;
    else if (type != NULL)
        loader_error(l, kpath, false,
                     "unknown input type \"%s\" (expected text, host, number, error_code or "
                     "symptom)",
                     type);
    nd->code_fact = get_str(l, o, path, "code_fact", false, false, NULL);
    path_join(kpath, path, "code_fact");
    if (nd->code_fact != NULL && nd->input_type != AOD_INPUT_SYMPTOM)
        loader_error(l, kpath, false, "\"code_fact\" belongs to an input of type \"symptom\"");
    else if (nd->code_fact != NULL && !flow_is_fact_name(nd->code_fact))
        loader_error(l, kpath, false, "\"%s\" is not a fact name (letters, digits, '_', '.', '-')",
                     nd->code_fact);
    nd->min = get_long(l, o, path, "min", 0);
    nd->max = get_long(l, o, path, "max", 2147483647L);
    long ml = get_long(l, o, path, "max_length", 200);
    if (ml < 1 || ml > 1024) {
        path_join(kpath, path, "max_length");
        loader_error(l, kpath, false, "\"max_length\" must be between 1 and 1024");
        ml = 200;
    }
    nd->max_len = (size_t)ml;
    nd->placeholder = get_str(l, o, path, "placeholder", false, false, "");
    load_routes(l, o, path, nd);
    get_target(l, o, path, "next", true, &nd->next);
}

static enum aod_verdict parse_verdict(const char *s, bool *ok)
{
    *ok = true;
    for (int v = 0; v < AOD_VERDICT_COUNT; v++) {
        if (strcmp(s, aod_verdict_word((enum aod_verdict)v)) == 0)
            return (enum aod_verdict)v;
    }
    *ok = false;
    return AOD_VERDICT_ERROR;
}

static void load_probe_def(struct loader *l, const cJSON *p, const char *ppath,
                           struct flow_probe *pr)
{
    static const char *const pkeys[] = {"id", "kind", "params", "ask", "answers", "fields", NULL};
    size_t n = 0;

    check_keys(l, p, ppath, pkeys);
    pr->id = get_str(l, p, ppath, "id", true, false, NULL);
    if (pr->id != NULL && (!is_id(pr->id) || strchr(pr->id, '.') != NULL)) {
        char kpath[PATH_MAX_LEN];
        path_join(kpath, ppath, "id");
        loader_error(l, kpath, false, "\"%s\" is not a probe id (a-z, 0-9, '-', '_')", pr->id);
    }
    pr->kind = get_str(l, p, ppath, "kind", true, false, NULL);
    pr->ask = get_str(l, p, ppath, "ask", true, true, "");
    pr->fields = get_str_array(l, p, ppath, "fields", false, &pr->n_fields);

    const cJSON *params = cJSON_GetObjectItemCaseSensitive(p, "params");
    if (params != NULL && !cJSON_IsObject(params)) {
        char kpath[PATH_MAX_LEN];
        path_join(kpath, ppath, "params");
        loader_error(l, kpath, false, "\"params\" must be an object of names and string values");
    } else if (params != NULL) {
        pr->params = alloc_array(l, (size_t)cJSON_GetArraySize(params), sizeof *pr->params);
        for (const cJSON *c = params->child; c != NULL && pr->params != NULL; c = c->next) {
            char kpath[PATH_MAX_LEN];
            path_join(kpath, ppath, "params");
            if (!flow_is_fact_name(c->string)) {
                char npath[PATH_MAX_LEN];
                path_join(npath, kpath, c->string);
                loader_error(l, npath, true,
                             "\"%s\" is not a parameter name (letters, digits, '_', '.', '-')",
                             c->string);
                continue;
            }
            const char *val = get_str(l, params, kpath, c->string, true, false, NULL);
            if (val != NULL) {
                pr->params[pr->n_params].name = arena_strdup(&l->f->arena, c->string);
                pr->params[pr->n_params].value = val;
                pr->n_params++;
            }
        }
    }

    const cJSON *arr = get_array(l, p, ppath, "answers", true, AOD_FLOW_MAX_CHOICES - 1, &n);
    if (arr == NULL)
        return;
    pr->answers = alloc_array(l, n, sizeof *pr->answers);
    pr->n_answers = pr->answers != NULL ? n : 0;
    size_t i = 0;
    for (const cJSON *a = arr->child; a != NULL && pr->answers != NULL; a = a->next, i++) {
        static const char *const akeys[] = {"label", "verdict", "set", NULL};
        char apath[PATH_MAX_LEN];
        bool ok = false;
        path_join_idx(apath, ppath, "answers", i);
        if (!cJSON_IsObject(a)) {
            loader_error(l, apath, false,
                         "an answer must be an object with \"label\" and \"verdict\"");
            continue;
        }
        check_keys(l, a, apath, akeys);
        pr->answers[i].label = get_str(l, a, apath, "label", true, false, "");
        const char *vw = get_str(l, a, apath, "verdict", true, false, NULL);
        if (vw != NULL) {
            pr->answers[i].verdict = parse_verdict(vw, &ok);
            if (!ok) {
                char vpath[PATH_MAX_LEN];
                path_join(vpath, apath, "verdict");
                loader_error(l, vpath, false,
                             "unknown verdict \"%s\" (expected pass, fail, inconclusive or error)",
                             vw);
            }
        }
        pr->answers[i].sets = get_sets(l, a, apath, &pr->answers[i].n_sets);
    }
}

static void load_probe(struct loader *l, const cJSON *o, const char *path, struct flow_node *nd)
{
    static const char *const keys[] = {"id",     "kind",   "title", "text",
                                       "probes", "routes", "next",  NULL};
    size_t n = 0;
    const cJSON *arr;

    check_keys(l, o, path, keys);
    arr = get_array(l, o, path, "probes", true, AOD_FLOW_MAX_PROBES, &n);
    if (arr != NULL) {
        nd->probes = alloc_array(l, n, sizeof *nd->probes);
        nd->n_probes = nd->probes != NULL ? n : 0;
        size_t i = 0;
        for (const cJSON *p = arr->child; p != NULL && nd->probes != NULL; p = p->next, i++) {
            char ppath[PATH_MAX_LEN];
            path_join_idx(ppath, path, "probes", i);
            if (!cJSON_IsObject(p)) {
                loader_error(l, ppath, false, "a probe must be an object");
                continue;
            }
            load_probe_def(l, p, ppath, &nd->probes[i]);
            for (size_t k = 0; k < i; k++) {
                if (nd->probes[i].id != NULL && nd->probes[k].id != NULL &&
                    strcmp(nd->probes[i].id, nd->probes[k].id) == 0)
                    loader_error(l, ppath, false, "probe id \"%s\" is used twice in this step",
                                 nd->probes[i].id);
            }
        }
    }
    load_routes(l, o, path, nd);
    get_target(l, o, path, "next", true, &nd->next);
}

/* ---- where a {{fact}} may stand in a command ----
 * A fact in a command is put in as one quoted literal for the step's shell ('o''brien' for
 * PowerShell, "x" for cmd). That is safe only where the shell reads a bare word: inside double
 * quotes PowerShell and bash expand $(...) in the value, and cmd and .reg files see the value's
 * own quotes end the string; a here-string keeps the quotes as text; a script block may be
 * parsed again elsewhere (Invoke-Command, Start-Job). The scan below follows the quoting of
 * each shell just far enough to tell where each {{ stands. */

enum qctx {
    Q_NONE,
    Q_DOUBLE, /* "...": PowerShell also U+201C U+201D U+201E */
    Q_SINGLE, /* '...': PowerShell also U+2018 ... U+201B */
    Q_HERE_DOUBLE,
    Q_HERE_SINGLE,
};

#define SCRIPT_NEST_MAX 32

/* Length of the PowerShell quote character at s (1 for ASCII, 3 for the typographic ones), and
 * whether it is a single or a double quote; 0 when s is no quote. */
static size_t ps_quote(const char *s, bool *is_double)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == '"' || u[0] == '\'') {
        *is_double = u[0] == '"';
        return 1;
    }
    if (u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x98 && u[2] <= 0x9E) {
        *is_double = u[2] >= 0x9C;
        return 3;
    }
    return 0;
}

static void fact_misplaced(struct loader *l, const char *path, const char *cmd, size_t at,
                           enum aod_shell sh, enum qctx q, bool is_script)
{
    const char *end = strstr(cmd + at, "}}");
    int n = end != NULL ? (int)(end + 2 - (cmd + at)) : 2;
    if (n > 60)
        n = 60;
    if (q == Q_HERE_DOUBLE || q == Q_HERE_SINGLE)
        problem_in(l, path, at,
                   "%.*s is inside a PowerShell here-string: the fact is already quoted as a "
                   "literal, so the here-string would keep the quotes as text%s; write it bare "
                   "outside the here-string",
                   n, cmd + at, q == Q_HERE_DOUBLE ? " and expand $(...) in the value" : "");
    else if (q == Q_DOUBLE && (sh == AOD_SHELL_POWERSHELL || sh == AOD_SHELL_BASH))
        problem_in(l, path, at,
                   "%.*s is inside double quotes, where %s would expand $(...) and $variables "
                   "in the value: the fact is already quoted as a literal for this shell, so "
                   "write it bare, without the quotes around it",
                   n, cmd + at, sh == AOD_SHELL_BASH ? "bash" : "PowerShell");
    else if (q == Q_DOUBLE)
        problem_in(l, path, at,
                   "%.*s is inside double quotes: the fact is already quoted for %s (\"...\"), "
                   "so its value would stand outside the quotes%s; write it bare, without the "
                   "quotes around it",
                   n, cmd + at, sh == AOD_SHELL_CMD ? "cmd" : "a .reg file",
                   sh == AOD_SHELL_CMD ? " and cmd would run & | < > in it" : "");
    else if (is_script)
        problem_in(l, path, at,
                   "%.*s is inside a script block { ... }: the fact is quoted as a literal here, "
                   "but a script block can run elsewhere (Invoke-Command, Start-Job) or be "
                   "parsed again as text; pass the value in with -ArgumentList or $using:",
                   n, cmd + at);
}

/* Reports every {{fact}} of `cmd` that stands inside double quotes, a here-string or a script
 * block for shell `sh`. */
static void check_fact_places(struct loader *l, const char *path, const char *cmd,
                              enum aod_shell sh)
{
    enum qctx q = Q_NONE;
    bool nest[SCRIPT_NEST_MAX]; /* for each open '{': is it a script block? */
    size_t depth = 0;
    size_t scripts = 0; /* open script blocks */
    bool is_ps = sh == AOD_SHELL_POWERSHELL;

    for (size_t i = 0; cmd[i] != '\0';) {
        const char *c = cmd + i;
        bool is_double = false;
        size_t qn = is_ps ? ps_quote(c, &is_double) : 0;

        if (c[0] == '{' && c[1] == '{') {
            const char *end = strstr(c + 2, "}}");
            if (q == Q_DOUBLE || q == Q_HERE_DOUBLE || q == Q_HERE_SINGLE ||
                (q == Q_NONE && scripts > 0))
                fact_misplaced(l, path, cmd, i, sh, q, scripts > 0);
            if (end == NULL)
                return;
            i = (size_t)(end + 2 - cmd);
            continue;
        }
        switch (q) {
        case Q_NONE:
            if ((is_ps && c[0] == '`') || (sh == AOD_SHELL_BASH && c[0] == '\\') ||
                (sh == AOD_SHELL_CMD && c[0] == '^')) {
                i += c[1] != '\0' ? 2 : 1; /* an escaped character */
                continue;
            }
            if (c[0] == '#' && (sh == AOD_SHELL_BASH || is_ps) &&
                (i == 0 || cmd[i - 1] == ' ' || cmd[i - 1] == '\t'))
                return; /* a comment: nothing after it runs */
            if (is_ps && c[0] == '@' && (c[1] == '"' || c[1] == '\'')) {
                q = c[1] == '"' ? Q_HERE_DOUBLE : Q_HERE_SINGLE;
                i += 2;
                continue;
            }
            if (is_ps && qn > 0) {
                q = is_double ? Q_DOUBLE : Q_SINGLE;
                i += qn;
                continue;
            }
            if (!is_ps && (c[0] == '"' || (c[0] == '\'' && sh == AOD_SHELL_BASH))) {
                q = c[0] == '"' ? Q_DOUBLE : Q_SINGLE;
                i++;
                continue;
            }
            /* PowerShell: "{" opens a script block, except "@{" (a hash table) and "${"
             * (a variable name). */
            if (is_ps && c[0] == '{') {
                bool is_script = i == 0 || (cmd[i - 1] != '@' && cmd[i - 1] != '$');
                if (depth < SCRIPT_NEST_MAX)
                    nest[depth] = is_script;
                depth++;
                scripts += is_script;
            } else if (is_ps && c[0] == '}' && depth > 0) {
                depth--;
                if (depth < SCRIPT_NEST_MAX && nest[depth])
                    scripts--;
            }
            i++;
            break;
        case Q_DOUBLE:
            if ((is_ps && c[0] == '`') || (!is_ps && sh != AOD_SHELL_CMD && c[0] == '\\')) {
                i += c[1] != '\0' ? 2 : 1;
                continue;
            }
            if (is_ps ? qn > 0 && is_double : c[0] == '"') {
                size_t step = is_ps ? qn : 1;
                bool is_doubled = false;
                /* PowerShell writes a quote inside "..." as two quotes. */
                if (is_ps && ps_quote(c + step, &is_doubled) > 0 && is_doubled) {
                    i += step + ps_quote(c + step, &is_doubled);
                    continue;
                }
                q = Q_NONE;
                i += step;
                continue;
            }
            i++;
            break;
        case Q_SINGLE:
            if (is_ps ? qn > 0 && !is_double : c[0] == '\'') {
                bool is_dq = false;
                size_t next = is_ps ? ps_quote(c + qn, &is_dq) : 0;
                if (is_ps && next > 0 && !is_dq) {
                    i += qn + next; /* '' inside '...' */
                    continue;
                }
                q = Q_NONE;
                i += is_ps ? qn : 1;
                continue;
            }
            i++;
            break;
        case Q_HERE_DOUBLE:
        case Q_HERE_SINGLE:
            if (c[0] == (q == Q_HERE_DOUBLE ? '"' : '\'') && c[1] == '@') {
                q = Q_NONE;
                i += 2;
                continue;
            }
            i++;
            break;
        }
    }
}

static void load_cmds(struct loader *l, const cJSON *o, const char *path, bool is_required,
                      struct flow_cmds *cmds)
{
    const char *sh = get_str(l, o, path, "shell", is_required, false, NULL);
    if (sh != NULL && !flow_parse_shell(sh, &cmds->shell)) {
        char kpath[PATH_MAX_LEN];
        path_join(kpath, path, "shell");
        loader_error(l, kpath, false,
                     "unknown shell \"%s\" (expected powershell, cmd, registry or bash)", sh);
    }
    cmds->commands = get_str_array(l, o, path, "commands", is_required, &cmds->n_commands);
    for (size_t i = 0; i < cmds->n_commands; i++) {
        char ipath[PATH_MAX_LEN];
        if (cmds->commands[i] == NULL || strstr(cmds->commands[i], "{{") == NULL)
            continue;
        check_fact_places(l, path_join_idx(ipath, path, "commands", i), cmds->commands[i],
                          cmds->shell);
    }
}

/* "where" of a command block: required, unless `inherit` gives the step's (a verify block that
 * runs where its step does). bash runs on this Linux host and nothing else does, so that no
 * Linux command can be pasted into PowerShell and no Windows command is offered to bash. */
static void load_where(struct loader *l, const cJSON *o, const char *path,
                       const enum aod_where *inherit, struct flow_cmds *cmds)
{
    char kpath[PATH_MAX_LEN];
    const char *w = get_str(l, o, path, "where", inherit == NULL, false, NULL);

    path_join(kpath, path, "where");
    if (w == NULL) {
        if (inherit != NULL)
            cmds->where = *inherit;
    } else {
        int k = flow_word_index(flow_where_words, w);
        if (k < 0) {
            loader_error(l, kpath, false,
                         "unknown place \"%s\" (expected client, rras, nps, admin or linux)", w);
            return;
        }
        cmds->where = (enum aod_where)k;
    }
    if (w == NULL && inherit == NULL)
        return;
    bool is_bash = cmds->shell == AOD_SHELL_BASH;
    if (is_bash != (cmds->where == AOD_WHERE_LINUX))
        loader_error(l, w != NULL ? kpath : path, false,
                     is_bash ? "bash commands run on this Linux host: \"where\" must be \"linux\""
                             : "\"where\": \"linux\" takes bash commands, not %s",
                     aod_shell_word(cmds->shell));
}

/* A calendar date written "YYYY-MM-DD" (ISO 8601), with a day that exists in its month. There
 * is no clock here, so a date in the future cannot be told apart: only the form is checked. */
static bool flow_is_iso_date(const char *s)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    }
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return false;
    bool is_leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && is_leap ? 1 : 0);
}

static void load_conclusion(struct loader *l, const cJSON *o, const char *path,
                            struct flow_node *nd)
{
    static const char *const keys[] = {"id",    "kind",    "title",  "text",    "reasoning",
                                       "steps", "sources", "caveat", "checked", NULL};
    size_t n = 0;

    check_keys(l, o, path, keys);
    nd->reasoning = get_str(l, o, path, "reasoning", true, true, "");
    nd->caveat = get_str(l, o, path, "caveat", false, true, "");
    nd->checked = get_str(l, o, path, "checked", true, false, "");
    if (nd->checked != NULL && nd->checked[0] != '\0' && !flow_is_iso_date(nd->checked)) {
        char cpath[PATH_MAX_LEN];
        loader_error(l, path_join(cpath, path, "checked"), false,
                     "\"checked\" must be a calendar date written YYYY-MM-DD, not \"%.40s\"",
                     nd->checked);
    }
    nd->sources = get_str_array(l, o, path, "sources", true, &nd->n_sources);
    for (size_t i = 0; i < nd->n_sources; i++) {
        if (nd->sources[i] != NULL && strncmp(nd->sources[i], "https://", 8) != 0 &&
            strncmp(nd->sources[i], "http://", 7) != 0) {
            char spath[PATH_MAX_LEN];
            path_join_idx(spath, path, "sources", i);
            loader_error(l, spath, false, "a source must be an http:// or https:// URL");
        }
    }
    const cJSON *arr = get_array(l, o, path, "steps", true, 16, &n);
    if (arr == NULL)
        return;
    nd->steps = alloc_array(l, n, sizeof *nd->steps);
    nd->n_steps = nd->steps != NULL ? n : 0;
    size_t i = 0;
    for (const cJSON *s = arr->child; s != NULL && nd->steps != NULL; s = s->next, i++) {
        static const char *const skeys[] = {"title", "text",   "shell",  "commands",  "where",
                                            "risk",  "caveat", "verify", "reference", NULL};
        static const char *const vkeys[] = {"shell", "where", "commands", "expect", NULL};
        struct flow_step *st = &nd->steps[i];
        char spath[PATH_MAX_LEN];
        path_join_idx(spath, path, "steps", i);
        if (!cJSON_IsObject(s)) {
            loader_error(l, spath, false, "a step must be an object");
            continue;
        }
        check_keys(l, s, spath, skeys);
        st->title = get_str(l, s, spath, "title", true, false, "");
        st->text = get_str(l, s, spath, "text", false, true, "");
        st->risk = get_str(l, s, spath, "risk", false, true, "");
        st->caveat = get_str(l, s, spath, "caveat", false, true, "");
        st->expect = "";
        /* A reference step shows a retired form (MSOnline) that must never be run: it has
         * commands to read, and nothing to verify, since nothing of it is meant to run. */
        const cJSON *ref = cJSON_GetObjectItemCaseSensitive(s, "reference");
        if (ref != NULL && !cJSON_IsBool(ref)) {
            char rpath[PATH_MAX_LEN];
            loader_error(l, path_join(rpath, spath, "reference"), false,
                         "\"reference\" must be true or false");
        } else if (cJSON_IsTrue(ref)) {
            st->is_reference = true;
            if (cJSON_GetObjectItemCaseSensitive(s, "commands") == NULL)
                loader_error(l, spath, false, "a \"reference\" step needs \"commands\"");
            if (cJSON_GetObjectItemCaseSensitive(s, "verify") != NULL)
                loader_error(l, spath, false,
                             "a \"reference\" step is never run, so it has no \"verify\"");
        }
        /* A step may be an instruction with only a verify block (a vendor console has no
         * command to paste), but it must give the reader something to run. */
        /* A step with commands says where they run; its verify block runs there too unless it
         * names a place of its own (a probe run again from this host), which it must when the
         * step has no "where". */
        bool has_cmds = cJSON_GetObjectItemCaseSensitive(s, "commands") != NULL;
        const char *sw = get_str(l, s, spath, "where", has_cmds, false, NULL);
        int swi = sw != NULL ? flow_word_index(flow_where_words, sw) : -1;
        enum aod_where step_where = swi >= 0 ? (enum aod_where)swi : AOD_WHERE_CLIENT;
        if (has_cmds) {
            load_cmds(l, s, spath, true, &st->run);
            if (sw != NULL)
                load_where(l, s, spath, NULL, &st->run);
        } else if (cJSON_GetObjectItemCaseSensitive(s, "verify") == NULL) {
            loader_error(l, spath, false, "a step needs \"commands\", a \"verify\" block, or both");
        } else if (cJSON_GetObjectItemCaseSensitive(s, "shell") != NULL) {
            loader_error(l, spath, false, "\"shell\" without \"commands\"");
        }
        if (sw != NULL && swi < 0 && !has_cmds) {
            char wpath[PATH_MAX_LEN];
            loader_error(l, path_join(wpath, spath, "where"), false,
                         "unknown place \"%s\" (expected client, rras, nps, admin or linux)", sw);
        }
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(s, "verify");
        if (v != NULL) {
            char vpath[PATH_MAX_LEN];
            path_join(vpath, spath, "verify");
            if (!cJSON_IsObject(v)) {
                loader_error(l, vpath, false, "\"verify\" must be an object");
                continue;
            }
            check_keys(l, v, vpath, vkeys);
            load_cmds(l, v, vpath, true, &st->verify);
            /* Without a step "where" (reported above when the step has commands) the block
             * needs its own. */
            load_where(l, v, vpath, sw != NULL || has_cmds ? &step_where : NULL, &st->verify);
            st->expect = get_str(l, v, vpath, "expect", false, true, "");
        }
    }
}

static void load_node(struct loader *l, const cJSON *o, const char *path, struct flow_node *nd)
{
    char kpath[PATH_MAX_LEN];

    l->node = nd;
    l->n_uses = 0;
    nd->pos = pos_of(l, path);
    nd->id = get_str(l, o, path, "id", true, false, NULL);
    path_join(kpath, path, "id");
    if (nd->id != NULL && !is_id(nd->id))
        loader_error(l, kpath, false, "\"%s\" is not a node id (a-z, 0-9, '-', '_'; at most %d)",
                     nd->id, AOD_FLOW_MAX_ID);
    nd->title = get_str(l, o, path, "title", true, false, "");
    nd->text = get_str(l, o, path, "text", false, true, "");
    const char *kind = get_str(l, o, path, "kind", true, false, NULL);
    path_join(kpath, path, "kind");
    if (kind == NULL)
        return;
    int k = flow_word_index(flow_kind_words, kind);
    if (k < 0) {
        loader_error(l, kpath, false,
                     "unknown kind \"%s\" (expected question, input, probe or conclusion)", kind);
        return;
    }
    nd->kind = (enum aod_node_kind)k;
    switch (nd->kind) {
    case AOD_NODE_QUESTION:
        load_question(l, o, path, nd);
        break;
    case AOD_NODE_INPUT:
        load_input(l, o, path, nd);
        break;
    case AOD_NODE_PROBE:
        load_probe(l, o, path, nd);
        break;
    case AOD_NODE_CONCLUSION:
        load_conclusion(l, o, path, nd);
        break;
    }
    nd->uses = alloc_array(l, l->n_uses, sizeof *nd->uses);
    if (nd->uses != NULL) {
        memcpy(nd->uses, l->uses, l->n_uses * sizeof *nd->uses);
        nd->n_uses = l->n_uses;
    }
}

/* Facts a node may set on its way out: for the checker's "set on some path" analysis. */
static void collect_sets(struct loader *l, struct flow_node *nd)
{
    size_t cap = 0;
    size_t n = 0;
    const char **out;

    if (nd->kind == AOD_NODE_INPUT)
        cap = 1;
    for (size_t i = 0; i < nd->n_choices; i++)
        cap += nd->choices[i].n_sets;
    for (size_t i = 0; i < nd->n_probes; i++) {
        cap += 3 + nd->probes[i].n_fields;
        for (size_t a = 0; a < nd->probes[i].n_answers; a++)
            cap += nd->probes[i].answers[a].n_sets;
    }
    out = alloc_array(l, cap, sizeof *out);
    if (out == NULL)
        return;
    if (nd->kind == AOD_NODE_INPUT && nd->fact != NULL)
        out[n++] = nd->fact;
    if (nd->kind == AOD_NODE_INPUT && nd->code_fact != NULL)
        out[n++] = nd->code_fact;
    for (size_t i = 0; i < nd->n_choices; i++) {
        for (size_t k = 0; k < nd->choices[i].n_sets; k++)
            out[n++] = nd->choices[i].sets[k].fact;
    }
    for (size_t i = 0; i < nd->n_probes; i++) {
        const struct flow_probe *pr = &nd->probes[i];
        char name[AOD_FLOW_MAX_ID * 2 + 16];
        if (pr->id == NULL)
            continue;
        snprintf(name, sizeof name, "%s.verdict", pr->id);
        out[n++] = arena_strdup(&l->f->arena, name);
        snprintf(name, sizeof name, "%s.summary", pr->id);
        out[n++] = arena_strdup(&l->f->arena, name);
        snprintf(name, sizeof name, "%s.by", pr->id);
        out[n++] = arena_strdup(&l->f->arena, name);
        for (size_t k = 0; k < pr->n_fields; k++) {
            snprintf(name, sizeof name, "%s.%s", pr->id, pr->fields[k] ? pr->fields[k] : "");
            out[n++] = arena_strdup(&l->f->arena, name);
        }
        for (size_t a = 0; a < pr->n_answers; a++) {
            for (size_t k = 0; k < pr->answers[a].n_sets; k++)
                out[n++] = pr->answers[a].sets[k].fact;
        }
    }
    nd->sets = out;
    nd->n_sets_all = n;
}

static void load_top(struct loader *l, const cJSON *root)
{
    static const char *const header_keys[] = {"id",       "title",  "version", "summary",
                                              "keywords", "listed", NULL};
    static const char *const keys[] = {"id",     "title", "version", "summary", "keywords",
                                       "listed", "start", "nodes",   NULL};
    struct aod_flow *f = l->f;
    size_t n = 0;

    if (!cJSON_IsObject(root)) {
        loader_error(l, "", false, "a flow must be a JSON object, not %s", kind_of(root));
        return;
    }
    check_keys(l, root, "", keys);
    /* The index of a catalog (index.c) reads a file only up to "nodes". */
    bool is_after_nodes = false;
    for (const cJSON *m = root->child; m != NULL; m = m->next) {
        char kpath[PATH_MAX_LEN];
        if (strcmp(m->string, "nodes") == 0)
            is_after_nodes = true;
        else if (is_after_nodes && flow_word_index(header_keys, m->string) >= 0)
            loader_error(l, path_join(kpath, "", m->string), true,
                         "\"%s\" must come before \"nodes\" (the flow list reads only that far)",
                         m->string);
    }
    f->id = get_str(l, root, "", "id", true, false, NULL);
    if (f->id != NULL && !is_id(f->id))
        loader_error(l, "/id", false, "\"%s\" is not a flow id (a-z, 0-9, '-', '_')", f->id);
    f->title = get_str(l, root, "", "title", true, false, "");
    f->summary = get_str(l, root, "", "summary", false, false, "");
    f->version = (int)get_long(l, root, "", "version", 0);
    if (cJSON_GetObjectItemCaseSensitive(root, "version") == NULL)
        loader_error(l, "", false, "missing member \"version\"");
    else if (f->version < 1)
        loader_error(l, "/version", false, "\"version\" must be 1 or more");
    f->keywords = get_str_array(l, root, "", "keywords", false, &f->n_keywords);
    const cJSON *listed = cJSON_GetObjectItemCaseSensitive(root, "listed");
    f->is_listed = true;
    if (listed != NULL && !cJSON_IsBool(listed))
        loader_error(l, "/listed", false, "\"listed\" must be true or false");
    else if (listed != NULL)
        f->is_listed = cJSON_IsTrue(listed);
    get_target(l, root, "", "start", true, &f->start);
    if (f->start.raw != NULL && strchr(f->start.raw, ':') != NULL)
        loader_error(l, "/start", false, "\"start\" must name a node of this flow");

    const cJSON *arr = get_array(l, root, "", "nodes", true, AOD_FLOW_MAX_NODES, &n);
    if (arr == NULL)
        return;
    f->nodes = alloc_array(l, n, sizeof *f->nodes);
    f->n_nodes = f->nodes != NULL ? n : 0;
    size_t i = 0;
    for (const cJSON *o = arr->child; o != NULL && f->nodes != NULL; o = o->next, i++) {
        char path[PATH_MAX_LEN];
        path_join_idx(path, "", "nodes", i);
        if (!cJSON_IsObject(o)) {
            loader_error(l, path, false, "a node must be an object, not %s", kind_of(o));
            continue;
        }
        load_node(l, o, path, &f->nodes[i]);
        collect_sets(l, &f->nodes[i]);
        for (size_t k = 0; k < i; k++) {
            if (f->nodes[i].id != NULL && f->nodes[k].id != NULL &&
                strcmp(f->nodes[i].id, f->nodes[k].id) == 0) {
                char ipath[PATH_MAX_LEN];
                path_join(ipath, path, "id");
                loader_error(l, ipath, false, "node id \"%s\" is already used on line %d",
                             f->nodes[i].id, line_of(l, &f->nodes[k].pos));
            }
        }
    }
    l->node = NULL;
}

/* cJSON's allocations during a load go to a scratch arena: a parse then costs no malloc per
 * value, and dropping the tree costs nothing (cJSON_Delete freed thousands of small blocks and
 * was a fifth of the wizard's start-up). cJSON's hooks are process-wide, so the arena in use is
 * per thread; without one (no load running on this thread) they are plain malloc and free. */
static _Thread_local struct arena *json_arena;
static once_flag hooks_once = ONCE_FLAG_INIT;

static void *json_malloc(size_t n)
{
    return json_arena != NULL ? arena_alloc_raw(json_arena, n) : malloc(n);
}

static void json_free(void *p)
{
    if (json_arena == NULL)
        free(p);
}

static void set_hooks(void)
{
    cJSON_Hooks h = {json_malloc, json_free};
    cJSON_InitHooks(&h);
}

void flow_json_arena(struct arena *a)
{
    call_once(&hooks_once, set_hooks);
    json_arena = a;
}

/* Reports a problem of the text itself at byte `off` (no position when off is SIZE_MAX). */
static void text_problem(const char *name, const char *buf, size_t len, size_t off,
                         struct aod_diags *diags, enum aod_status code, struct aod_err *err,
                         const char *msg)
{
    int line = 0;
    int col = 0;
    if (off != SIZE_MAX)
        jpos_offset_to_line_col(buf, len, off, &line, &col);
    diags_add(diags, name, line, col, "%s", msg);
    if (line > 0)
        aod_err_set(err, code, "%s:%d:%d: %s", name, line, col, msg);
    else
        aod_err_set(err, code, "%s: %s", name, msg);
}

/* Byte offset of the first malformed UTF-8 sequence, or SIZE_MAX when there is none. */
static size_t first_bad_utf8(const char *buf, size_t len)
{
    size_t i = 0;
    if (aod_utf8_valid(buf, len))
        return SIZE_MAX;
    while (i < len) {
        size_t n = aod_utf8_decode(buf + i, len - i, NULL);
        if (n == 0)
            return i;
        i += n;
    }
    return SIZE_MAX;
}

/* Byte offset of a "\u0000" escape, which cJSON would turn into a NUL that silently cuts the
 * string short, or SIZE_MAX. */
static size_t find_nul_escape(const char *buf, size_t len)
{
    const char *p = buf;
    const char *end = buf + len;

    while ((p = memchr(p, '\\', (size_t)(end - p))) != NULL && end - p > 5) {
        if (p[1] == 'u' && memcmp(p + 2, "0000", 4) == 0)
            return (size_t)(p - buf);
        p += 2; /* skip the escaped character: in \\u0000 the backslash is escaped */
    }
    return SIZE_MAX;
}

/* Checks the text and parses it. On a problem reports it (one diagnostic, with its position)
 * and returns NULL. */
static cJSON *parse_text(const char *name, const char *buf, size_t len, struct aod_diags *diags,
                         struct aod_err *err)
{
    char msg[128];
    const char *end = NULL;
    size_t off;

    if (len > AOD_FLOW_MAX_BYTES) {
        snprintf(msg, sizeof msg, "file is %zu bytes; flows are limited to %d bytes", len,
                 AOD_FLOW_MAX_BYTES);
        text_problem(name, buf, len, SIZE_MAX, diags, AOD_E_FLOW, err, msg);
        return NULL;
    }
    off = first_bad_utf8(buf, len);
    if (off != SIZE_MAX) {
        text_problem(name, buf, len, off, diags, AOD_E_PARSE, err,
                     "not valid UTF-8 (flows must be saved as UTF-8)");
        return NULL;
    }
    off = find_nul_escape(buf, len);
    if (off != SIZE_MAX) {
        text_problem(name, buf, len, off, diags, AOD_E_FLOW, err,
                     "\\u0000 (a NUL character) is not allowed in a flow");
        return NULL;
    }
    cJSON *root = cJSON_ParseWithLengthOpts(buf, len, &end, false);
    if (root == NULL && json_arena != NULL && json_arena->has_failed) {
        /* cJSON says only "cannot parse here", also when its allocation failed. */
        aod_err_set(err, AOD_E_NOMEM, "%s: out of memory", name);
        return NULL;
    }
    if (root == NULL) {
        size_t last = len;
        off = end != NULL && end >= buf ? (size_t)(end - buf) : 0;
        while (last > 0 && (buf[last - 1] == ' ' || buf[last - 1] == '\n' ||
                            buf[last - 1] == '\r' || buf[last - 1] == '\t'))
            last--;
        text_problem(name, buf, len, off, diags, AOD_E_PARSE, err,
                     off >= last ? "JSON syntax error: unexpected end of file"
                                 : "JSON syntax error");
        return NULL;
    }
    /* Text after the document is a syntax error too. */
    for (const char *p = end; p != NULL && p < buf + len; p++) {
        if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t' && *p != '\0') {
            text_problem(name, buf, len, (size_t)(p - buf), diags, AOD_E_PARSE, err,
                         "JSON syntax error: text after the end of the flow");
            cJSON_Delete(root);
            return NULL;
        }
    }
    return root;
}

/* One pass over a flow. The first pass indexes nothing and records no diagnostics: a good flow,
 * the usual case, costs a parse and a copy. Only a flow with problems gets the second pass, with
 * positions, to report them. */
static struct aod_flow *load_pass(const char *name, const char *buf, size_t len,
                                  struct aod_diags *diags, bool is_positioned, size_t *n_errors,
                                  struct aod_err *err)
{
    struct loader l;
    struct arena scratch = {NULL, 0, 0, false, false};
    cJSON *root = NULL;

    memset(&l, 0, sizeof l);
    l.is_positioned = is_positioned;
    l.diags = diags;
    l.file = name;
    *n_errors = 0;
    l.f = calloc(1, sizeof *l.f);
    if (l.f == NULL) {
        aod_err_set(err, AOD_E_NOMEM, "%s: out of memory", name);
        return NULL;
    }
    l.f->arena.limit = 16u * AOD_FLOW_MAX_BYTES;
    l.f->file = arena_strdup(&l.f->arena, name);

    call_once(&hooks_once, set_hooks);
    scratch.limit = 32u * AOD_FLOW_MAX_BYTES;
    json_arena = &scratch;
    root = parse_text(name, buf, len, diags, err);
    if (root == NULL) {
        *n_errors = err == NULL || err->code != AOD_E_NOMEM ? 1 : 0;
        goto fail;
    }
    struct aod_err perr;
    aod_err_clear(&perr);
    if (is_positioned && jpos_build(&l.jp, buf, len, &l.f->arena, &perr) != AOD_OK) {
        int line = 0;
        int col = 0;
        if (perr.code == AOD_E_PARSE)
            jpos_offset_to_line_col(buf, len, l.jp.err_off, &line, &col);
        diags_add(diags, name, line, col, "%s", perr.msg);
        *n_errors = 1;
        aod_err_set(err, perr.code == AOD_E_NOMEM ? AOD_E_NOMEM : AOD_E_FLOW, "%s:%d:%d: %s", name,
                    line, col, perr.msg);
        goto fail;
    }
    load_top(&l, root);
    *n_errors = l.n_errors;
    /* has_failed: any string copy into the flow that failed, checked at its use or not. */
    if (l.is_oom || l.f->arena.has_failed) {
        aod_err_set(err, AOD_E_NOMEM, "%s: out of memory", name);
        goto fail;
    }
    if (l.n_errors > 0) {
        aod_err_set(err, AOD_E_FLOW, "%s: %zu loader_error(s)", name, l.n_errors);
        goto fail;
    }
    l.f->text = arena_strndup(&l.f->arena, buf, len);
    l.f->text_len = len;
    if (l.f->text == NULL) {
        aod_err_set(err, AOD_E_NOMEM, "%s: out of memory", name);
        goto fail;
    }
    jpos_free(&l.jp);
    free(l.uses);
    json_arena = NULL;
    arena_reset(&scratch); /* the whole cJSON tree at once */
    return l.f;
fail:
    jpos_free(&l.jp);
    free(l.uses);
    json_arena = NULL;
    arena_reset(&scratch);
    flow_free(l.f);
    return NULL;
}

struct aod_flow *flow_load(const char *name, const char *buf, size_t len, struct aod_diags *diags,
                           size_t *n_errors, struct aod_err *err)
{
    struct aod_flow *f = load_pass(name, buf, len, NULL, false, n_errors, err);
    /* The second pass only reports; should it succeed (the first failed for memory after
     * all), its flow is not wanted. */
    if (f == NULL && *n_errors > 0)
        flow_free(load_pass(name, buf, len, diags, true, n_errors, err));
    return f;
}

void flow_locate(struct aod_flow *f, const struct flow_pos *pos, int *line, int *col)
{
    *line = 0;
    *col = 0;
    if (f->jp == NULL && f->text != NULL) {
        struct jpos *jp = calloc(1, sizeof *jp);
        if (jp == NULL)
            return;
        if (jpos_build(jp, f->text, f->text_len, &f->arena, NULL) != AOD_OK) {
            jpos_free(jp);
            free(jp);
            return;
        }
        f->jp = jp;
    }
    if (f->jp != NULL && pos->path != NULL)
        jpos_locate(f->jp, pos->path, false, line, col);
}

void flow_free(struct aod_flow *f)
{
    if (f == NULL)
        return;
    if (f->jp != NULL) {
        jpos_free(f->jp);
        free(f->jp);
    }
    arena_reset(&f->arena);
    free(f);
}
