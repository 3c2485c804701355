/* engine/session.c: walks a checked catalog one answer at a time. Keeps the trail and an
 * append-only log of facts, so going back is a truncation. No I/O, no clock, no curses. */
#include "aod/session.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aod/errcode.h"
#include "aod/paste.h"
#include "aod/text.h"
#include "catalog_int.h"
#include "template.h"

#define PRESET_STEP     SIZE_MAX
#define CANT_TEST_LABEL "I can't test this from here"

struct fact {
    char *name;
    char *value; /* NULL: unset again from this step on (a probe field not measured this time) */
    size_t step; /* trail index that set it, or PRESET_STEP */
};

struct probe_rec {
    bool is_set;
    enum aod_verdict verdict;
    enum aod_source source;
    char summary[AOD_PROBE_SUMMARY_MAX];
    size_t answer; /* manual answer index, or SIZE_MAX when measured */
    size_t n_fields;
    struct aod_probe_field *fields;
};

struct step {
    const struct aod_flow *flow;
    const struct flow_node *node;
    char *answer;
    struct aod_trail_step pub;
};

struct aod_session {
    struct aod_catalog *cat;     /* a lazy one loads the flows a jump leads into */
    const struct aod_flow *flow; /* current */
    const struct flow_node *node;
    struct step *steps;
    size_t n_steps, cap_steps;
    struct fact *facts;
    size_t n_facts, cap_facts;
    struct probe_rec pending[AOD_FLOW_MAX_PROBES];
    struct arena view_arena;
    struct aod_view view;
    /* The answer the current input step had before going back to it: offered for editing. */
    char *prior;
    bool is_presetting; /* take_presets() is answering: moves do not call it again */
    uint64_t done;      /* fix steps marked done at the current conclusion (steps are at most 16) */
};

static void take_presets(struct aod_session *s);

/* ---- words ---- */

/* The words of the flow format and of the reports, indexed by their enums; the loader parses
 * with the same tables (flow_word_index), so a word is written down once. */
#define WORD2(name, word)         word,
#define WORD3(name, word, label)  word,
#define LABEL3(name, word, label) label,
const char *const flow_kind_words[] = {AOD_NODE_KIND_LIST(WORD2) NULL};
const char *const flow_input_type_words[] = {AOD_INPUT_TYPE_LIST(WORD2) NULL};
const char *const flow_shell_words[] = {AOD_SHELL_LIST(WORD3) NULL};
static const char *const shell_labels[] = {AOD_SHELL_LIST(LABEL3) NULL};
static const char *const source_words[] = {AOD_SOURCE_LIST(WORD2) NULL};
#define WHERE_WORD(name, word, label, title)  word,
#define WHERE_LABEL(name, word, label, title) label,
#define WHERE_TITLE(name, word, label, title) title,
const char *const flow_where_words[] = {AOD_WHERE_LIST(WHERE_WORD) NULL};
static const char *const where_labels[] = {AOD_WHERE_LIST(WHERE_LABEL) NULL};
static const char *const where_titles[] = {AOD_WHERE_LIST(WHERE_TITLE) NULL};
#undef WHERE_WORD
#undef WHERE_LABEL
#undef WHERE_TITLE
#undef WORD2
#undef WORD3
#undef LABEL3

int flow_word_index(const char *const *words, const char *w)
{
    for (int i = 0; w != NULL && words[i] != NULL; i++) {
        if (strcmp(words[i], w) == 0)
            return i;
    }
    return -1;
}

bool flow_parse_shell(const char *w, enum aod_shell *out)
{
    int i = flow_word_index(flow_shell_words, w);
    if (i >= 0)
        *out = (enum aod_shell)i;
    return i >= 0;
}

/* words[i], or "?" when i is not one of its entries. */
static const char *word_at(const char *const *words, size_t n, unsigned i)
{
    return i < n - 1 ? words[i] : "?";
}

#define WORD_AT(table, i) word_at(table, sizeof table / sizeof table[0], (unsigned)(i))

const char *aod_node_kind_word(enum aod_node_kind k)
{
    return WORD_AT(flow_kind_words, k);
}

const char *aod_input_type_word(enum aod_input_type t)
{
    return WORD_AT(flow_input_type_words, t);
}

const char *aod_shell_word(enum aod_shell sh)
{
    return WORD_AT(flow_shell_words, sh);
}

const char *aod_shell_label(enum aod_shell sh)
{
    return WORD_AT(shell_labels, sh);
}

const char *aod_source_word(enum aod_source src)
{
    return WORD_AT(source_words, src);
}

const char *aod_where_word(enum aod_where w)
{
    return WORD_AT(flow_where_words, w);
}

const char *aod_where_label(enum aod_where w)
{
    return WORD_AT(where_labels, w);
}

const char *aod_where_title(enum aod_where w)
{
    return WORD_AT(where_titles, w);
}

/* ---- facts ---- */

const char *aod_session_fact(const struct aod_session *s, const char *name)
{
    for (size_t i = s->n_facts; i > 0; i--) {
        if (strcmp(s->facts[i - 1].name, name) == 0)
            return s->facts[i - 1].value;
    }
    return NULL;
}

