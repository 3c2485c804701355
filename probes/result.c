/* probes/result.c: builds one probe result (flat fields, summary, JSON text) with capped buffers.
 * Every field and summary passes through the one cleaner (aod_text_sanitize_n) before it is
 * stored, and the JSON through the one writer (aod_json_str), both in common/. */
#include "probe_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aod/json_out.h"
#include "aod/text.h"

void out_init(struct probe_out *o)
{
    memset(o, 0, sizeof *o);
    o->res.verdict = AOD_VERDICT_ERROR;
    aod_buf_init(&o->extra, AOD_PROBE_JSON_MAX / 2);
}

void out_free(struct probe_out *o)
{
    aod_buf_free(&o->extra);
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
    aod_text_sanitize_n(f->value, sizeof f->value, raw, sizeof raw, false);
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
    aod_text_sanitize_n(o->res.summary, sizeof o->res.summary, raw, sizeof raw, false);
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

static void json_list(struct aod_buf *sb, const char *v)
{
    const char *p = v;
    char item[AOD_PROBE_FIELD_VALUE_MAX];
    int first = 1;

    aod_buf_putn(sb, "[", 1);
    while (*v != '\0') {
        size_t n;
        p = strchr(v, ',');
        n = p ? (size_t)(p - v) : strlen(v);
        if (n >= sizeof item)
            n = sizeof item - 1;
        memcpy(item, v, n);
        item[n] = '\0';
        if (!first)
            aod_buf_putn(sb, ",", 1);
        aod_json_str(sb, item);
        first = 0;
        if (p == NULL)
            break;
        v = p + 1;
    }
    aod_buf_putn(sb, "]", 1);
}

char *out_json(const struct probe_out *o, const char *kind, const char *target)
{
    struct aod_buf sb;
    size_t i;

    aod_buf_init(&sb, AOD_PROBE_JSON_MAX);
    aod_buf_puts(&sb, "{\"kind\":");
    aod_json_str(&sb, kind);
    aod_buf_puts(&sb, ",\"target\":");
    aod_json_str(&sb, target);
    aod_buf_puts(&sb, ",\"verdict\":");
    aod_json_str(&sb, aod_verdict_word(o->res.verdict));
    aod_buf_puts(&sb, ",\"summary\":");
    aod_json_str(&sb, o->res.summary);
    aod_buf_printf(&sb, ",\"elapsed_ms\":%ld,\"fields\":{", o->res.elapsed_ms);
    for (i = 0; i < o->res.n_fields; i++) {
        const struct aod_probe_field *f = &o->res.fields[i];
        if (i > 0)
            aod_buf_putn(&sb, ",", 1);
        aod_json_str(&sb, f->name);
        aod_buf_putn(&sb, ":", 1);
        if (o->ftype[i] == FT_RAW && f->value[0] != '\0')
            aod_buf_puts(&sb, f->value);
        else if (o->ftype[i] == FT_LIST)
            json_list(&sb, f->value);
        else
            aod_json_str(&sb, f->value);
    }
    aod_buf_puts(&sb, "}");
    if (o->extra.len > 0 && !o->extra.is_overflow)
        aod_buf_puts(&sb, o->extra.p);
    aod_buf_puts(&sb, "}");
    if (sb.is_oom || sb.is_overflow || sb.p == NULL) {
        aod_buf_free(&sb);
        return NULL;
    }
    return sb.p;
}
