/* tui/plain.c: line mode. Prints a node's title and text, its choices as "N) text", and a
 * prompt ending in "> " (flushed before reading). A number picks, b goes back, q quits; input
 * nodes take free text. No curses, no escape sequences. */
#include "plain.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
};

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
    if (aod_session_back(p->s, &err) != AOD_OK && p->out != NULL)
        fprintf(p->out, "(%s)\n", err.msg);
    return -1;
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
    switch (read_answer(p, buf, sizeof buf)) {
    case REPLY_EOF:
        return AOD_PLAIN_ENDED;
    case REPLY_QUIT:
        return AOD_PLAIN_ENDED;
    case REPLY_BACK:
        return do_back(p);
    case REPLY_TEXT:
        break;
    }
    size_t k = pick(buf, v->n_choices);
    if (k == 0) {
        char why[128];
        snprintf(why, sizeof why, "\"%.40s\" is not a choice: type a number from 1 to %zu", buf,
                 v->n_choices);
        return refuse(p, why) ? -1 : AOD_PLAIN_BAD_FILE;
    }
    aod_err_clear(&err);
    if (aod_session_choose(p->s, k - 1, p->o->source, &err) != AOD_OK)
        return refuse(p, err.msg) ? -1 : AOD_PLAIN_BAD_FILE;
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
    switch (read_answer(p, buf, sizeof buf)) {
    case REPLY_EOF:
    case REPLY_QUIT:
        return AOD_PLAIN_ENDED;
    case REPLY_BACK:
        return do_back(p);
    case REPLY_TEXT:
        break;
    }
    aod_err_clear(&err);
    if (aod_session_input(p->s, buf, p->o->source, &err) != AOD_OK)
        return refuse(p, err.msg) ? -1 : AOD_PLAIN_BAD_FILE;
    return -1;
}

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
    fprintf(p->out, "  [%s] %s (%s, %ld ms): %s\n", aod_verdict_label(r->verdict), vp->id,
            vp->kind, r->elapsed_ms, r->summary);
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
    switch (read_answer(p, buf, sizeof buf)) {
    case REPLY_EOF:
    case REPLY_QUIT:
        return AOD_PLAIN_ENDED;
    case REPLY_BACK:
        return do_back(p);
    case REPLY_TEXT:
        break;
    }
    size_t k = pick(buf, vp->n_answers);
    if (k == 0) {
        char why[128];
        snprintf(why, sizeof why, "\"%.40s\" is not a choice: type a number from 1 to %zu", buf,
                 vp->n_answers);
        return refuse(p, why) ? -1 : AOD_PLAIN_BAD_FILE;
    }
    aod_err_clear(&err);
    if (aod_session_probe_answer(p->s, i, k - 1, p->o->source, &err) != AOD_OK)
        return refuse(p, err.msg) ? -1 : AOD_PLAIN_BAD_FILE;
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
        if (aod_driver_run_probes(p->s, p->o->probe_timeout_ms, print_result, p, &err)) {
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

int aod_plain_run(struct aod_session *s, const struct aod_plain_opts *o)
{
    struct plain p;

    memset(&p, 0, sizeof p);
    p.s = s;
    p.o = o;
    p.out = o->out;
    for (;;) {
        struct aod_err err;
        int rc = -1;
        aod_err_clear(&err);
        const struct aod_view *v = aod_session_view(s, &err);
        if (v == NULL)
            return AOD_PLAIN_NOMEM;
        switch (v->kind) {
        case AOD_NODE_QUESTION:
            rc = step_question(&p, v);
            break;
        case AOD_NODE_INPUT:
            rc = step_input(&p, v);
            break;
        case AOD_NODE_PROBE:
            rc = step_probe(&p, v);
            break;
        case AOD_NODE_CONCLUSION:
            if (p.out != NULL) {
                aod_report_conclusion_text(p.out, v);
                fflush(p.out);
            }
            return AOD_PLAIN_CONCLUDED;
        }
        if (rc == AOD_PLAIN_ENDED && p.out != NULL) {
            fprintf(p.out, "\n(Session ended before a conclusion, at \"%s\".)\n", v->title);
            fflush(p.out);
        }
        if (rc == AOD_PLAIN_ENDED && o->in_name != NULL && p.is_eof)
            fprintf(stderr, "%s: the answers ran out at \"%s\" (%s:%s), before a conclusion\n",
                    o->in_name, v->title, v->flow_id, v->node_id);
        if (rc >= 0)
            return rc;
    }
}
