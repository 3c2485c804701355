/* engine/template.c: fills {{fact}} into texts and commands. In a command every fact becomes
 * one quoted literal for the command's shell, so that no typed value can turn into code.
 * No I/O. */
#include "template.h"

#include <stdint.h>
#include <string.h>

#include "aod/text.h"
#include "flow_int.h"

/* The single quotes PowerShell accepts: ' and U+2018..U+201B. Returns the byte length of the
 * quote at `p`, or 0. */
static size_t ps_single_quote_len(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    if (u[0] == '\'')
        return 1;
    if (u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x98 && u[2] <= 0x9B)
        return 3;
    return 0;
}

struct out {
    char *buf;
    size_t cap;
    size_t n;
    bool is_full;
};

static void put(struct out *o, const char *s, size_t len)
{
    if (o->is_full || o->n + len + 1 > o->cap) {
        o->is_full = true;
        return;
    }
    memcpy(o->buf + o->n, s, len);
    o->n += len;
    o->buf[o->n] = '\0';
}

bool aod_shell_quote(enum aod_shell shell, const char *value, char *buf, size_t cap)
{
    struct out o = {buf, cap, 0, cap == 0};

    if (cap > 0)
        buf[0] = '\0';
    if (value == NULL || !aod_text_is_clean(value, false))
        return false;
    switch (shell) {
    case AOD_SHELL_POWERSHELL:
        /* Inside '...' only single quotes are special; doubling one makes it literal. */
        put(&o, "'", 1);
        for (const char *p = value; *p != '\0';) {
            size_t q = ps_single_quote_len(p);
            if (q > 0) {
                put(&o, p, q);
                put(&o, p, q);
                p += q;
            } else {
                put(&o, p, 1);
                p++;
            }
        }
        put(&o, "'", 1);
        break;
    case AOD_SHELL_BASH:
        put(&o, "'", 1);
        for (const char *p = value; *p != '\0'; p++) {
            if (*p == '\'')
                put(&o, "'\\''", 4);
            else
                put(&o, p, 1);
        }
        put(&o, "'", 1);
        break;
    case AOD_SHELL_CMD:
        /* cmd.exe expands %VAR% (and !VAR!) even inside double quotes, and has no escape for
         * '"' there: refuse rather than guess. */
        if (strpbrk(value, "\"%!^") != NULL)
            return false;
        put(&o, "\"", 1);
        put(&o, value, strlen(value));
        put(&o, "\"", 1);
        break;
    case AOD_SHELL_REG:
        put(&o, "\"", 1);
        for (const char *p = value; *p != '\0'; p++) {
            if (*p == '\\' || *p == '"')
                put(&o, "\\", 1);
            put(&o, p, 1);
        }
        put(&o, "\"", 1);
        break;
    }
    if (o.is_full) {
        if (cap > 0)
            buf[0] = '\0';
        return false;
    }
    return true;
}

#define TPL_NAME_MAX (AOD_FLOW_MAX_ID + 16)

/* Reads the template between "{{" at `open` and "}}" at `end`: "name" or "name|shell". Returns
 * false when it is too long to be one (then it is copied as written). */
static bool split_name(const char *open, const char *end, char *name, bool *is_quoted,
                       enum aod_shell *sh)
{
    size_t n = (size_t)(end - open - 2);
    if (n >= TPL_NAME_MAX)
        return false;
    memcpy(name, open + 2, n);
    name[n] = '\0';
    char *bar = strchr(name, '|');
    if (bar != NULL) {
        *bar = '\0';
        *is_quoted = flow_parse_shell(bar + 1, sh);
    }
    return true;
}

size_t tpl_size(const char *tpl, bool is_command, tpl_len_fn *len, const void *ctx)
{
    size_t cap = strlen(tpl) + 1;
    char name[TPL_NAME_MAX];

    /* Quoting at most quadruples a value (bash: ' becomes '\'') and adds two quotes; the
     * "<name>" of an unset fact fits in its own "{{name}}". */
    for (const char *p = tpl; (p = strstr(p, "{{")) != NULL;) {
        const char *end = strstr(p + 2, "}}");
        bool is_quoted = is_command;
        enum aod_shell sh = AOD_SHELL_POWERSHELL;
        if (end == NULL)
            break;
        if (split_name(p, end, name, &is_quoted, &sh)) {
            size_t n = len(ctx, name);
            if (n != SIZE_MAX)
                cap += is_quoted ? 4 * n + 2 : n;
            cap += strlen(name) + 8;
        }
        p = end + 2;
    }
    return cap;
}

struct lookup_ctx {
    tpl_lookup_fn *lookup;
    const void *ctx;
};

static size_t value_len(const void *ctx, const char *name)
{
    const struct lookup_ctx *lc = ctx;
    const char *v = lc->lookup(lc->ctx, name);
    return v != NULL ? strlen(v) : SIZE_MAX;
}

const char *tpl_expand(struct arena *a, const char *tpl, bool is_command, enum aod_shell shell,
                       tpl_lookup_fn *lookup, const void *ctx, bool *is_incomplete)
{
    struct lookup_ctx lc = {lookup, ctx};
    size_t cap = tpl_size(tpl, is_command, value_len, &lc);
    size_t len = 0;
    char name[TPL_NAME_MAX];
    char *buf;

    buf = arena_alloc(a, cap);
    if (buf == NULL)
        return NULL;
    for (const char *p = tpl; *p != '\0';) {
        const char *open = strstr(p, "{{");
        const char *end = open != NULL ? strstr(open + 2, "}}") : NULL;
        bool is_quoted = is_command;
        enum aod_shell sh = shell;
        if (open == NULL || end == NULL || !split_name(open, end, name, &is_quoted, &sh)) {
            size_t n = open != NULL && end != NULL ? (size_t)(end + 2 - p) : strlen(p);
            memcpy(buf + len, p, n);
            len += n;
            p += n;
            continue;
        }
        memcpy(buf + len, p, (size_t)(open - p));
        len += (size_t)(open - p);
        p = end + 2;
        const char *v = lookup(ctx, name);
        if (v != NULL && !is_quoted) {
            size_t vn = strlen(v);
            memcpy(buf + len, v, vn);
            len += vn;
            continue;
        }
        if (v != NULL && aod_shell_quote(sh, v, buf + len, cap - len)) {
            len += strlen(buf + len);
            continue;
        }
        /* Unknown, or unsafe to quote: leave a visible placeholder, never the raw value. */
        len += (size_t)snprintf(buf + len, cap - len, "<%s>", name);
        if (is_incomplete != NULL)
            *is_incomplete = true;
    }
    buf[len] = '\0';
    return buf;
}
