/* tui/plain.c: line mode. Prints a node's title and text, its choices as "N) text", and a
 * prompt ending in "> " (flushed before reading). A number picks, b goes back, q quits; input
 * nodes take free text. A refused answer repeats only the prompt; input that is not a terminal
 * is echoed after its prompt, so a log shows what was chosen. No curses, no escape sequences. */
#include "plain.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aod/errcode.h"
#include "aod/text.h"
#include "aod/buf.h"
#include "code_page.h"
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
    bool is_reprompt;            /* the last answer was refused: print only the prompt again */
    size_t seen_depth;           /* trail steps already reported (presets are said when taken) */
    struct aod_probe_runner run; /* live probes; remembers the step already probed */
    /* --record: every accepted answer, as an answer file that replays this session */
    struct aod_buf rec;
};

#define GOT_TEXT (-2) /* read_reply: a line to interpret is in the buffer */

/* Text read from an answer file or a probe, made safe to print: every control character
 * (escape sequences, bidi overrides) and malformed byte becomes '?'. */
static const char *shown(char *buf, size_t cap, const char *s)
{
    aod_text_sanitize(buf, cap, s, false);
    return buf;
}

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
        if (p->o->is_echo && p->out != NULL) {
            char echo[LINE_MAX_LEN];
            fprintf(p->out, "%s\n", shown(echo, sizeof echo, buf));
        }
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

/* Appends one line to the recording (--record), cleaned: an answer file is replayed on other
 * machines and shown there, so it carries no control character either. */
static void record(struct plain *p, const char *line)
{
    if (p->o->record_path == NULL)
        return;
    /* Cleaning never makes text longer; every line recorded fits LINE_MAX_LEN. */
    char clean[LINE_MAX_LEN];
    aod_text_sanitize(clean, sizeof clean, line, false);
    aod_buf_puts(&p->rec, clean);
    aod_buf_putn(&p->rec, "\n", 1);
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
    p->is_reprompt = true;
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
    char why[128];
    char cut[41];
    snprintf(why, sizeof why, "\"%s\" is not a choice: type a number from 1 to %zu",
             shown(cut, sizeof cut, buf), n);
    return refuse(p, why) ? -1 : AOD_PLAIN_BAD_FILE;
}