static const char *lookup(const void *ctx, const char *name)
{
    return aod_session_fact(ctx, name);
}

static enum aod_status fact_push(struct aod_session *s, const char *name, const char *value,
                                 size_t step)
{
    if (s->n_facts == s->cap_facts) {
        size_t cap = s->cap_facts ? s->cap_facts * 2 : 32;
        struct fact *f = realloc(s->facts, cap * sizeof *f);
        if (f == NULL)
            return AOD_E_NOMEM;
        s->facts = f;
        s->cap_facts = cap;
    }
    char *n = strdup(name);
    char *v = value != NULL ? strdup(value) : NULL;
    if (n == NULL || (value != NULL && v == NULL)) {
        free(n);
        free(v);
        return AOD_E_NOMEM;
    }
    s->facts[s->n_facts].name = n;
    s->facts[s->n_facts].value = v;
    s->facts[s->n_facts].step = step;
    s->n_facts++;
    return AOD_OK;
}

/* Input quoted back in a message, cut to buf[0..cap) at a character boundary and scrubbed of
 * control characters: the message is shown as it is. */
static const char *quoted(char *buf, size_t cap, const char *s)
{
    aod_text_sanitize(buf, cap, s, false);
    return buf;
}

enum aod_status aod_session_preset(struct aod_session *s, const char *name, const char *value,
                                   struct aod_err *err)
{
    char shown[AOD_FLOW_MAX_ID + 1];

    if (!flow_is_fact_name(name))
        return aod_err_set(err, AOD_E_INPUT,
                           "\"%s\" is not a fact name (letters, digits, '_', '.', '-')",
                           quoted(shown, sizeof shown, name));
    if (strlen(value) > AOD_FACT_VALUE_MAX || !aod_text_is_clean(value, false))
        return aod_err_set(err, AOD_E_INPUT,
                           "the value of %s must be one line of printable text (at most %d bytes)",
                           name, AOD_FACT_VALUE_MAX);
    if (fact_push(s, name, value, PRESET_STEP) != AOD_OK)
        return aod_err_set(err, AOD_E_NOMEM, "out of memory");
    take_presets(s); /* the step on show may be the input this preset answers */
    return AOD_OK;
}

/* ---- lifetime ---- */

struct aod_session *aod_session_new(struct aod_catalog *cat, const char *flow_id,
                                    struct aod_err *err)
{
    const struct aod_flow *f;
    struct aod_session *s;
    char shown[AOD_FLOW_MAX_ID + 1];

    if (!cat->is_lazy && !cat->is_checked) {
        aod_err_set(err, AOD_E_STATE, "the flows have not passed their checks");
        return NULL;
    }
    f = aod_catalog_find(cat, flow_id != NULL ? flow_id : "start");
    if (f == NULL) {
        aod_err_set(err, AOD_E_NOTFOUND, "no flow named \"%s\"",
                    quoted(shown, sizeof shown, flow_id ? flow_id : "start"));
        return NULL;
    }
    if (cat->is_lazy) { /* load it now; a broken flow says where it is broken */
        if (aod_catalog_open(cat, f->id, NULL, err) != AOD_OK)
            return NULL;
        f = aod_catalog_find(cat, f->id);
    }
    s = calloc(1, sizeof *s);
    if (s == NULL) {
        aod_err_set(err, AOD_E_NOMEM, "out of memory");
        return NULL;
    }
    s->cat = cat;
    s->flow = f;
    s->node = f->start.node;
    s->view_arena.limit = AOD_VIEW_MAX_BYTES;
    return s;
}

static void clear_pending(struct aod_session *s)
{
    for (size_t i = 0; i < AOD_FLOW_MAX_PROBES; i++) {
        free(s->pending[i].fields);
        memset(&s->pending[i], 0, sizeof s->pending[i]);
    }
}

void aod_session_free(struct aod_session *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n_steps; i++)
        free(s->steps[i].answer);
    free(s->steps);
    for (size_t i = 0; i < s->n_facts; i++) {
        free(s->facts[i].name);
        free(s->facts[i].value);
    }
    free(s->facts);
    clear_pending(s);
    arena_reset(&s->view_arena);
    free(s->prior);
    free(s);
}

/* ---- moving ---- */

/* Records the answered current node and moves to `t`. Facts set by the answer must be pushed
 * by the caller after this, with step index s->n_steps - 1. */
static enum aod_status push_step(struct aod_session *s, const char *answer, enum aod_source src)
{
    if (s->n_steps == s->cap_steps) {
        size_t cap = s->cap_steps ? s->cap_steps * 2 : 16;
        struct step *st = realloc(s->steps, cap * sizeof *st);
        if (st == NULL)
            return AOD_E_NOMEM;
        s->steps = st;
        s->cap_steps = cap;
    }
    struct step *st = &s->steps[s->n_steps];
    st->answer = strdup(answer);
    if (st->answer == NULL)
        return AOD_E_NOMEM;
    st->flow = s->flow;
    st->node = s->node;
    st->pub.flow_id = s->flow->id;
    st->pub.node_id = s->node->id;
    st->pub.title = s->node->title;
    st->pub.kind = s->node->kind;
    st->pub.answer = st->answer;
    st->pub.source = src;
    s->n_steps++;
    return AOD_OK;
}

