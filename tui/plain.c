/* tui/plain.c: line mode. Prints a node's title and text, its choices as "N) text", and a
 * prompt ending in "> " (flushed before reading). A number picks, b goes back, q quits; input
 * nodes take free text. No curses, no escape sequences. */
#include "plain.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aod/text.h"
#include "driver.h"
#include "report.h"

#define LINE_MAX_LEN 4096

struct plain {
    struct aod_session *s;
    const struct aod_plain_opts *o;
    FILE *out;
    unsigned long line_no; /* of the answer file */
    bool is_probe_note_shown;
    bool is_eof;
    /* The probe step whose probes already ran, so a step is never probed twice in a row and
     * going back to it asks instead of testing again. */
    const char *tried_node;
    size_t tried_depth;
    /* --record: every accepted answer, as an answer file that replays this session */
    char *rec;
    size_t rec_len, rec_cap;
    bool is_rec_broken;
};

#define GOT_TEXT (-2) /* read_reply: a line to interpret is in the buffer */

enum reply {
    REPLY_TEXT,
    REPLY_BACK,
    REPLY_QUIT,
    REPLY_EOF,
};

/* Reads one answer. Lines starting with '#' and blank lines in an answer file are skipped. */
static enum reply read_answer(struct plain *p, char *buf, size_t cap)
{
    for (;;) {
        if (p->out != NULL)
            fflush(p->out);
        if (fgets(buf, (int)cap, p->o->in) == NULL) {
            p->is_eof = true;
            return REPLY_EOF;
        }
        p->line_no++;
        size_t n = strlen(buf);
        if (n > 0 && buf[n - 1] != '\n' && !feof(p->o->in)) {
            int c;
            while ((c = fgetc(p->o->in)) != EOF && c != '\n')
                ;
            buf[0] = '\0'; /* too long: treat as an empty, invalid answer */
            n = 0;
        }
        while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
            buf[--n] = '\0';
        if (p->o->in_name != NULL && (buf[0] == '#' || buf[strspn(buf, " \t")] == '\0'))
            continue;
        if (p->o->is_echo && p->out != NULL)
            fprintf(p->out, "%s\n", buf);
        const char *t = buf + strspn(buf, " \t");
        if ((t[0] == 'b' || t[0] == 'B') && t[1 + strspn(t + 1, " \t")] == '\0')
            return REPLY_BACK;
        if ((t[0] == 'q' || t[0] == 'Q') && t[1 + strspn(t + 1, " \t")] == '\0')
            return REPLY_QUIT;
        return REPLY_TEXT;
    }
}

/* A number from 1 to n, or 0 when `s` is not one. */
static size_t pick(const char *s, size_t n)
{
    char *end = NULL;
    s += strspn(s, " \t");
    long v = strtol(s, &end, 10);
    if (end == s || v < 1 || (size_t)v > n)
        return 0;
    end += strspn(end, " \t");
    return *end == '\0' ? (size_t)v : 0;
}

/* Reads an answer and handles what every step handles alike. Returns GOT_TEXT with the line in
 * buf, or the step's result: -1 after going back, AOD_PLAIN_ENDED on q or end of input. */
static int read_reply(struct plain *p, char *buf, size_t cap);

/* Appends one line to the recording (--record). */
static void record(struct plain *p, const char *line)
{
    size_t n = strlen(line);
    if (p->o->record_path == NULL || p->is_rec_broken)
        return;
    if (p->rec_len + n + 2 > p->rec_cap) {
        size_t cap = (p->rec_cap + n + 2) * 2;
        char *r = realloc(p->rec, cap);
        if (r == NULL) {
            p->is_rec_broken = true;
            return;
        }
        p->rec = r;
        p->rec_cap = cap;
    }
    memcpy(p->rec + p->rec_len, line, n);
    p->rec[p->rec_len + n] = '\n';
    p->rec_len += n + 1;
    p->rec[p->rec_len] = '\0';
}

static int do_back(struct plain *p);

static int read_reply(struct plain *p, char *buf, size_t cap)
{
    switch (read_answer(p, buf, cap)) {
    case REPLY_EOF:
    case REPLY_QUIT:
        return AOD_PLAIN_ENDED;
    case REPLY_BACK:
        return do_back(p);
    case REPLY_TEXT:
        break;
    }
    return GOT_TEXT;
}

static void print_header(struct plain *p, const struct aod_view *v)
{
    if (p->out == NULL)
        return;
    fprintf(p->out, "\n== %s ==\n", v->title);
    if (v->text[0] != '\0')
        fprintf(p->out, "%s\n", v->text);
}

/* Says why an answer was refused. From a file the walk stops; a person is asked again. */
static bool refuse(struct plain *p, const char *why)
{
    if (p->o->in_name != NULL) {
        fprintf(stderr, "%s:%lu: %s\n", p->o->in_name, p->line_no, why);
        return false;
    }
    if (p->out != NULL)
        fprintf(p->out, "%s\n", why);
    return true;
}

