/* engine/jsonpos.c: a second, position-keeping pass over JSON that cJSON has already accepted;
 * it records where every value starts so flow errors can say file:line:col. */
#include "jsonpos.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct scan {
    struct jpos *jp;
    struct arena *a;
    struct aod_err *err;
    size_t i;
};

static void skip_ws(struct scan *s)
{
    const char *t = s->jp->text;
    while (s->i < s->jp->len &&
           (t[s->i] == ' ' || t[s->i] == '\t' || t[s->i] == '\n' || t[s->i] == '\r'))
        s->i++;
}

static enum aod_status add(struct scan *s, const char *path, size_t key_off, size_t val_off)
{
    struct jpos *jp = s->jp;
    if (jp->n == jp->cap) {
        size_t cap = jp->cap ? jp->cap * 2 : 256;
        struct jpos_entry *items = realloc(jp->items, cap * sizeof *items);
        if (items == NULL)
            return AOD_E_NOMEM;
        jp->items = items;
        jp->cap = cap;
    }
    const char *p = arena_strdup(s->a, path);
    if (p == NULL)
        return AOD_E_NOMEM;
    jp->items[jp->n].path = p;
    jp->items[jp->n].key_off = key_off;
    jp->items[jp->n].val_off = val_off;
    jp->n++;
    return AOD_OK;
}

/* Skips a string starting at the opening quote; returns the raw span without quotes. */
static void skip_string(struct scan *s, size_t *start, size_t *len)
{
    const char *t = s->jp->text;
    s->i++;
    *start = s->i;
    while (s->i < s->jp->len && t[s->i] != '"') {
        if (t[s->i] == '\\')
            s->i++;
        s->i++;
    }
    *len = s->i - *start;
    s->i++;
}

static enum aod_status value(struct scan *s, const char *path, size_t key_off, int depth);

void jpos_join(char *child, size_t cap, const char *path, const char *key, size_t n)
{
    size_t a = strlen(path);
    if (a > cap - 2)
        a = cap - 2;
    if (n > cap - 2 - a)
        n = cap - 2 - a;
    memcpy(child, path, a);
    child[a] = '/';
    memcpy(child + a + 1, key, n);
    child[a + 1 + n] = '\0';
}

static enum aod_status container(struct scan *s, const char *path, int depth)
{
    const char *t = s->jp->text;
    bool is_obj = t[s->i] == '{';
    char close = is_obj ? '}' : ']';
    size_t index = 0;
    char child[512];
    enum aod_status rc;

    s->i++;
    for (;;) {
        size_t key_off = 0;
        skip_ws(s);
        if (s->i >= s->jp->len)
            return AOD_OK;
        if (t[s->i] == close) {
            s->i++;
            return AOD_OK;
        }
        if (t[s->i] == ',') {
            s->i++;
            continue;
        }
        if (is_obj) {
            size_t ks = 0;
            size_t kl = 0;
            key_off = s->i;
            skip_string(s, &ks, &kl);
            jpos_join(child, sizeof child, path, t + ks, kl > 200 ? 200 : kl);
            skip_ws(s);
            if (s->i < s->jp->len && t[s->i] == ':')
                s->i++;
            skip_ws(s);
        } else {
            key_off = s->i;
            snprintf(child, sizeof child, "%s/%zu", path, index++);
        }
        size_t before = s->i;
        rc = value(s, child, key_off, depth + 1);
        if (rc != AOD_OK)
            return rc;
        /* A stray closer of the other kind ("[1}") is no value: step over it, or the scan of a
         * malformed file would add items forever without moving (found by fuzz_codes). */
        if (s->i == before)
            s->i++;
    }
}

static enum aod_status value(struct scan *s, const char *path, size_t key_off, int depth)
{
    const char *t = s->jp->text;
    enum aod_status rc;

    if (depth > JPOS_MAX_DEPTH) {
        s->jp->err_off = s->i;
        return aod_err_set(s->err, AOD_E_PARSE, "nested deeper than %d levels", JPOS_MAX_DEPTH);
    }
    skip_ws(s);
    rc = add(s, path, key_off, s->i);
    if (rc != AOD_OK)
        return aod_err_set(s->err, rc, "out of memory indexing JSON");
    if (s->i >= s->jp->len)
        return AOD_OK;
    if (t[s->i] == '{' || t[s->i] == '[')
        return container(s, path, depth);
    if (t[s->i] == '"') {
        size_t st = 0;
        size_t ln = 0;
        skip_string(s, &st, &ln);
        return AOD_OK;
    }
    while (s->i < s->jp->len && strchr(",]} \t\r\n", t[s->i]) == NULL)
        s->i++;
    return AOD_OK;
}