static enum aod_status move_to(struct aod_session *s, const struct flow_target *t,
                               struct aod_err *err)
{
    free(s->prior); /* a step reached going forward has no earlier answer */
    s->prior = NULL;
    if (t->node == NULL && t->raw != NULL && s->cat->is_lazy) { /* into a flow not opened yet */
        const struct aod_flow *fl = NULL;
        const struct flow_node *nd = NULL;
        enum aod_status rc = catalog_jump(s->cat, s->flow, t, &fl, &nd, err);
        if (rc != AOD_OK) { /* stay where the answer was given, as if it had not been */
            if (s->n_steps > 0)
                aod_session_goto(s, s->n_steps - 1, NULL);
            return rc;
        }
        s->flow = fl;
        s->node = nd;
        clear_pending(s);
        take_presets(s);
        return AOD_OK;
    }
    if (t->node == NULL)
        return aod_err_set(err, AOD_E_FLOW, "target \"%s\" is not linked", t->raw ? t->raw : "");
    s->flow = t->flow;
    s->node = t->node;
    clear_pending(s);
    take_presets(s);
    return AOD_OK;
}

static enum aod_status push_sets(struct aod_session *s, const struct flow_set *sets, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (fact_push(s, sets[i].fact, sets[i].value, s->n_steps - 1) != AOD_OK)
            return AOD_E_NOMEM;
    }
    return AOD_OK;
}

enum aod_status aod_session_choose(struct aod_session *s, size_t i, enum aod_source src,
                                   struct aod_err *err)
{
    const struct flow_node *nd = s->node;

    if (nd->kind != AOD_NODE_QUESTION)
        return aod_err_set(err, AOD_E_STATE, "this step is not a question");
    if (i >= nd->n_choices)
        return aod_err_set(err, AOD_E_INPUT, "choose a number from 1 to %zu", nd->n_choices);
    if (push_step(s, nd->choices[i].label, src) != AOD_OK ||
        push_sets(s, nd->choices[i].sets, nd->choices[i].n_sets) != AOD_OK)
        return aod_err_set(err, AOD_E_NOMEM, "out of memory");
    return move_to(s, &nd->choices[i].next, err);
}

static bool is_host(const char *v)
{
    unsigned char buf[16];
    char tmp[300];
    size_t n = strlen(v);

    if (n == 0 || n > 253)
        return false;
    if (inet_pton(AF_INET, v, buf) == 1 || inet_pton(AF_INET6, v, buf) == 1)
        return true;
    if (v[0] == '[' && v[n - 1] == ']' && n - 2 < sizeof tmp) {
        memcpy(tmp, v + 1, n - 2);
        tmp[n - 2] = '\0';
        return inet_pton(AF_INET6, tmp, buf) == 1;
    }
    size_t label = 0;
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (c == '.') {
            if (label == 0 || v[i - 1] == '-')
                return false;
            label = 0;
            continue;
        }
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  (c == '-' && label > 0);
        if (!ok || ++label > 63)
            return false;
    }
    if (v[n - 1] == '-')
        return false;
    /* The last label of a name is never all digits (RFC 3696 section 2): "1", "10.1" or
     * "10.0.0.300" is a slip or a broken address, not a name. */
    size_t end = v[n - 1] == '.' ? n - 1 : n;
    size_t start = end;
    while (start > 0 && v[start - 1] != '.')
        start--;
    if (start == end)
        return false;
    for (size_t i = start; i < end; i++) {
        if (v[i] < '0' || v[i] > '9')
            return true;
    }
    return false;
}

/* Characters (not bytes) in s[0..n): max_length and the messages about it count characters. */
static size_t char_count(const char *s, size_t n)
{
    size_t chars = 0;
    for (size_t i = 0; i < n; i++) {
        if (((unsigned char)s[i] & 0xC0u) != 0x80u)
            chars++;
    }
    return chars;
}

/* Checks `text` against the node's type; writes the value to store into out[0..cap). */
static enum aod_status validate(const struct flow_node *nd, const char *text, char *out, size_t cap,
                                struct aod_err *err)
{
    char shown[81];
    size_t n;