static int do_back(struct plain *p)
{
    struct aod_err err;
    aod_err_clear(&err);
    if (aod_session_back(p->s, &err) != AOD_OK) {
        if (p->out != NULL)
            fprintf(p->out, "(%s)\n", err.msg);
    } else {
        record(p, "b");
    }
    return -1;
}

static int not_a_choice(struct plain *p, const char *buf, size_t n)
{
    char shown[41];
    char why[128];
    /* The answer is quoted back to a terminal: no control characters, cut between characters. */
    aod_text_sanitize(shown, sizeof shown, buf, false);
    snprintf(why, sizeof why, "\"%s\" is not a choice: type a number from 1 to %zu", shown, n);
    return refuse(p, why) ? -1 : AOD_PLAIN_BAD_FILE;
}

/* Each step handler returns -1 to continue the walk, or an AOD_PLAIN_* code to stop. */
static int step_question(struct plain *p, const struct aod_view *v)
{
    char buf[LINE_MAX_LEN];
    struct aod_err err;

    print_header(p, v);
    if (p->out != NULL) {
        for (size_t i = 0; i < v->n_choices; i++)
            fprintf(p->out, "%zu) %s\n", i + 1, v->choices[i]);
        fprintf(p->out, "Choose 1-%zu (b back, q quit)> ", v->n_choices);
    }
    int rc = read_reply(p, buf, sizeof buf);
    if (rc != GOT_TEXT)
        return rc;
    size_t k = pick(buf, v->n_choices);
    if (k == 0)
        return not_a_choice(p, buf, v->n_choices);
    aod_err_clear(&err);
    if (aod_session_choose(p->s, k - 1, p->o->source, &err) != AOD_OK)
        return refuse(p, err.msg) ? -1 : AOD_PLAIN_BAD_FILE;
    record(p, buf + strspn(buf, " \t"));
    return -1;
}

static int step_input(struct plain *p, const struct aod_view *v)
{
    char buf[LINE_MAX_LEN];
    struct aod_err err;

    print_header(p, v);
    if (p->out != NULL) {
        fprintf(p->out, "Type %s", v->hint);
        if (v->placeholder[0] != '\0')
            fprintf(p->out, " (example: %s)", v->placeholder);
        fprintf(p->out, "; b back, q quit.\n%s> ", v->fact);
    }
    int rc = read_reply(p, buf, sizeof buf);
    if (rc != GOT_TEXT)
        return rc;
    aod_err_clear(&err);
    if (aod_session_input(p->s, buf, p->o->source, &err) != AOD_OK)
        return refuse(p, err.msg) ? -1 : AOD_PLAIN_BAD_FILE;
    record(p, buf);
    return -1;
}

static void record_result(struct plain *p, const char *id, const struct aod_probe_result *r);

static void print_result(void *ctx, const struct aod_view_probe *vp,
                         const struct aod_probe_result *r)
{
    struct plain *p = ctx;
    if (p->out == NULL)
        return;
    if (r == NULL) {
        fprintf(p->out, "  [ERROR] %s (%s): did not finish\n", vp->id, vp->kind);
        return;
    }
    fprintf(p->out, "  [%s] %s (%s, %ld ms): %s\n", aod_verdict_label(r->verdict), vp->id, vp->kind,
            r->elapsed_ms, r->summary);
}

/* Shows a live result and records it; a result with verdict error is left for the user. */
static void on_live_result(void *ctx, const struct aod_view_probe *vp,
                           const struct aod_probe_result *r)
{
    struct plain *p = ctx;
    print_result(p, vp, r);
    if (r != NULL && r->verdict != AOD_VERDICT_ERROR)
        record_result(p, vp->id, r);
}

/* ---- recorded probe results ----
 * An answer file can carry what a probe measured, so that a session recorded against a lab
 * replays without the lab: "=ID VERDICT [NAME=VALUE]... [-- SUMMARY]", one line per probe, in
 * place of the answer to that probe's question. Values are percent-encoded (space %20, %
 * %25). --record writes these lines for every probe that ran live. */

static void pct_encode(char *out, size_t cap, const char *in)
{
    size_t n = 0;
    for (; *in != '\0' && n + 4 < cap; in++) {
        unsigned char c = (unsigned char)*in;
        if (c <= ' ' || c == '%' || c == 0x7F) {
            snprintf(out + n, cap - n, "%%%02X", c);
            n += 3;
        } else {
            out[n++] = (char)c;
        }
    }
    out[n] = '\0';
}