static size_t hash_path(const char *p)
{
    size_t h = 2166136261u; /* FNV-1a */
    for (; *p != '\0'; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    return h;
}

/* An open-addressing table of item indexes by path. Items are inserted in document order and
 * probing is linear, so repeats of one path are met in document order too. */
static enum aod_status build_indexes(struct jpos *jp)
{
    size_t cap = 16;
    while (cap < jp->n * 2)
        cap *= 2;
    jp->slots = malloc(cap * sizeof *jp->slots);
    size_t n_lines = 1;
    for (size_t i = 0; i < jp->len; i++)
        n_lines += jp->text[i] == '\n';
    jp->line_starts = malloc(n_lines * sizeof *jp->line_starts);
    if (jp->slots == NULL || jp->line_starts == NULL)
        return AOD_E_NOMEM;
    jp->n_slots = cap;
    for (size_t i = 0; i < cap; i++)
        jp->slots[i] = SIZE_MAX;
    for (size_t i = 0; i < jp->n; i++) {
        size_t k = hash_path(jp->items[i].path) & (cap - 1);
        while (jp->slots[k] != SIZE_MAX)
            k = (k + 1) & (cap - 1);
        jp->slots[k] = i;
    }
    jp->line_starts[0] = 0;
    jp->n_lines = 1;
    for (size_t i = 0; i < jp->len; i++) {
        if (jp->text[i] == '\n')
            jp->line_starts[jp->n_lines++] = i + 1;
    }
    return AOD_OK;
}

enum aod_status jpos_build(struct jpos *jp, const char *text, size_t len, struct arena *a,
                           struct aod_err *err)
{
    struct scan s = {jp, a, err, 0};
    enum aod_status rc;

    jp->text = text;
    jp->len = len;
    jp->items = NULL;
    jp->n = 0;
    jp->cap = 0;
    jp->slots = NULL;
    jp->n_slots = 0;
    jp->line_starts = NULL;
    jp->n_lines = 0;
    /* A UTF-8 byte order mark is not JSON, but editors write one; cJSON was told to skip it. */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        s.i = 3;
    rc = value(&s, "", s.i, 0);
    if (rc == AOD_OK && build_indexes(jp) != AOD_OK)
        rc = aod_err_set(err, AOD_E_NOMEM, "out of memory indexing JSON");
    return rc;
}

void jpos_free(struct jpos *jp)
{
    free(jp->items);
    free(jp->slots);
    free(jp->line_starts);
    jp->items = NULL;
    jp->slots = NULL;
    jp->line_starts = NULL;
    jp->n = jp->cap = jp->n_lines = 0;
}

void jpos_offset_to_line_col(const char *text, size_t len, size_t off, int *line, int *col)
{
    int l = 1;
    int c = 1;

    for (size_t i = 0; i < off && i < len; i++) {
        unsigned char b = (unsigned char)text[i];
        if (b == '\n') {
            l++;
            c = 1;
        } else if ((b & 0xC0u) != 0x80u) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* The same through the line table: a binary search, then the characters of one line. */
static void indexed_line_col(const struct jpos *jp, size_t off, int *line, int *col)
{
    size_t lo = 0;
    size_t hi = jp->n_lines;

    if (jp->line_starts == NULL) {
        jpos_offset_to_line_col(jp->text, jp->len, off, line, col);
        return;
    }
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (jp->line_starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    int c = 1;
    for (size_t i = jp->line_starts[lo]; i < off && i < jp->len; i++)
        c += ((unsigned char)jp->text[i] & 0xC0u) != 0x80u;
    *line = (int)lo + 1;
    *col = c;
}

/* The nth item (from 0, in document order) written under `path`, or NULL. */
static const struct jpos_entry *find(const struct jpos *jp, const char *path, size_t nth)
{
    if (jp->slots == NULL)
        return NULL;
    size_t mask = jp->n_slots - 1;
    for (size_t k = hash_path(path) & mask; jp->slots[k] != SIZE_MAX; k = (k + 1) & mask) {
        const struct jpos_entry *e = &jp->items[jp->slots[k]];
        if (strcmp(e->path, path) == 0 && nth-- == 0)
            return e;
    }
    return NULL;
}

void jpos_locate_nth(const struct jpos *jp, const char *path, size_t nth, bool want_key, int *line,
                     int *col)
{
    char buf[512];

    snprintf(buf, sizeof buf, "%s", path);
    for (;;) {
        const struct jpos_entry *e = find(jp, buf, nth);
        if (e != NULL) {
            indexed_line_col(jp, want_key ? e->key_off : e->val_off, line, col);
            return;
        }
        char *slash = strrchr(buf, '/');
        if (slash == NULL) {
            *line = 1;
            *col = 1;
            return;
        }
        *slash = '\0';
        want_key = false;
        nth = 0;
    }
}

void jpos_locate(const struct jpos *jp, const char *path, bool want_key, int *line, int *col)
{
    jpos_locate_nth(jp, path, 0, want_key, line, col);
}

/* Bytes that the UTF-8 form of code point `cp` takes. */
static size_t utf8_len(unsigned long cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

static unsigned long hex4(const char *p)
{
    unsigned long v = 0;
    for (int k = 0; k < 4; k++) {
        char c = p[k];
        v = v * 16 + (unsigned long)(c >= '0' && c <= '9'   ? c - '0'
                                     : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                     : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                            : 0);
    }
    return v;
}

void jpos_locate_in_string(const struct jpos *jp, const char *path, size_t off, int *line, int *col)
{
    const struct jpos_entry *e = find(jp, path, 0);
    const char *t = jp->text;

    if (e == NULL || e->val_off >= jp->len || t[e->val_off] != '"') {
        jpos_locate(jp, path, false, line, col);
        return;
    }
    /* cJSON accepted the text, so every escape is complete: walk raw bytes to decoded ones. */
    size_t i = e->val_off + 1;
    size_t d = 0;
    while (d < off && i < jp->len && t[i] != '"') {
        if (t[i] != '\\') {
            i++;
            d++;
        } else if (i + 5 < jp->len && t[i + 1] == 'u') {
            unsigned long cp = hex4(t + i + 2);
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 11 < jp->len && t[i + 6] == '\\' &&
                t[i + 7] == 'u') {
                i += 12;
                d += 4;
            } else {
                i += 6;
                d += utf8_len(cp);
            }
        } else {
            i += 2;
            d++;
        }
    }
    indexed_line_col(jp, i, line, col);
}