    while (*text == ' ' || *text == '\t')
        text++;
    n = strlen(text);
    while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t' || text[n - 1] == '\r' ||
                     text[n - 1] == '\n'))
        n--;
    if (n == 0)
        return aod_err_set(err, AOD_E_INPUT, "an answer is needed here");
    if (n >= cap || char_count(text, n) > nd->max_len)
        return aod_err_set(err, AOD_E_INPUT, "that is too long: at most %zu characters",
                           nd->max_len);
    memcpy(out, text, n);
    out[n] = '\0';
    if (!aod_text_is_clean(out, false))
        return aod_err_set(err, AOD_E_INPUT,
                           "that contains a control character or invalid UTF-8; type plain text");
    switch (nd->input_type) {
    case AOD_INPUT_TEXT:
    case AOD_INPUT_SYMPTOM:
        return AOD_OK;
    case AOD_INPUT_HOST:
        if (!is_host(out))
            return aod_err_set(err, AOD_E_INPUT,
                               "\"%s\" is not a host name or IP address (example: "
                               "vpn.contoso.com)",
                               quoted(shown, sizeof shown, out));
        return AOD_OK;
    case AOD_INPUT_NUMBER: {
        char *end = NULL;
        errno = 0;
        long v = strtol(out, &end, 10);
        if (errno != 0 || end == out || *end != '\0' || v < nd->min || v > nd->max)
            return aod_err_set(err, AOD_E_INPUT, "type a whole number from %ld to %ld", nd->min,
                               nd->max);
        snprintf(out, cap, "%ld", v);
        return AOD_OK;
    }
    case AOD_INPUT_ERROR_CODE: {
        uint32_t code = 0;
        struct aod_paste paste;
        /* "809." or the whole event message: the one code in it (aod/paste.h). */
        if (!aod_errcode_parse(out, &code)) {
            aod_paste_scan(out, &paste);
            if (!aod_paste_code(&paste, &code))
                code = 0;
        }
        if (code == 0 && !aod_errcode_parse(out, &code))
            return aod_err_set(err, AOD_E_INPUT,
                               "\"%s\" is not an error code; type it as shown, for example "
                               "809, -2146885613 or 0x80092013",
                               quoted(shown, 41, out));
        aod_errcode_format(code, out, cap);
        return AOD_OK;
    }
    }
    return AOD_OK;
}

enum aod_status aod_session_input(struct aod_session *s, const char *text, enum aod_source src,
                                  struct aod_err *err)
{
    const struct flow_node *nd = s->node;
    char value[AOD_FACT_VALUE_MAX + 1];
    enum aod_status rc;

    if (nd->kind != AOD_NODE_INPUT)
        return aod_err_set(err, AOD_E_STATE, "this step does not take typed input");
    if (text == NULL)
        return aod_err_set(err, AOD_E_INPUT, "an answer is needed here");
    rc = validate(nd, text, value, sizeof value, err);
    if (rc != AOD_OK)
        return rc;
    /* A symptom is read as pasted text: its codes match in any form wherever they stand. */
    struct aod_paste paste;
    bool is_symptom = nd->input_type == AOD_INPUT_SYMPTOM;
    char code[16] = "";
    uint32_t found = 0;
    if (is_symptom) {
        aod_paste_scan(value, &paste);
        if (aod_paste_code(&paste, &found))
            aod_errcode_format(found, code, sizeof code);
    }
    const struct flow_target *t = &nd->next;
    for (size_t r = 0; r < nd->n_routes; r++) {
        for (size_t m = 0; m < nd->routes[r].n_match; m++) {
            const char *pat = nd->routes[r].match[m];
            if (is_symptom ? aod_paste_matches(&paste, value, pat)
                           : aod_answer_matches(value, pat)) {
                t = &nd->routes[r].next;
                goto matched;
            }
        }
    }
matched:
    if (push_step(s, value, src) != AOD_OK ||
        fact_push(s, nd->fact, value, s->n_steps - 1) != AOD_OK ||
        (nd->code_fact != NULL && code[0] != '\0' &&
         fact_push(s, nd->code_fact, code, s->n_steps - 1) != AOD_OK))
        return aod_err_set(err, AOD_E_NOMEM, "out of memory");
    return move_to(s, t, err);
}

static bool cond_holds(const struct aod_session *s, const struct flow_cond *c)
{
    const char *v = aod_session_fact(s, c->fact);
    if (v == NULL)
        return false;
    for (size_t i = 0; i < c->n_values; i++) {
        if (strcmp(v, c->values[i]) == 0)
            return true;
    }
    return false;
}

/* When every probe of the step has an outcome: record the step, set the facts, route. */
static enum aod_status maybe_finish_probes(struct aod_session *s, struct aod_err *err)
{
    const struct flow_node *nd = s->node;
    char answer[AOD_FLOW_MAX_PROBES * (AOD_PROBE_SUMMARY_MAX + 160)];
    size_t len = 0;
    enum aod_source src = AOD_SOURCE_PROBE;

