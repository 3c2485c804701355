/* engine/index.c: reads a flow's header (id, title, summary, keywords, listed, version) from the
 * start of its text and stops at "nodes", so that listing and searching a catalog of any size
 * parses no node. No I/O. Anything but plain JSON is left to the full loader, which reports it. */
#include "catalog_int.h"

#include <string.h>

#include "aod/text.h"

enum { SK_FAIL = -1, SK_MORE = 0, SK_OK = 1 };

#define SKIM_MAX_KEYWORDS 256

struct skim {
    const char *p;
    const char *end;
    struct arena *a;
};

static void skip_ws(struct skim *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t'))
        s->p++;
}

/* Moves past a string whose opening quote is at s->p; *raw_end is its closing quote. */
static int skip_string(struct skim *s, const char **raw_end)
{
    const char *q = s->p + 1;
    for (;;) {
        q = memchr(q, '"', (size_t)(s->end - q));
        if (q == NULL)
            return SK_MORE;
        size_t n_bs = 0;
        while (q - n_bs > s->p + 1 && q[-1 - (ptrdiff_t)n_bs] == '\\')
            n_bs++;
        if (n_bs % 2 == 0)
            break;
        q++;
    }
    *raw_end = q;
    s->p = q + 1;
    return SK_OK;
}

static int hex4(const char *p, unsigned long *cp)
{
    *cp = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16u;
        if (d == 16u)
            return SK_FAIL;
        *cp = *cp * 16 + d;
    }
    return SK_OK;
}

/* Decodes the string at s->p into the arena: one line of clean UTF-8, as the loader demands of
 * these members. Surrogate pairs and anything doubtful give SK_FAIL. */
static int read_string(struct skim *s, const char **out)
{
    const char *raw = s->p + 1;
    const char *raw_end = NULL;
    int rc = skip_string(s, &raw_end);
    if (rc != SK_OK)
        return rc;
    size_t len = (size_t)(raw_end - raw);
    if (len > AOD_FLOW_MAX_STRING)
        return SK_FAIL;
    char *d = arena_alloc_raw(s->a, len + 1);
    if (d == NULL)
        return SK_FAIL;
    size_t n = 0;
    if (memchr(raw, '\\', len) == NULL) { /* the usual case: nothing to decode */
        memcpy(d, raw, len);
        n = len;
        raw_end = raw;
    }
    for (const char *p = raw; p < raw_end; p++) {
        if (*p != '\\') {
            d[n++] = *p;
            continue;
        }
        p++;
        switch (*p) {
        case '"':
        case '\\':
        case '/':
            d[n++] = *p;
            break;
        case 'u': {
            unsigned long cp = 0;
            if (raw_end - p < 5 || hex4(p + 1, &cp) != SK_OK || cp == 0 ||
                (cp >= 0xD800 && cp <= 0xDFFF))
                return SK_FAIL;
            p += 4;
            if (cp < 0x80) {
                d[n++] = (char)cp;
            } else if (cp < 0x800) {
                d[n++] = (char)(0xC0 | (cp >> 6));
                d[n++] = (char)(0x80 | (cp & 0x3F));
            } else {
                d[n++] = (char)(0xE0 | (cp >> 12));
                d[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                d[n++] = (char)(0x80 | (cp & 0x3F));
            }
            break;
        }
        default: /* \n, \t and the like are control characters: not in a header */
            return SK_FAIL;
        }
    }
    d[n] = '\0';
    if (!aod_text_is_clean(d, false) || strstr(d, "{{") != NULL)
        return SK_FAIL;
    *out = d;
    return SK_OK;
}

/* Moves past any value: a string, an object or array (by bracket depth), or a scalar. */
static int skip_value(struct skim *s)
{
    const char *raw_end = NULL;
    size_t depth = 0;

    do {
        if (s->p >= s->end)
            return SK_MORE;
        char c = *s->p;
        if (c == '"') {
            int rc = skip_string(s, &raw_end);
            if (rc != SK_OK)
                return rc;
            continue;
        }
        if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                return SK_FAIL;
            depth--;
        } else if (depth == 0) { /* a number or a literal ends at a delimiter */
            while (s->p < s->end && strchr(",}] \n\r\t", *s->p) == NULL)
                s->p++;
            return s->p < s->end ? SK_OK : SK_MORE;
        }
        s->p++;
    } while (depth > 0);
    return SK_OK;
}

