/* tui/report.c: renders a session's trail and conclusion for people (text), tickets (Markdown)
 * and scripts (JSON). Commands are always written whole, one per line. */
#include "report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aod/json_out.h"
#include "aod/probe.h"
#include "aod/text.h"
#include "driver.h"

#ifndef AOD_VERSION
#define AOD_VERSION "unknown"
#endif

bool aod_report_parse_format(const char *s, enum aod_report_format *out)
{
    if (strcmp(s, "text") == 0)
        *out = AOD_REPORT_TEXT;
    else if (strcmp(s, "markdown") == 0 || strcmp(s, "md") == 0)
        *out = AOD_REPORT_MARKDOWN;
    else if (strcmp(s, "json") == 0)
        *out = AOD_REPORT_JSON;
    else
        return false;
    return true;
}

/* The label of a step's commands: a reference step's are a retired form, never to run. */
static const char *run_label(const struct aod_view_step *st)
{
    return st->is_reference ? AOD_REFERENCE_LABEL : "Run";
}

/* ---- the header: when, where, what made it ---- */

void aod_report_host(char *buf, size_t cap)
{
    char raw[256] = "";
    const char *env = getenv("AOD_HOSTNAME");

    if (env != NULL && env[0] != '\0')
        snprintf(raw, sizeof raw, "%s", env);
    else if (gethostname(raw, sizeof raw - 1) != 0 || raw[0] == '\0')
        snprintf(raw, sizeof raw, "unknown");
    raw[sizeof raw - 1] = '\0';
    aod_text_sanitize(buf, cap, raw, false);
}

void aod_report_time(char *buf, size_t cap, bool is_short)
{
    const char *env = getenv("AOD_NOW");
    time_t t = time(NULL);
    struct tm tm;
    char *end = NULL;

    if (env != NULL && env[0] != '\0') {
        long long v = strtoll(env, &end, 10);
        if (end != NULL && *end == '\0' && v >= 0)
            t = (time_t)v;
    }
    if (localtime_r(&t, &tm) == NULL ||
        strftime(buf, cap, is_short ? "%H:%M:%S %z" : "%Y-%m-%d %H:%M:%S %z (%Z)", &tm) == 0)
        snprintf(buf, cap, "unknown");
}

/* The flows the session went through, each once, in the order first met; the current one too. */
static size_t flows_used(const struct aod_session *s, const struct aod_view *v, const char **ids,
                         size_t max)
{
    size_t n = 0;

    for (size_t i = 0; i <= aod_session_depth(s); i++) {
        const struct aod_trail_step *t = aod_session_step(s, i);
        const char *id = t != NULL ? t->flow_id : v->flow_id;
        bool is_seen = false;
        for (size_t k = 0; k < n && !is_seen; k++)
            is_seen = strcmp(ids[k], id) == 0;
        if (!is_seen && n < max)
            ids[n++] = id;
    }
    return n;
}

static int flow_version(const struct aod_report_meta *m, const char *id)
{
    const struct aod_flow *f = m->cat != NULL ? aod_catalog_find(m->cat, id) : NULL;
    return f != NULL ? aod_flow_version(f) : 0;
}

/* Whether any live test gave a result this session (its step names the probe as its source). */
static bool probes_ran(const struct aod_session *s)
{
    for (size_t i = 0; i < aod_session_depth(s); i++) {
        const struct aod_trail_step *t = aod_session_step(s, i);
        if (t->kind == AOD_NODE_PROBE && strstr(t->answer, "(probe") != NULL)
            return true;
    }
    return false;
}

struct header {
    char when[64];
    char host[256];
    const char *ids[32];
    size_t n_ids;
    const char *tests; /* "on" or "off (--no-probes)" */
    bool is_ran;
};

static void header_fill(struct header *h, const struct aod_session *s, const struct aod_view *v,
                        const struct aod_report_meta *m)
{
    aod_report_time(h->when, sizeof h->when, false);
    aod_report_host(h->host, sizeof h->host);
    h->n_ids = flows_used(s, v, h->ids, sizeof h->ids / sizeof h->ids[0]);
    h->tests = m->is_probes ? "on" : "off (--no-probes)";
    h->is_ran = probes_ran(s);
}

static void text_header(FILE *f, const struct header *h, const struct aod_report_meta *m)
{
    fprintf(f, "aovpn-doctor %s transcript\n", AOD_VERSION);
    fprintf(f, "Date: %s\nHost: %s\nFlows:", h->when, h->host);
    for (size_t i = 0; i < h->n_ids; i++)
        fprintf(f, "%s %s v%d", i ? "," : "", h->ids[i], flow_version(m, h->ids[i]));
    fprintf(f, "\nLive tests: %s, timeout %d ms; %s\n\n", h->tests, m->timeout_ms,
            h->is_ran ? "results from live tests below" : "no live test gave a result");
}