    for (size_t i = 0; i < nd->n_probes; i++) {
        if (!s->pending[i].is_set)
            return AOD_OK;
    }
    answer[0] = '\0';
    for (size_t i = 0; i < nd->n_probes; i++) {
        const struct probe_rec *pr = &s->pending[i];
        const char *from = NULL;
        for (size_t k = 0; k < pr->n_fields; k++) {
            if (strcmp(pr->fields[k].name, "source_address") == 0)
                from = pr->fields[k].value;
        }
        int w = snprintf(answer + len, sizeof answer - len, "%s%s: %s (%s%s%s) %s", i ? "\n" : "",
                         nd->probes[i].id, aod_result_label(pr->verdict, pr->fields, pr->n_fields),
                         aod_source_word(pr->source), from != NULL ? " from " : "",
                         from != NULL ? from : "", pr->summary);
        if (w > 0 && (size_t)w < sizeof answer - len)
            len += (size_t)w;
        if (pr->source != AOD_SOURCE_PROBE)
            src = pr->source;
    }
    if (push_step(s, answer, src) != AOD_OK)
        return aod_err_set(err, AOD_E_NOMEM, "out of memory");
    size_t step = s->n_steps - 1;
    for (size_t i = 0; i < nd->n_probes; i++) {
        const struct flow_probe *fp = &nd->probes[i];
        const struct probe_rec *pr = &s->pending[i];
        char name[AOD_FLOW_MAX_ID + AOD_PROBE_FIELD_NAME_MAX + 2];
        enum aod_status rc;
        snprintf(name, sizeof name, "%s.verdict", fp->id);
        rc = fact_push(s, name, aod_verdict_word(pr->verdict), step);
        snprintf(name, sizeof name, "%s.summary", fp->id);
        if (rc == AOD_OK)
            rc = fact_push(s, name, pr->summary, step);
        /* Who gave the outcome, for a finding to quote: a measured result is the test's, any
         * other (a person, an answer file) is what you answered. */
        snprintf(name, sizeof name, "%s.by", fp->id);
        if (rc == AOD_OK)
            rc = fact_push(s, name, pr->source == AOD_SOURCE_PROBE ? "the test" : "you answered",
                           step);
        /* On a second visit, a field measured the first time but not now must not linger. */
        for (size_t k = 0; k < fp->n_fields && rc == AOD_OK; k++) {
            snprintf(name, sizeof name, "%s.%s", fp->id, fp->fields[k]);
            if (aod_session_fact(s, name) != NULL)
                rc = fact_push(s, name, NULL, step);
        }
        for (size_t k = 0; k < pr->n_fields && rc == AOD_OK; k++) {
            snprintf(name, sizeof name, "%s.%s", fp->id, pr->fields[k].name);
            rc = fact_push(s, name, pr->fields[k].value, step);
        }
        if (rc == AOD_OK && pr->answer < fp->n_answers)
            rc = push_sets(s, fp->answers[pr->answer].sets, fp->answers[pr->answer].n_sets);
        if (rc != AOD_OK)
            return aod_err_set(err, AOD_E_NOMEM, "out of memory");
    }
    const struct flow_target *t = &nd->next;
    for (size_t r = 0; r < nd->n_routes; r++) {
        bool is_match = true;
        for (size_t c = 0; c < nd->routes[r].n_when && is_match; c++)
            is_match = cond_holds(s, &nd->routes[r].when[c]);
        if (is_match) {
            t = &nd->routes[r].next;
            break;
        }
    }
    return move_to(s, t, err);
}

enum aod_status aod_session_probe_answer(struct aod_session *s, size_t p, size_t a,
                                         enum aod_source src, struct aod_err *err)
{
    const struct flow_node *nd = s->node;

    if (nd->kind != AOD_NODE_PROBE)
        return aod_err_set(err, AOD_E_STATE, "this step runs no probe");
    if (p >= nd->n_probes)
        return aod_err_set(err, AOD_E_INPUT, "there is no probe %zu at this step", p + 1);
    const struct flow_probe *fp = &nd->probes[p];
    if (a > fp->n_answers)
        return aod_err_set(err, AOD_E_INPUT, "choose a number from 1 to %zu", fp->n_answers + 1);
    struct probe_rec *pr = &s->pending[p];
    free(pr->fields);
    memset(pr, 0, sizeof *pr);
    pr->is_set = true;
    pr->source = src;
    pr->answer = a;
    if (a == fp->n_answers) {
        pr->verdict = AOD_VERDICT_INCONCLUSIVE;
        snprintf(pr->summary, sizeof pr->summary, "not tested: could not be tested from here");
    } else {
        pr->verdict = fp->answers[a].verdict;
        /* A long label is cut at a character boundary, never inside one. */
        aod_text_sanitize(pr->summary, sizeof pr->summary, fp->answers[a].label, false);
    }
    return maybe_finish_probes(s, err);
}

/* The facts a probe step sets itself for each probe ("dns.verdict", "dns.summary"): evidence
 * fields of these names would overwrite them, so they are never taken from a result. */
static bool is_reserved_field(const char *name)
{
    return strcmp(name, "verdict") == 0 || strcmp(name, "summary") == 0 || strcmp(name, "by") == 0;
}

enum aod_status aod_session_probe_result(struct aod_session *s, size_t p,
                                         const struct aod_probe_result *r, struct aod_err *err)
{
    return aod_session_probe_result_from(s, p, r, AOD_SOURCE_PROBE, err);
}

enum aod_status aod_session_probe_result_from(struct aod_session *s, size_t p,
                                              const struct aod_probe_result *r, enum aod_source src,
                                              struct aod_err *err)
{
    const struct flow_node *nd = s->node;
    char shown[AOD_PROBE_FIELD_NAME_MAX];

