/* engine/template.c: fills {{fact}} into texts and commands. In a command every fact becomes
 * one quoted literal for the command's shell, so that no typed value can turn into code.
 * No I/O. */
#include "template.h"

#include <string.h>

#include "aod/text.h"

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

const char *tpl_expand(struct arena *a, const char *tpl, bool is_command, enum aod_shell shell,
                       tpl_lookup_fn *lookup, const void *ctx, bool *is_incomplete)
{
    size_t len = 0;
    size_t cap = strlen(tpl) + 1;
    const char *p = tpl;
    char *buf;

    /* First pass: size. Quoting at most doubles a value and adds two quotes. */
    while ((p = strstr(p, "{{")) != NULL) {
        const char *end = strstr(p + 2, "}}");
        if (end == NULL)
            break;
        char name[AOD_FLOW_MAX_ID + 1];
        size_t n = (size_t)(end - p - 2);
        if (n <= AOD_FLOW_MAX_ID) {
            memcpy(name, p + 2, n);
            name[n] = '\0';
            const char *v = lookup(ctx, name);
            cap += (v != NULL ? 4 * strlen(v) : 0) + n + 8;
        }
        p = end + 2;
    }
    buf = arena_alloc(a, cap);
    if (buf == NULL)
        return NULL;
    p = tpl;
    while (*p != '\0') {
        const char *open = strstr(p, "{{");
        const char *end = open != NULL ? strstr(open + 2, "}}") : NULL;
        if (open == NULL || end == NULL || (size_t)(end - open - 2) > AOD_FLOW_MAX_ID) {
            size_t n = strlen(p);
            memcpy(buf + len, p, n);
            len += n;
            break;
        }
        memcpy(buf + len, p, (size_t)(open - p));
        len += (size_t)(open - p);
        char name[AOD_FLOW_MAX_ID + 1];
        size_t n = (size_t)(end - open - 2);
        memcpy(name, open + 2, n);
        name[n] = '\0';
        const char *v = lookup(ctx, name);
        bool is_done = false;
        if (v != NULL && !is_command) {
            size_t vn = strlen(v);
            memcpy(buf + len, v, vn);
            len += vn;
            is_done = true;
        } else if (v != NULL) {
            is_done = aod_shell_quote(shell, v, buf + len, cap - len);
            if (is_done)
                len += strlen(buf + len);
        }
        if (!is_done) {
            /* Unknown, or unsafe to quote: leave a visible placeholder, never the raw value. */
            buf[len++] = '<';
            memcpy(buf + len, name, n);
            len += n;
            buf[len++] = '>';
            if (is_incomplete != NULL)
                *is_incomplete = true;
        }
        p = end + 2;
    }
    buf[len] = '\0';
    return buf;
}
