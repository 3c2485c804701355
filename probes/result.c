/* probes/result.c: builds one probe result (flat fields, summary, JSON text) with capped buffers.
 * Everything that came from the network passes through text_clean before it is stored. */
#include "probe_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_init(struct sbuf *sb, size_t max)
{
    memset(sb, 0, sizeof *sb);
    sb->max = max;
}

void sb_free(struct sbuf *sb)
{
    free(sb->p);
    sb->p = NULL;
    sb->len = 0;
    sb->cap = 0;
}

void sb_putn(struct sbuf *sb, const char *s, size_t n)
{
    if (sb->overflow || sb->nomem)
        return;
    if (n > sb->max || sb->len + n > sb->max) {
        sb->overflow = 1;
        return;
    }
    if (sb->len + n + 1 > sb->cap) {
        size_t cap = sb->cap ? sb->cap : 256;
        char *p;
        while (cap < sb->len + n + 1)
            cap *= 2;
        p = realloc(sb->p, cap);
        if (p == NULL) {
            sb->nomem = 1;
            return;
        }
        sb->p = p;
        sb->cap = cap;
    }
    memcpy(sb->p + sb->len, s, n);
    sb->len += n;
    sb->p[sb->len] = '\0';
}

void sb_puts(struct sbuf *sb, const char *s)
{
    sb_putn(sb, s, strlen(s));
}

void sb_printf(struct sbuf *sb, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof tmp) {
        sb->overflow = 1;
        return;
    }
    sb_putn(sb, tmp, (size_t)n);
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid; C1 controls count as
 * invalid because terminals act on them. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t len;
    unsigned long cp;
    size_t i;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        len = 2;
        cp = s[0] & 0x1Fu;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        len = 3;
        cp = s[0] & 0x0Fu;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        len = 4;
        cp = s[0] & 0x07u;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0u) != 0x80u)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    if ((cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp <= 0x9F))
        return 0;
    /* Bidi embeddings, overrides and isolates reorder a shown line, and U+2028/U+2029 break it:
     * controls too, as for aod_is_control (engine/text.c). Found by tests/fuzz/fuzz_radius. */
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 ||
        cp == 0x2029)
        return 0;
    return len;
}

void text_clean(char *dst, size_t cap, const char *src, size_t n)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t i = 0;
    size_t o = 0;

    if (cap == 0)
        return;
    while (i < n && s[i] != '\0') {
        size_t l = utf8_len(s + i, n - i);
        if (l == 1 && (s[i] < 0x20 || s[i] == 0x7F))
            l = 0;
        if (l == 0) {
            if (o + 1 >= cap)
                break;
            dst[o++] = '?';
            i++;
            continue;
        }
        if (o + l >= cap)
            break;
        memcpy(dst + o, s + i, l);
        o += l;
        i += l;
    }
    dst[o] = '\0';
}

void sb_json_str(struct sbuf *sb, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s);
    size_t i = 0;

    sb_putn(sb, "\"", 1);
    while (i < n) {
        size_t l = utf8_len(u + i, n - i);
        if (l == 0) {
            sb_puts(sb, "\\ufffd");
            i++;
        } else if (l > 1) {
            sb_putn(sb, s + i, l);
            i += l;
        } else if (u[i] == '"' || u[i] == '\\') {
            char esc[2] = {'\\', (char)u[i]};
            sb_putn(sb, esc, 2);
            i++;
        } else if (u[i] < 0x20 || u[i] == 0x7F) {
            sb_printf(sb, "\\u%04x", u[i]);
            i++;
        } else {
            sb_putn(sb, s + i, 1);
            i++;
        }
    }
    sb_putn(sb, "\"", 1);
}

void out_init(struct probe_out *o)
{
    memset(o, 0, sizeof *o);
    o->res.verdict = AOD_VERDICT_ERROR;
    sb_init(&o->extra, AOD_PROBE_JSON_MAX / 2);
}

void out_free(struct probe_out *o)
{
    sb_free(&o->extra);
}