    if (nd->kind != AOD_NODE_PROBE)
        return aod_err_set(err, AOD_E_STATE, "this step runs no probe");
    if (p >= nd->n_probes)
        return aod_err_set(err, AOD_E_INPUT, "there is no probe %zu at this step", p + 1);
    if (r == NULL || (unsigned)r->verdict >= AOD_VERDICT_COUNT ||
        r->n_fields > AOD_PROBE_FIELDS_MAX)
        return aod_err_set(err, AOD_E_INPUT, "malformed probe result");
    /* A result someone wrote down is checked whole before anything is stored. */
    for (size_t k = 0; k < r->n_fields && src != AOD_SOURCE_PROBE; k++) {
        char name[AOD_PROBE_FIELD_NAME_MAX];
        snprintf(name, sizeof name, "%.*s", AOD_PROBE_FIELD_NAME_MAX - 1, r->fields[k].name);
        if (!flow_is_fact_name(name))
            return aod_err_set(err, AOD_E_INPUT,
                               "\"%s\" is not an evidence name (letters, digits, '_', '.', '-')",
                               quoted(shown, sizeof shown, name));
        if (is_reserved_field(name))
            return aod_err_set(err, AOD_E_INPUT,
                               "\"%s\" is a probe's own fact, not evidence: a result cannot "
                               "set it through a field",
                               name);
    }
    struct probe_rec *pr = &s->pending[p];
    free(pr->fields);
    memset(pr, 0, sizeof *pr);
    pr->fields = calloc(r->n_fields + 1, sizeof *pr->fields);
    if (pr->fields == NULL)
        return aod_err_set(err, AOD_E_NOMEM, "out of memory");
    /* Probe text came from the network: scrub it before it can reach a screen. */
    for (size_t k = 0; k < r->n_fields; k++) {
        char name[AOD_PROBE_FIELD_NAME_MAX];
        snprintf(name, sizeof name, "%.*s", AOD_PROBE_FIELD_NAME_MAX - 1, r->fields[k].name);
        if (!flow_is_fact_name(name) || is_reserved_field(name))
            continue;
        memcpy(pr->fields[pr->n_fields].name, name, sizeof name);
        char value[AOD_PROBE_FIELD_VALUE_MAX];
        snprintf(value, sizeof value, "%.*s", AOD_PROBE_FIELD_VALUE_MAX - 1, r->fields[k].value);
        aod_text_sanitize(pr->fields[pr->n_fields].value, AOD_PROBE_FIELD_VALUE_MAX, value, false);
        pr->n_fields++;
    }
    char summary[AOD_PROBE_SUMMARY_MAX];
    snprintf(summary, sizeof summary, "%.*s", AOD_PROBE_SUMMARY_MAX - 1, r->summary);
    aod_text_sanitize(pr->summary, sizeof pr->summary, summary, false);
    pr->is_set = true;
    pr->verdict = r->verdict;
    pr->source = src;
    pr->answer = SIZE_MAX;
    return maybe_finish_probes(s, err);
}

bool aod_session_is_done(const struct aod_session *s)
{
    return s->node->kind == AOD_NODE_CONCLUSION;
}

/* The value preset for the fact of the current input step, when the latest value of that fact
 * is the preset (a later answer has not replaced it); NULL otherwise. */
static const char *preset_of(const struct aod_session *s)
{
    if (s->node == NULL || s->node->kind != AOD_NODE_INPUT || s->node->fact == NULL)
        return NULL;
    for (size_t i = s->n_facts; i > 0; i--) {
        const struct fact *f = &s->facts[i - 1];
        if (strcmp(f->name, s->node->fact) == 0)
            return f->step == PRESET_STEP ? f->value : NULL;
    }
    return NULL;
}

/* Answers each input step that a preset answers, as AOD_SOURCE_PRESET, going forward only: a
 * step gone back to is asked (with its earlier answer), never answered again. A preset the
 * step refuses stays in the field for the user to correct. Bounded: a flow may loop. */
static void take_presets(struct aod_session *s)
{
    if (s->is_presetting)
        return;
    s->is_presetting = true;
    for (int guard = 0; guard < 64; guard++) {
        const char *v = preset_of(s);
        char copy[AOD_FACT_VALUE_MAX + 1];
        if (v == NULL || strlen(v) >= sizeof copy)
            break;
        memcpy(copy, v, strlen(v) + 1); /* the input pushes facts: v may move */
        const struct flow_node *was = s->node;
        size_t depth = s->n_steps;
        if (aod_session_input(s, copy, AOD_SOURCE_PRESET, NULL) != AOD_OK ||
            (s->node == was && s->n_steps == depth))
            break;
    }
    s->is_presetting = false;
}

const char *aod_session_input_default(const struct aod_session *s)
{
    if (s->node == NULL || s->node->kind != AOD_NODE_INPUT)
        return NULL;
    if (s->prior != NULL)
        return s->prior;
    const char *v = preset_of(s);
    return v;
}

size_t aod_session_depth(const struct aod_session *s)
{
    return s->n_steps;
}

const struct aod_trail_step *aod_session_step(const struct aod_session *s, size_t i)
{
    return i < s->n_steps ? &s->steps[i].pub : NULL;
}