static void pct_decode(char *s)
{
    char *w = s;
    for (const char *r = s; *r != '\0'; r++) {
        unsigned int v = 0;
        if (r[0] == '%' && sscanf(r + 1, "%2x", &v) == 1 && r[1] != '\0' && r[2] != '\0') {
            *w++ = (char)v;
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

static void record_result(struct plain *p, const char *id, const struct aod_probe_result *r)
{
    char line[LINE_MAX_LEN];
    size_t n = (size_t)snprintf(line, sizeof line, "=%s %s", id, aod_verdict_word(r->verdict));
    for (size_t k = 0; k < r->n_fields && n < sizeof line; k++) {
        char enc[AOD_PROBE_FIELD_VALUE_MAX * 3 + 1];
        pct_encode(enc, sizeof enc, r->fields[k].value);
        n += (size_t)snprintf(line + n, sizeof line - n, " %s=%s", r->fields[k].name, enc);
    }
    if (n < sizeof line)
        snprintf(line + n, sizeof line - n, " -- %s", r->summary);
    record(p, line);
}

/* Cuts the next blank-separated word out of *cursor; NULL when none is left. */
static char *next_word(char **cursor)
{
    char *w = *cursor + strspn(*cursor, " \t");
    if (*w == '\0')
        return NULL;
    char *end = w + strcspn(w, " \t");
    *cursor = *end != '\0' ? end + 1 : end;
    *end = '\0';
    return w;
}

/* Parses "=ID VERDICT [NAME=VALUE]... [-- SUMMARY]" and feeds it to probe ID of this step. */
static int replay_result(struct plain *p, const struct aod_view *v, const char *line)
{
    char buf[LINE_MAX_LEN];
    struct aod_probe_result r;
    struct aod_err err;
    size_t idx = v->n_probes;
    bool is_verdict = false;

    memset(&r, 0, sizeof r);
    snprintf(buf, sizeof buf, "%s", line + 1);
    char *summary = strstr(buf, " -- ");
    if (summary != NULL) {
        *summary = '\0';
        /* Shown and recorded below before the session scrubs its own copy: clean it here. */
        aod_text_sanitize(r.summary, sizeof r.summary, summary + 4, false);
    }
    char *cursor = buf;
    char *id = next_word(&cursor);
    char *verdict = id != NULL ? next_word(&cursor) : NULL;
    for (size_t i = 0; id != NULL && i < v->n_probes; i++) {
        if (strcmp(v->probes[i].id, id) == 0 && !v->probes[i].is_done)
            idx = i;
    }
    for (int k = 0; verdict != NULL && k < AOD_VERDICT_COUNT; k++) {
        if (strcmp(verdict, aod_verdict_word((enum aod_verdict)k)) == 0) {
            r.verdict = (enum aod_verdict)k;
            is_verdict = true;
        }
    }
    if (idx == v->n_probes || !is_verdict)
        return refuse(p, "a recorded result reads \"=PROBE-ID pass|fail|inconclusive|error "
                         "[NAME=VALUE]... [-- SUMMARY]\" and names a probe of this step that has "
                         "no outcome yet")
                   ? -1
                   : AOD_PLAIN_BAD_FILE;
    for (char *tok; r.n_fields < AOD_PROBE_FIELDS_MAX && (tok = next_word(&cursor)) != NULL;) {
        char *eq = strchr(tok, '=');
        if (eq == NULL)
            continue;
        *eq = '\0';
        pct_decode(eq + 1);
        snprintf(r.fields[r.n_fields].name, sizeof r.fields[0].name, "%s", tok);
        snprintf(r.fields[r.n_fields].value, sizeof r.fields[0].value, "%s", eq + 1);
        r.n_fields++;
    }
    if (p->out != NULL)
        fprintf(p->out, "  [%s] %s (recorded): %s\n", aod_verdict_label(r.verdict),
                v->probes[idx].id, r.summary);
    aod_err_clear(&err);
    if (aod_session_probe_result(p->s, idx, &r, &err) != AOD_OK)
        return refuse(p, err.msg) ? -1 : AOD_PLAIN_BAD_FILE;
    record_result(p, v->probes[idx].id, &r);
    return -1;
}

/* Asks the user about the first probe of the step that has no outcome yet. */
static int ask_probe(struct plain *p, const struct aod_view *v)
{
    char buf[LINE_MAX_LEN];
    struct aod_err err;
    size_t i = 0;

    while (i < v->n_probes && v->probes[i].is_done)
        i++;
    if (i == v->n_probes)
        return -1;
    const struct aod_view_probe *vp = &v->probes[i];
    if (p->out != NULL) {
        fprintf(p->out, "\n%s\n", vp->ask);
        for (size_t k = 0; k < vp->n_answers; k++)
            fprintf(p->out, "%zu) %s\n", k + 1, vp->answers[k]);
        fprintf(p->out, "Choose 1-%zu (b back, q quit)> ", vp->n_answers);
    }
    int rc = read_reply(p, buf, sizeof buf);
    if (rc != GOT_TEXT)
        return rc;
    if (buf[strspn(buf, " \t")] == '=')
        return replay_result(p, v, buf + strspn(buf, " \t"));
    size_t k = pick(buf, vp->n_answers);
    if (k == 0)
        return not_a_choice(p, buf, vp->n_answers);
    aod_err_clear(&err);
    if (aod_session_probe_answer(p->s, i, k - 1, p->o->source, &err) != AOD_OK)
        return refuse(p, err.msg) ? -1 : AOD_PLAIN_BAD_FILE;
    record(p, buf + strspn(buf, " \t"));
    return -1;
}

static int step_probe(struct plain *p, const struct aod_view *v)
{
    bool is_fresh = true;

    for (size_t i = 0; i < v->n_probes; i++)
        is_fresh = is_fresh && !v->probes[i].is_done;
    size_t depth = aod_session_depth(p->s);
    bool is_tried = p->tried_node == v->node_id && p->tried_depth == depth;

    if (is_fresh)
        print_header(p, v);
    if (is_fresh && !is_tried && p->o->use_probes) {
        struct aod_err err;
        aod_err_clear(&err);
        p->tried_node = v->node_id;
        p->tried_depth = depth;
        if (p->out != NULL) {
            fprintf(p->out, "Testing from this host:");
            for (size_t i = 0; i < v->n_probes; i++)
                fprintf(p->out, " %s", v->probes[i].id);
            fprintf(p->out, " ...\n");
            fflush(p->out);
        }
        if (aod_driver_run_probes(p->s, p->o->probe_timeout_ms, on_live_result, p, &err)) {
            if (aod_session_depth(p->s) != depth)
                return -1; /* every probe answered: the session moved on */
            if (p->out != NULL)
                fprintf(p->out, "Some tests could not run; please answer for them.\n");
            return -1;
        }
        if (!p->is_probe_note_shown && p->out != NULL) {
            fprintf(p->out, "(Live tests are not available: %s. Please answer instead.)\n",
                    err.msg);
            p->is_probe_note_shown = true;
        }
    }
    return ask_probe(p, v);
}

static int run(struct plain *p)
{
    for (;;) {
        struct aod_err err;
        int rc = -1;
        aod_err_clear(&err);
        const struct aod_view *v = aod_session_view(p->s, &err);
        if (v == NULL)
            return AOD_PLAIN_NOMEM;
        switch (v->kind) {
        case AOD_NODE_QUESTION:
            rc = step_question(p, v);
            break;
        case AOD_NODE_INPUT:
            rc = step_input(p, v);
            break;
        case AOD_NODE_PROBE:
            rc = step_probe(p, v);
            break;
        case AOD_NODE_CONCLUSION:
            if (p->out != NULL) {
                aod_report_conclusion_text(p->out, v);
                fflush(p->out);
            }
            return AOD_PLAIN_CONCLUDED;
        }
        if (rc == AOD_PLAIN_ENDED && p->out != NULL) {
            fprintf(p->out, "\n(Session ended before a conclusion, at \"%s\".)\n", v->title);
            fflush(p->out);
        }
        if (rc == AOD_PLAIN_ENDED && p->o->in_name != NULL && p->is_eof)
            fprintf(stderr, "%s: the answers ran out at \"%s\" (%s:%s), before a conclusion\n",
                    p->o->in_name, v->title, v->flow_id, v->node_id);
        if (rc >= 0)
            return rc;
    }
}

static bool write_recording(FILE *f, void *ctx)
{
    const struct plain *p = ctx;
    return fputs(p->rec != NULL ? p->rec : "", f) >= 0;
}

int aod_plain_run(struct aod_session *s, const struct aod_plain_opts *o)
{
    struct plain p;
    struct aod_err err;
    char head[256];

    memset(&p, 0, sizeof p);
    p.s = s;
    p.o = o;
    p.out = o->out;
    if (o->record_path != NULL) {
        const struct aod_view *v = aod_session_view(s, NULL);
        snprintf(head, sizeof head,
                 "# aovpn-doctor answers; replay: aovpn-doctor walk %s --no-probes --answers FILE",
                 v != NULL ? v->flow_id : "start");
        record(&p, head);
    }
    int rc = run(&p);
    aod_err_clear(&err);
    if (o->record_path != NULL &&
        (p.is_rec_broken || !aod_save_atomic(o->record_path, write_recording, &p, &err))) {
        fprintf(stderr, "aovpn-doctor: cannot write the recording: %s\n",
                p.is_rec_broken ? "out of memory" : err.msg);
        if (rc == AOD_PLAIN_CONCLUDED)
            rc = AOD_PLAIN_ENDED;
    }
    free(p.rec);
    return rc;
}