void out_field(struct probe_out *o, const char *name, enum ftype t, const char *fmt, ...)
{
    char raw[AOD_PROBE_FIELD_VALUE_MAX * 2];
    struct aod_probe_field *f = NULL;
    size_t i;
    va_list ap;

    for (i = 0; i < o->res.n_fields; i++) {
        if (strcmp(o->res.fields[i].name, name) == 0) {
            f = &o->res.fields[i];
            break;
        }
    }
    if (f == NULL) {
        if (o->res.n_fields >= AOD_PROBE_FIELDS_MAX)
            return;
        i = o->res.n_fields++;
        f = &o->res.fields[i];
        snprintf(f->name, sizeof f->name, "%s", name);
    }
    o->ftype[i] = (unsigned char)t;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    text_clean(f->value, sizeof f->value, raw, sizeof raw);
}

void out_bool(struct probe_out *o, const char *name, int v)
{
    out_field(o, name, FT_RAW, "%s", v ? "true" : "false");
}

void out_null(struct probe_out *o, const char *name)
{
    out_field(o, name, FT_RAW, "null");
}

void out_num(struct probe_out *o, const char *name, long v)
{
    out_field(o, name, FT_RAW, "%ld", v);
}

void out_verdict(struct probe_out *o, enum aod_verdict v, const char *fmt, ...)
{
    char raw[AOD_PROBE_SUMMARY_MAX * 2];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    o->res.verdict = v;
    text_clean(o->res.summary, sizeof o->res.summary, raw, sizeof raw);
}

const char *out_get(const struct probe_out *o, const char *name)
{
    size_t i;

    for (i = 0; i < o->res.n_fields; i++) {
        if (strcmp(o->res.fields[i].name, name) == 0)
            return o->res.fields[i].value;
    }
    return NULL;
}

static void json_list(struct sbuf *sb, const char *v)
{
    const char *p = v;
    char item[AOD_PROBE_FIELD_VALUE_MAX];
    int first = 1;

    sb_putn(sb, "[", 1);
    while (*v != '\0') {
        size_t n;
        p = strchr(v, ',');
        n = p ? (size_t)(p - v) : strlen(v);
        if (n >= sizeof item)
            n = sizeof item - 1;
        memcpy(item, v, n);
        item[n] = '\0';
        if (!first)
            sb_putn(sb, ",", 1);
        sb_json_str(sb, item);
        first = 0;
        if (p == NULL)
            break;
        v = p + 1;
    }
    sb_putn(sb, "]", 1);
}

char *out_json(const struct probe_out *o, const char *kind, const char *target)
{
    struct sbuf sb;
    size_t i;

    sb_init(&sb, AOD_PROBE_JSON_MAX);
    sb_puts(&sb, "{\"kind\":");
    sb_json_str(&sb, kind);
    sb_puts(&sb, ",\"target\":");
    sb_json_str(&sb, target);
    sb_puts(&sb, ",\"verdict\":");
    sb_json_str(&sb, aod_verdict_word(o->res.verdict));
    sb_puts(&sb, ",\"summary\":");
    sb_json_str(&sb, o->res.summary);
    sb_printf(&sb, ",\"elapsed_ms\":%ld,\"fields\":{", o->res.elapsed_ms);
    for (i = 0; i < o->res.n_fields; i++) {
        const struct aod_probe_field *f = &o->res.fields[i];
        if (i > 0)
            sb_putn(&sb, ",", 1);
        sb_json_str(&sb, f->name);
        sb_putn(&sb, ":", 1);
        if (o->ftype[i] == FT_RAW && f->value[0] != '\0')
            sb_puts(&sb, f->value);
        else if (o->ftype[i] == FT_LIST)
            json_list(&sb, f->value);
        else
            sb_json_str(&sb, f->value);
    }
    sb_puts(&sb, "}");
    if (o->extra.len > 0 && !o->extra.overflow)
        sb_puts(&sb, o->extra.p);
    sb_puts(&sb, "}");
    if (sb.nomem || sb.overflow || sb.p == NULL) {
        sb_free(&sb);
        return NULL;
    }
    return sb.p;
}