enum aod_status aod_session_goto(struct aod_session *s, size_t i, struct aod_err *err)
{
    if (i >= s->n_steps)
        return aod_err_set(err, AOD_E_STATE, "there is no step %zu to go back to", i + 1);
    s->flow = s->steps[i].flow;
    s->node = s->steps[i].node;
    free(s->prior);
    s->prior = NULL;
    if (s->node->kind == AOD_NODE_INPUT) { /* kept as the earlier answer, offered for editing */
        s->prior = s->steps[i].answer;
        s->steps[i].answer = NULL;
    }
    for (size_t k = i; k < s->n_steps; k++)
        free(s->steps[k].answer);
    s->n_steps = i;
    /* Drop every fact set at step i or later; presets stay. */
    size_t w = 0;
    for (size_t k = 0; k < s->n_facts; k++) {
        if (s->facts[k].step != PRESET_STEP && s->facts[k].step >= i) {
            free(s->facts[k].name);
            free(s->facts[k].value);
        } else {
            s->facts[w++] = s->facts[k];
        }
    }
    s->n_facts = w;
    clear_pending(s);
    s->done = 0; /* marks belong to the conclusion left behind */
    return AOD_OK;
}

enum aod_status aod_session_mark_done(struct aod_session *s, size_t i, bool is_done,
                                      struct aod_err *err)
{
    if (s->node->kind != AOD_NODE_CONCLUSION)
        return aod_err_set(err, AOD_E_STATE, "this step is not a conclusion");
    if (i >= s->node->n_steps || i >= 64)
        return aod_err_set(err, AOD_E_INPUT, "there is no fix step %zu", i + 1);
    if (is_done)
        s->done |= (uint64_t)1 << i;
    else
        s->done &= ~((uint64_t)1 << i);
    return AOD_OK;
}

enum aod_status aod_session_back(struct aod_session *s, struct aod_err *err)
{
    if (s->node->kind == AOD_NODE_PROBE) {
        for (size_t i = 0; i < s->node->n_probes; i++) {
            if (s->pending[i].is_set) {
                clear_pending(s);
                return AOD_OK;
            }
        }
    }
    if (s->n_steps == 0)
        return aod_err_set(err, AOD_E_STATE, "this is the first step");
    return aod_session_goto(s, s->n_steps - 1, err);
}

/* ---- the view ---- */

/* Expands a template of the current node into the view's arena: *out is the text with its
 * {{facts}} filled in ("" for an absent member). False when the arena is full or out of memory;
 * aod_session_view then fails as a whole, so no caller ever sees a NULL string in a view. */
static bool view_expand(struct aod_session *s, const char *tpl, const char **out)
{
    *out = tpl != NULL
               ? tpl_expand(&s->view_arena, tpl, false, AOD_SHELL_POWERSHELL, lookup, s, NULL)
               : "";
    return *out != NULL;
}

static bool view_cmds(struct aod_session *s, const struct flow_cmds *in, struct aod_view_cmds *out)
{
    const char **cmds = arena_alloc(&s->view_arena, (in->n_commands + 1) * sizeof *cmds);

    if (cmds == NULL)
        return false;
    out->shell = in->shell;
    out->where = in->where;
    out->is_incomplete = false;
    for (size_t i = 0; i < in->n_commands; i++) {
        cmds[i] = tpl_expand(&s->view_arena, in->commands[i], true, in->shell, lookup, s,
                             &out->is_incomplete);
        if (cmds[i] == NULL)
            return false;
    }
    out->commands = cmds;
    out->n_commands = in->n_commands;
    return true;
}

static bool input_hint(struct aod_session *s, const struct flow_node *nd, const char **out)
{
    char buf[160];
    switch (nd->input_type) {
    case AOD_INPUT_TEXT:
        snprintf(buf, sizeof buf, "free text, up to %zu characters", nd->max_len);
        break;
    case AOD_INPUT_HOST:
        snprintf(buf, sizeof buf, "a host name such as vpn.contoso.com, or an IP address");
        break;
    case AOD_INPUT_NUMBER:
        snprintf(buf, sizeof buf, "a whole number from %ld to %ld", nd->min, nd->max);
        break;
    case AOD_INPUT_ERROR_CODE:
        snprintf(buf, sizeof buf, "an error code as shown: 809, -2146885613 or 0x80092013");
        break;
    case AOD_INPUT_SYMPTOM:
        snprintf(buf, sizeof buf,
                 "a code, an event ID, words, or the message as Windows shows it, up to %zu "
                 "characters",
                 nd->max_len);
        break;
    }
    *out = arena_strdup(&s->view_arena, buf);
    return *out != NULL;
}

