/* tui/report.c: renders a session's trail and conclusion for people (text), tickets (Markdown)
 * and scripts (JSON). Commands are always written whole, one per line. */
#include "report.h"

#include <stdint.h>
#include <string.h>

#include "aod/json_out.h"
#include "driver.h"

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

static void md_report(FILE *f, const struct aod_session *s, const struct aod_view *v)
{
    fprintf(f, "# aovpn-doctor: ");
    md_inline(f, v->flow_title);
    fprintf(f, "\n\n## Answers and evidence\n\n");
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

static void js_report(FILE *f, const struct aod_session *s, const struct aod_view *v)
{
    js_field(f, "{\n  ", "flow", v->flow_id);
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

bool aod_report_write(FILE *f, struct aod_session *s, enum aod_report_format fmt)
{
    const struct aod_view *v = aod_session_view(s, NULL);

    if (v == NULL)
        return false;
    switch (fmt) {
    case AOD_REPORT_TEXT:
        text_trail(f, s);
        if (v->kind == AOD_NODE_CONCLUSION)
            aod_report_conclusion_text(f, v);
        else
            fprintf(f, "\nNo conclusion yet: stopped at \"%s\".\n", v->title);
        break;
    case AOD_REPORT_MARKDOWN:
        md_report(f, s, v);
        break;
    case AOD_REPORT_JSON:
        js_report(f, s, v);
        break;
    }
    return true;
}

struct report_ctx {
    struct aod_session *s;
    enum aod_report_format fmt;
};

static bool write_report(FILE *f, void *ctx)
{
    struct report_ctx *rc = ctx;
    return aod_report_write(f, rc->s, rc->fmt);
}

bool aod_report_save(const char *path, struct aod_session *s, enum aod_report_format fmt,
                     struct aod_err *err)
{
    struct report_ctx rc = {s, fmt};
    return aod_save_atomic(path, write_report, &rc, err);
}