/* ---- text ---- */

static void text_block(FILE *f, const char *label, const struct aod_view_cmds *c)
{
    if (c->n_commands == 0)
        return;
    fprintf(f, "  %s on %s (%s):\n", label, aod_where_label(c->where), aod_shell_label(c->shell));
    for (size_t i = 0; i < c->n_commands; i++)
        fprintf(f, "%s\n", c->commands[i]);
    if (c->is_incomplete)
        fprintf(f, "  Note: replace each <name> above with the real value before running it.\n");
}

void aod_report_conclusion_text(FILE *f, const struct aod_view *v)
{
    fprintf(f, "\n== Finding: %s ==\n", v->title);
    if (v->text[0] != '\0')
        fprintf(f, "%s\n", v->text);
    fprintf(f, "\nWhy:\n%s\n", v->reasoning);
    if (v->caveat[0] != '\0')
        fprintf(f, "Caveat: %s\n", v->caveat);
    for (size_t i = 0; i < v->n_steps; i++) {
        const struct aod_view_step *st = &v->steps[i];
        fprintf(f, "\nStep %zu of %zu: %s%s\n", i + 1, v->n_steps, st->title,
                st->is_done ? " [done]" : "");
        if (st->text[0] != '\0')
            fprintf(f, "%s\n", st->text);
        if (st->risk[0] != '\0')
            fprintf(f, "  Risk: %s\n", st->risk);
        if (st->caveat[0] != '\0')
            fprintf(f, "  Caveat: %s\n", st->caveat);
        text_block(f, run_label(st), &st->run);
        text_block(f, "Verify", &st->verify);
        if (st->expect[0] != '\0')
            fprintf(f, "  Expect: %s\n", st->expect);
    }
    if (v->n_sources > 0) {
        fprintf(f, "\nSources:\n");
        for (size_t i = 0; i < v->n_sources; i++)
            fprintf(f, "  %s\n", v->sources[i]);
    }
    if (v->checked[0] != '\0')
        fprintf(f, "Checked against these sources on %s\n", v->checked);
}

static void text_trail(FILE *f, const struct aod_session *s)
{
    fprintf(f, "Answers:\n");
    for (size_t i = 0; i < aod_session_depth(s); i++) {
        const struct aod_trail_step *t = aod_session_step(s, i);
        fprintf(f, "  %zu. %s\n", i + 1, t->title);
        if (t->kind != AOD_NODE_PROBE) {
            fprintf(f, "     -> %s (%s)\n", t->answer, aod_source_word(t->source));
            continue;
        }
        /* A probe step carries one line per probe, each naming its own source. */
        for (const char *p = t->answer; *p != '\0';) {
            const char *nl = strchr(p, '\n');
            int n = (int)(nl != NULL ? (size_t)(nl - p) : strlen(p));
            fprintf(f, "     -> %.*s\n", n, p);
            p += n + (nl != NULL ? 1 : 0);
        }
    }
}

/* ---- markdown ---- */

static void md_inline(FILE *f, const char *s)
{
    for (; *s != '\0'; s++) {
        if (strchr("\\`*_[]<>|#", *s) != NULL)
            fputc('\\', f);
        fputc(*s == '\n' ? ' ' : *s, f);
    }
}

/* A paragraph after `prefix` ("", "> **Risk:** "), or nothing when `text` is empty. */
static void md_para(FILE *f, const char *prefix, const char *text)
{
    if (text[0] == '\0')
        return;
    fputs(prefix, f);
    md_inline(f, text);
    fprintf(f, "\n\n");
}

static void md_block(FILE *f, const char *label, const struct aod_view_cmds *c)
{
    if (c->n_commands == 0)
        return;
    fprintf(f, "%s on %s (%s):\n\n", label, aod_where_label(c->where), aod_shell_label(c->shell));
    fprintf(f, "```%s\n", c->shell == AOD_SHELL_REG ? "ini" : aod_shell_word(c->shell));
    for (size_t i = 0; i < c->n_commands; i++)
        fprintf(f, "%s\n", c->commands[i]);
    fprintf(f, "```\n\n");
    if (c->is_incomplete)
        fprintf(f, "Replace each `<name>` above with the real value before running it.\n\n");
}