/* Each step handler returns -1 to continue the walk, or an AOD_PLAIN_* code to stop. */
static int step_question(struct plain *p, const struct aod_view *v)
{
    char buf[LINE_MAX_LEN];
    struct aod_err err;

    bool is_again = p->is_reprompt;
    p->is_reprompt = false;
    if (!is_again)
        print_header(p, v);
    if (p->out != NULL) {
        if (v->commands.n_commands > 0 && !is_again) {
            /* The command that answers the question, whole, each on a line of its own. */
            fprintf(p->out, "Run on %s (%s):\n", aod_where_label(v->commands.where),
                    aod_shell_label(v->commands.shell));
            for (size_t i = 0; i < v->commands.n_commands; i++)
                fprintf(p->out, "%s\n", v->commands.commands[i]);
        }
        for (size_t i = 0; i < v->n_choices && !is_again; i++)
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

/* THE FRONT DOOR'S "CODE FOUND, NO FLOW" CASE. A symptom typed or pasted at the start flow's
 * question carries `code`, and no flow covers it: the walk has gone on to that flow's
 * not-covered outcome, which follows this line. Here the code dictionary (aovpn-doctor explain)
 * is to print the code's page; for now the line names the code. */
/* A code typed at the symptom question that no flow covers: the dictionary's page for it
 * (meaning, where it is logged, what to collect, the nearest flow), then the walk goes on to the
 * not-covered outcome. A dictionary that cannot be read costs one line, never the walk. */
static void code_without_flow(struct plain *p, uint32_t code)
{
    char canon[16];

    if (p->out == NULL)
        return;
    aod_errcode_format(code, canon, sizeof canon);
    fprintf(p->out, "\n== Error code %s: no guided check covers it yet ==\n", canon);
    if (p->o->flows_dir == NULL) {
        fprintf(p->out, "(The code dictionary is not available here.)\n");
        return;
    }
    aod_code_page_show(p->out, p->o->flows_dir, canon);
}

static int step_input(struct plain *p, const struct aod_view *v)
{
    char buf[LINE_MAX_LEN];
    struct aod_err err;

    bool is_again = p->is_reprompt;
    p->is_reprompt = false;
    /* Gone back to: the earlier answer (or a refused preset), kept by an empty line. */
    char was[LINE_MAX_LEN] = "";
    const char *def = aod_session_input_default(p->s);
    if (def != NULL && p->o->in_name == NULL)
        snprintf(was, sizeof was, "%s", def);
    if (!is_again)
        print_header(p, v);
    if (p->out != NULL) {
        if (!is_again) {
            fprintf(p->out, "Type %s", v->hint);
            if (v->placeholder[0] != '\0')
                fprintf(p->out, " (example: %s)", v->placeholder);
            fprintf(p->out, "; b back, q quit.\n");
            if (was[0] != '\0') {
                char cut[LINE_MAX_LEN];
                fprintf(p->out, "Earlier answer: %s (Enter keeps it)\n",
                        shown(cut, sizeof cut, was));
            }
        }
        fprintf(p->out, "%s> ", v->fact);
    }
    int rc = read_reply(p, buf, sizeof buf);
    if (rc != GOT_TEXT)
        return rc;
    if (was[0] != '\0' && buf[strspn(buf, " \t")] == '\0')
        snprintf(buf, sizeof buf, "%s", was);
    aod_err_clear(&err);
    bool is_symptom = v->input_type == AOD_INPUT_SYMPTOM;
    char flow_id[AOD_FLOW_MAX_ID + 1];
    snprintf(flow_id, sizeof flow_id, "%s", v->flow_id); /* the view changes on input */
    if (aod_session_input(p->s, buf, p->o->source, &err) != AOD_OK)
        return refuse(p, err.msg) ? -1 : AOD_PLAIN_BAD_FILE;
    record(p, buf);
    /* Routed to an outcome of the same flow (not to a guided check) with a code no flow has. */
    uint32_t code = 0;
    const struct aod_view *now = aod_session_view(p->s, NULL);
    if (is_symptom && p->o->cat != NULL && now != NULL && now->kind == AOD_NODE_CONCLUSION &&
        strcmp(now->flow_id, flow_id) == 0 && aod_driver_uncovered_code(p->o->cat, buf, &code))
        code_without_flow(p, code);
    return -1;
}

static void print_result(struct plain *p, const struct aod_view_probe *vp,
                         const struct aod_probe_result *r)
{
    char summary[AOD_PROBE_SUMMARY_MAX];
    if (p->out == NULL)
        return;
    if (r == NULL) {
        fprintf(p->out, "  [ERROR] %s (%s): did not finish\n", vp->id, vp->kind);
        return;
    }
    const char *from = "";
    for (size_t k = 0; k < r->n_fields; k++) {
        if (strcmp(r->fields[k].name, "source_address") == 0)
            from = r->fields[k].value;
    }
    fprintf(p->out, "  [%s] %s (%s, %ld ms%s%s): %s\n",
            aod_result_label(r->verdict, r->fields, r->n_fields), vp->id, vp->kind, r->elapsed_ms,
            from[0] != '\0' ? ", from " : "", from, shown(summary, sizeof summary, r->summary));
}

/* The runner's record sink: a live result fed to the session goes into the recording. */
static void record_line(void *ctx, const char *line)
{
    record(ctx, line);
}

/* Recorded results ("=ID VERDICT ...", see aod_result_line in driver.h) replay a session that
 * was recorded against a lab without the lab. */

/* Parses "=ID VERDICT [NAME=VALUE]... [-- SUMMARY]" and feeds it to probe ID of this step. */
static int replay_result(struct plain *p, const struct aod_view *v, const char *line)
{
    char id[LINE_MAX_LEN];
    char rec[LINE_MAX_LEN];
    struct aod_probe_result r;
    struct aod_err err;
    size_t idx = v->n_probes;
    bool is_ok = aod_result_line_parse(line, id, sizeof id, &r);

    for (size_t i = 0; is_ok && i < v->n_probes; i++) {
        if (strcmp(v->probes[i].id, id) == 0 && !v->probes[i].is_done)
            idx = i;
    }
    if (idx == v->n_probes)
        return refuse(p, "a recorded result reads \"=PROBE-ID pass|fail|inconclusive|error "
                         "[NAME=VALUE]... [-- SUMMARY]\" and names a probe of this step that has "
                         "no outcome yet")
                   ? -1
                   : AOD_PLAIN_BAD_FILE;
    /* Feeding changes the view: keep the id. A refused result is not shown as taken. */
    char pid[AOD_FLOW_MAX_ID + 1];
    snprintf(pid, sizeof pid, "%s", v->probes[idx].id);
    aod_err_clear(&err);
    if (aod_session_probe_result_from(p->s, idx, &r, p->o->source, &err) != AOD_OK)
        return refuse(p, err.msg) ? -1 : AOD_PLAIN_BAD_FILE;
    if (p->out != NULL)
        fprintf(p->out, "  [%s] %s (recorded): %s\n", aod_verdict_label(r.verdict), pid, r.summary);
    aod_result_line(rec, sizeof rec, pid, &r);
    record(p, rec);
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
    bool is_again = p->is_reprompt;
    p->is_reprompt = false;
    if (p->out != NULL) {
        if (!is_again) {
            fprintf(p->out, "\n%s\n", vp->ask);
            for (size_t k = 0; k < vp->n_answers; k++)
                fprintf(p->out, "%zu) %s\n", k + 1, vp->answers[k]);
        }
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

/* Tests the step live; false (with the reason in err) when live tests are not available. Line
 * mode prints the results in the step's order once all are in, so transcripts do not depend on
 * which probe ended first. */
static bool test_live(struct plain *p, const struct aod_view *v, struct aod_err *err)
{
    if (p->out != NULL) {
        fprintf(p->out, "Testing from this host:");
        for (size_t i = 0; i < v->n_probes; i++)
            fprintf(p->out, " %s", v->probes[i].id);
        fprintf(p->out, " ...\n");
        fflush(p->out);
    }
    if (aod_runner_start(&p->run, p->s, false, err) != AOD_RUN_STARTED)
        return false;
    aod_runner_wait(&p->run);
    for (size_t i = 0; i < v->n_probes; i++) {
        const struct aod_probe_result *r = p->run.has_result[i] ? &p->run.results[i] : NULL;
        if (r != NULL && r->verdict == AOD_VERDICT_ERROR && r->summary[0] == '\0')
            r = NULL;
        print_result(p, &v->probes[i], r);
    }
    return aod_runner_feed(&p->run, p->s, err);
}

static int step_probe(struct plain *p, const struct aod_view *v)
{
    bool is_fresh = true;
    size_t depth = aod_session_depth(p->s);

    for (size_t i = 0; i < v->n_probes; i++)
        is_fresh = is_fresh && !v->probes[i].is_done;
    if (is_fresh)
        print_header(p, v);
    if (aod_runner_want(&p->run, p->s, v) == AOD_RUN_LIVE && p->o->use_probes) {
        struct aod_err err;
        aod_err_clear(&err);
        if (test_live(p, v, &err)) {
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

/* Says each step a --fact preset answered, as the trail records it. */
static void say_presets(struct plain *p)
{
    size_t depth = aod_session_depth(p->s);
    for (size_t i = p->seen_depth; i < depth && p->out != NULL; i++) {
        const struct aod_trail_step *t = aod_session_step(p->s, i);
        char a[LINE_MAX_LEN];
        if (t->source == AOD_SOURCE_PRESET)
            fprintf(p->out, "\n== %s ==\n%s (preset)\n", t->title, shown(a, sizeof a, t->answer));
    }
    p->seen_depth = depth;
}

static int run(struct plain *p)
{
    for (;;) {
        struct aod_err err;
        int rc = -1;
        aod_err_clear(&err);
        say_presets(p);
        const struct aod_view *v = aod_session_view(p->s, &err);
        if (v == NULL) {
            fprintf(stderr, "aovpn-doctor: %s\n", err.msg);
            return AOD_PLAIN_NOMEM;
        }
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
    return fputs(p->rec.p != NULL ? p->rec.p : "", f) >= 0;
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
    aod_runner_init(&p.run, o->probe_timeout_ms, NULL, record_line, &p);
    aod_buf_init(&p.rec, SIZE_MAX);
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
        (aod_buf_failed(&p.rec) || !aod_save_atomic(o->record_path, write_recording, &p, &err))) {
        fprintf(stderr, "aovpn-doctor: cannot write the recording: %s\n",
                aod_buf_failed(&p.rec) ? "out of memory" : err.msg);
        if (rc == AOD_PLAIN_CONCLUDED)
            rc = AOD_PLAIN_ENDED;
    }
    aod_runner_clear(&p.run);
    aod_buf_free(&p.rec);
    return rc;
}