static bool view_probes(struct aod_session *s, const struct flow_node *nd, struct aod_view *v)
{
    struct aod_view_probe *vp = arena_alloc(&s->view_arena, (nd->n_probes + 1) * sizeof *vp);

    if (vp == NULL)
        return false;
    for (size_t i = 0; i < nd->n_probes; i++) {
        const struct flow_probe *fp = &nd->probes[i];
        struct aod_param *params = arena_alloc(&s->view_arena, (fp->n_params + 1) * sizeof *params);
        const char **answers = arena_alloc(&s->view_arena, (fp->n_answers + 2) * sizeof *answers);
        if (params == NULL || answers == NULL)
            return false;
        for (size_t k = 0; k < fp->n_params; k++) {
            params[k].name = fp->params[k].name;
            if (!view_expand(s, fp->params[k].value, &params[k].value))
                return false;
        }
        for (size_t k = 0; k < fp->n_answers; k++) {
            if (!view_expand(s, fp->answers[k].label, &answers[k]))
                return false;
        }
        answers[fp->n_answers] = CANT_TEST_LABEL;
        vp[i].id = fp->id;
        vp[i].kind = fp->kind;
        vp[i].params = params;
        vp[i].n_params = fp->n_params;
        if (!view_expand(s, fp->ask, &vp[i].ask))
            return false;
        vp[i].answers = answers;
        vp[i].n_answers = fp->n_answers + 1;
        vp[i].is_done = s->pending[i].is_set;
        vp[i].verdict = s->pending[i].verdict;
        vp[i].source = s->pending[i].source;
        vp[i].summary = s->pending[i].summary;
    }
    v->probes = vp;
    v->n_probes = nd->n_probes;
    return true;
}

static bool view_conclusion(struct aod_session *s, const struct flow_node *nd, struct aod_view *v)
{
    struct aod_view_step *st = arena_alloc(&s->view_arena, (nd->n_steps + 1) * sizeof *st);
    const char **src = arena_alloc(&s->view_arena, (nd->n_sources + 1) * sizeof *src);

    if (st == NULL || src == NULL || !view_expand(s, nd->reasoning, &v->reasoning) ||
        !view_expand(s, nd->caveat, &v->caveat))
        return false;
    for (size_t i = 0; i < nd->n_steps; i++) {
        const struct flow_step *fs = &nd->steps[i];
        if (!view_expand(s, fs->title, &st[i].title) || !view_expand(s, fs->text, &st[i].text) ||
            !view_expand(s, fs->risk, &st[i].risk) || !view_expand(s, fs->caveat, &st[i].caveat) ||
            !view_expand(s, fs->expect, &st[i].expect) || !view_cmds(s, &fs->run, &st[i].run) ||
            !view_cmds(s, &fs->verify, &st[i].verify))
            return false;
        st[i].is_reference = fs->is_reference;
        st[i].is_done = i < 64 && (s->done >> i & 1u) != 0;
    }
    for (size_t i = 0; i < nd->n_sources; i++)
        src[i] = nd->sources[i];
    v->checked = nd->checked;
    v->steps = st;
    v->n_steps = nd->n_steps;
    v->sources = src;
    v->n_sources = nd->n_sources;
    return true;
}

static bool view_node(struct aod_session *s, const struct flow_node *nd, struct aod_view *v)
{
    if (!view_expand(s, nd->title, &v->title) || !view_expand(s, nd->text, &v->text))
        return false;
    switch (nd->kind) {
    case AOD_NODE_QUESTION: {
        const char **ch = arena_alloc(&s->view_arena, (nd->n_choices + 1) * sizeof *ch);
        if (ch == NULL)
            return false;
        for (size_t i = 0; i < nd->n_choices; i++) {
            if (!view_expand(s, nd->choices[i].label, &ch[i]))
                return false;
        }
        v->choices = ch;
        v->n_choices = nd->n_choices;
        return view_cmds(s, &nd->ask, &v->commands);
    }
    case AOD_NODE_INPUT:
        v->input_type = nd->input_type;
        v->fact = nd->fact;
        return view_expand(s, nd->placeholder, &v->placeholder) && input_hint(s, nd, &v->hint);
    case AOD_NODE_PROBE:
        return view_probes(s, nd, v);
    case AOD_NODE_CONCLUSION:
        return view_conclusion(s, nd, v);
    }
    return false;
}

const struct aod_view *aod_session_view(struct aod_session *s, struct aod_err *err)
{
    const struct flow_node *nd = s->node;
    struct aod_view *v = &s->view;

    arena_reset(&s->view_arena);
    memset(v, 0, sizeof *v);
    v->kind = nd->kind;
    v->flow_id = s->flow->id;
    v->flow_title = s->flow->title;
    v->node_id = nd->id;
    v->reasoning = "";
    v->caveat = "";
    v->checked = "";
    v->placeholder = "";
    v->hint = "";
    if (!view_node(s, nd, v)) {
        bool is_too_large = s->view_arena.is_over_limit;
        /* Nothing of a half-built view may be used: drop it. */
        arena_reset(&s->view_arena);
        memset(v, 0, sizeof *v);
        if (is_too_large)
            aod_err_set(err, AOD_E_NOMEM,
                        "step \"%s\" of flow \"%s\" is too large to show: with its facts filled "
                        "in, its text passes %u bytes",
                        nd->id, s->flow->id, AOD_VIEW_MAX_BYTES);
        else
            aod_err_set(err, AOD_E_NOMEM, "out of memory");
        return NULL;
    }
    return v;
}