static void md_report(FILE *f, const struct aod_session *s, const struct aod_view *v,
                      const struct header *h, const struct aod_report_meta *m)
{
    fprintf(f, "# aovpn-doctor: ");
    md_inline(f, v->flow_title);
    fprintf(f, "\n\n| | |\n|---|---|\n| Date | ");
    md_inline(f, h->when);
    fprintf(f, " |\n| Host | ");
    md_inline(f, h->host);
    fprintf(f, " |\n| Version | aovpn-doctor %s |\n| Flows | ", AOD_VERSION);
    for (size_t i = 0; i < h->n_ids; i++) {
        fprintf(f, "%s", i ? ", " : "");
        md_inline(f, h->ids[i]);
        fprintf(f, " v%d", flow_version(m, h->ids[i]));
    }
    fprintf(f, " |\n| Live tests | %s, timeout %d ms; %s |\n", h->tests, m->timeout_ms,
            h->is_ran ? "results from live tests below" : "no live test gave a result");
    fprintf(f, "\n## Answers and evidence\n\n");
    for (size_t i = 0; i < aod_session_depth(s); i++) {
        const struct aod_trail_step *t = aod_session_step(s, i);
        fprintf(f, "%zu. **", i + 1);
        md_inline(f, t->title);
        fprintf(f, "**");
        const char *p = t->answer;
        if (t->kind != AOD_NODE_PROBE) {
            fprintf(f, ": ");
            md_inline(f, p);
            fprintf(f, " (%s)\n", aod_source_word(t->source));
            continue;
        }
        fprintf(f, "\n");
        while (*p != '\0') {
            const char *nl = strchr(p, '\n');
            size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);
            char line[2048];
            snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), p);
            fprintf(f, "   - ");
            md_inline(f, line);
            fprintf(f, "\n");
            p += n + (nl != NULL ? 1 : 0);
        }
    }
    if (v->kind != AOD_NODE_CONCLUSION) {
        fprintf(f, "\n**No conclusion yet:** the session stopped at \"");
        md_inline(f, v->title);
        fprintf(f, "\".\n");
        return;
    }
    md_para(f, "\n## Finding: ", v->title);
    md_para(f, "", v->text);
    md_para(f, "### Why\n\n", v->reasoning);
    md_para(f, "> **Caveat:** ", v->caveat);
    fprintf(f, "### Fix\n\n");
    for (size_t i = 0; i < v->n_steps; i++) {
        const struct aod_view_step *st = &v->steps[i];
        fprintf(f, "#### %zu. %s", i + 1, st->is_done ? "[done] " : "");
        md_para(f, "", st->title);
        md_para(f, "", st->text);
        md_para(f, "> **Risk:** ", st->risk);
        md_para(f, "> **Caveat:** ", st->caveat);
        md_block(f, run_label(st), &st->run);
        md_block(f, "Verify", &st->verify);
        if (st->expect[0] != '\0') {
            fprintf(f, "Expect: ");
            md_inline(f, st->expect);
            fprintf(f, "\n\n");
        }
    }
    fprintf(f, "### Sources\n\n");
    for (size_t i = 0; i < v->n_sources; i++)
        fprintf(f, "- <%s>\n", v->sources[i]);
    if (v->checked[0] != '\0')
        fprintf(f, "\nChecked against these sources on %s.\n", v->checked);
}

/* ---- json ---- */

/* `s` as a JSON string, through the one JSON writer (common/json_out.c). */
static void js_str(FILE *f, const char *s)
{
    struct aod_buf b;

    aod_buf_init(&b, SIZE_MAX);
    aod_json_str(&b, s);
    fputs(b.p != NULL && !aod_buf_failed(&b) ? b.p : "\"\"", f);
    aod_buf_free(&b);
}

/* `sep` then "name": "value" */
static void js_field(FILE *f, const char *sep, const char *name, const char *value)
{
    fprintf(f, "%s\"%s\": ", sep, name);
    js_str(f, value);
}

static void js_cmds(FILE *f, const struct aod_view_cmds *c)
{
    fprintf(f, "{\"shell\": ");
    js_str(f, aod_shell_word(c->shell));
    fprintf(f, ", \"where\": ");
    js_str(f, aod_where_word(c->where));
    fprintf(f, ", \"incomplete\": %s, \"commands\": [", c->is_incomplete ? "true" : "false");
    for (size_t i = 0; i < c->n_commands; i++) {
        fprintf(f, i ? ", " : "");
        js_str(f, c->commands[i]);
    }
    fprintf(f, "]}");
}