static int read_keywords(struct skim *s, struct aod_flow *stub)
{
    const char *words[SKIM_MAX_KEYWORDS];
    size_t n = 0;
    int rc;

    s->p++; /* '[' */
    skip_ws(s);
    if (s->p < s->end && *s->p == ']') {
        s->p++;
        goto done;
    }
    for (;;) {
        skip_ws(s);
        if (s->p >= s->end)
            return SK_MORE;
        if (*s->p != '"' || n == SKIM_MAX_KEYWORDS)
            return SK_FAIL;
        if ((rc = read_string(s, &words[n])) != SK_OK)
            return rc;
        if (words[n][0] == '\0')
            return SK_FAIL;
        n++;
        skip_ws(s);
        if (s->p >= s->end)
            return SK_MORE;
        if (*s->p == ']') {
            s->p++;
            break;
        }
        if (*s->p != ',')
            return SK_FAIL;
        s->p++;
    }
done:
    stub->keywords = arena_alloc(s->a, (n + 1) * sizeof *stub->keywords);
    if (stub->keywords == NULL)
        return SK_FAIL;
    memcpy(stub->keywords, words, n * sizeof *words);
    stub->n_keywords = n;
    return SK_OK;
}

static int read_member(struct skim *s, const char *key, size_t klen, struct aod_flow *stub)
{
#define IS(word) (klen == sizeof(word) - 1 && memcmp(key, word, klen) == 0)
    char c = *s->p;
    if (IS("id") || IS("title") || IS("summary")) {
        const char **slot = IS("id") ? &stub->id : IS("title") ? &stub->title : &stub->summary;
        if (c != '"' || *slot != NULL)
            return SK_FAIL; /* a duplicate member is the loader's to report */
        return read_string(s, slot);
    }
    if (IS("keywords"))
        return c != '[' || stub->keywords != NULL ? SK_FAIL : read_keywords(s, stub);
    if (IS("listed") || IS("version")) {
        const char *v = s->p;
        if (IS("version") && stub->version != 0)
            return SK_FAIL;
        int rc = skip_value(s);
        if (rc != SK_OK)
            return rc;
        size_t n = (size_t)(s->p - v);
        if (IS("listed")) {
            stub->is_listed = n == 4 && memcmp(v, "true", 4) == 0;
            return stub->is_listed || (n == 5 && memcmp(v, "false", 5) == 0) ? SK_OK : SK_FAIL;
        }
        long ver = 0;
        for (size_t i = 0; i < n; i++) {
            if (v[i] < '0' || v[i] > '9' || ver > 1000000)
                return SK_FAIL;
            ver = ver * 10 + (v[i] - '0');
        }
        stub->version = (int)ver;
        return n > 0 && ver >= 1 ? SK_OK : SK_FAIL;
    }
    return skip_value(s);
#undef IS
}

static bool is_flow_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > AOD_FLOW_MAX_ID)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              (i > 0 && (c == '-' || c == '_'))))
            return false;
    }
    return true;
}

int index_skim(const char *buf, size_t len, struct arena *a, struct aod_flow *stub)
{
    struct skim s = {buf, buf + len, a};
    int rc;

    stub->id = stub->title = stub->summary = NULL;
    stub->keywords = NULL;
    stub->n_keywords = 0;
    stub->is_listed = true;
    stub->version = 0;
    skip_ws(&s);
    if (s.p >= s.end)
        return SK_MORE;
    if (*s.p != '{')
        return SK_FAIL;
    s.p++;
    for (;;) {
        skip_ws(&s);
        if (s.p >= s.end)
            return SK_MORE;
        if (*s.p == '}')
            break;
        /* A key: plain characters only (a key with escapes is the loader's business). */
        const char *key = s.p + 1;
        const char *kend = NULL;
        if (*s.p != '"' || (rc = skip_string(&s, &kend)) == SK_FAIL)
            return SK_FAIL;
        if (rc == SK_MORE)
            return SK_MORE;
        size_t klen = (size_t)(kend - key);
        if (memchr(key, '\\', klen) != NULL)
            return SK_FAIL;
        skip_ws(&s);
        if (s.p >= s.end)
            return SK_MORE;
        if (*s.p != ':')
            return SK_FAIL;
        s.p++;
        skip_ws(&s);
        if (s.p >= s.end)
            return SK_MORE;
        /* The loader demands the header before "nodes", so the index stops here. */
        if (klen == 5 && memcmp(key, "nodes", 5) == 0)
            break;
        if ((rc = read_member(&s, key, klen, stub)) != SK_OK)
            return rc;
        skip_ws(&s);
        if (s.p >= s.end)
            return SK_MORE;
        if (*s.p == ',')
            s.p++;
        else if (*s.p != '}')
            return SK_FAIL;
    }
    if (stub->id == NULL || !is_flow_id(stub->id) || stub->title == NULL ||
        stub->title[0] == '\0' || stub->version < 1)
        return SK_FAIL;
    if (stub->summary == NULL)
        stub->summary = "";
    return SK_OK;
}