static void js_report(FILE *f, const struct aod_session *s, const struct aod_view *v,
                      const struct header *h, const struct aod_report_meta *m)
{
    js_field(f, "{\n  ", "date", h->when);
    js_field(f, ",\n  ", "host", h->host);
    js_field(f, ",\n  ", "version", AOD_VERSION);
    fprintf(f, ",\n  \"flows\": [");
    for (size_t i = 0; i < h->n_ids; i++) {
        js_field(f, i ? ", {" : "{", "id", h->ids[i]);
        fprintf(f, ", \"version\": %d}", flow_version(m, h->ids[i]));
    }
    fprintf(f, "],\n  \"probes\": {\"enabled\": %s, \"timeout_ms\": %d, \"ran\": %s}",
            m->is_probes ? "true" : "false", m->timeout_ms, h->is_ran ? "true" : "false");
    js_field(f, ",\n  ", "flow", v->flow_id);
    js_field(f, ",\n  ", "node", v->node_id);
    js_field(f, ",\n  ", "outcome", v->kind == AOD_NODE_CONCLUSION ? "conclusion" : "incomplete");
    fprintf(f, ",\n  \"trail\": [");
    for (size_t i = 0; i < aod_session_depth(s); i++) {
        const struct aod_trail_step *t = aod_session_step(s, i);
        js_field(f, i ? ",\n    {" : "\n    {", "flow", t->flow_id);
        js_field(f, ", ", "node", t->node_id);
        js_field(f, ", ", "kind", aod_node_kind_word(t->kind));
        js_field(f, ", ", "title", t->title);
        js_field(f, ", ", "answer", t->answer);
        js_field(f, ", ", "source", aod_source_word(t->source));
        fprintf(f, "}");
    }
    fprintf(f, "\n  ]");
    if (v->kind == AOD_NODE_CONCLUSION) {
        js_field(f, ",\n  ", "finding", v->title);
        js_field(f, ",\n  ", "reasoning", v->reasoning);
        js_field(f, ",\n  ", "caveat", v->caveat);
        fprintf(f, ",\n  \"steps\": [");
        for (size_t i = 0; i < v->n_steps; i++) {
            const struct aod_view_step *st = &v->steps[i];
            js_field(f, i ? ",\n    {" : "\n    {", "title", st->title);
            js_field(f, ", ", "text", st->text);
            js_field(f, ", ", "risk", st->risk);
            js_field(f, ", ", "caveat", st->caveat);
            fprintf(f, ", \"reference\": %s", st->is_reference ? "true" : "false");
            fprintf(f, ", \"done\": %s", st->is_done ? "true" : "false");
            fprintf(f, ",\n     \"run\": ");
            js_cmds(f, &st->run);
            fprintf(f, ",\n     \"verify\": ");
            js_cmds(f, &st->verify);
            js_field(f, ", ", "expect", st->expect);
            fprintf(f, "}");
        }
        fprintf(f, "\n  ],\n  \"sources\": [");
        for (size_t i = 0; i < v->n_sources; i++) {
            fprintf(f, i ? ", " : "");
            js_str(f, v->sources[i]);
        }
        fprintf(f, "]");
        js_field(f, ",\n  ", "checked", v->checked);
    }
    fprintf(f, "\n}\n");
}

bool aod_report_write(FILE *f, struct aod_session *s, enum aod_report_format fmt,
                      const struct aod_report_meta *meta)
{
    const struct aod_view *v = aod_session_view(s, NULL);
    static const struct aod_report_meta none = {NULL, AOD_PROBE_DEFAULT_TIMEOUT_MS, false};
    struct header h;

    if (v == NULL)
        return false;
    if (meta == NULL)
        meta = &none;
    header_fill(&h, s, v, meta);
    switch (fmt) {
    case AOD_REPORT_TEXT:
        text_header(f, &h, meta);
        text_trail(f, s);
        if (v->kind == AOD_NODE_CONCLUSION)
            aod_report_conclusion_text(f, v);
        else
            fprintf(f, "\nNo conclusion yet: stopped at \"%s\".\n", v->title);
        break;
    case AOD_REPORT_MARKDOWN:
        md_report(f, s, v, &h, meta);
        break;
    case AOD_REPORT_JSON:
        js_report(f, s, v, &h, meta);
        break;
    }
    return true;
}

struct report_ctx {
    struct aod_session *s;
    enum aod_report_format fmt;
    const struct aod_report_meta *meta;
};

static bool write_report(FILE *f, void *ctx)
{
    struct report_ctx *rc = ctx;
    return aod_report_write(f, rc->s, rc->fmt, rc->meta);
}

bool aod_report_save(const char *path, struct aod_session *s, enum aod_report_format fmt,
                     const struct aod_report_meta *meta, struct aod_err *err)
{
    struct report_ctx rc = {s, fmt, meta};
    return aod_save_atomic(path, write_report, &rc, err);
}
