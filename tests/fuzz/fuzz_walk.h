/* tests/fuzz/fuzz_walk.h: walks a checked catalog the way a user could, through every kind of
 * step, and checks that every string of every view and of the trail is safe to show. Shared by
 * the flow loader and answer file targets. Answers are hostile on purpose: quotes of every
 * shell, control characters, escape sequences, bidi overrides. */
#ifndef AOD_TESTS_FUZZ_WALK_H
#define AOD_TESTS_FUZZ_WALK_H

#include "fuzz_common.h"

#include "aod/flow.h"
#include "aod/session.h"

static inline void fuzz_check_cmds(const struct aod_view_cmds *c)
{
    for (size_t i = 0; i < c->n_commands; i++)
        fuzz_clean(c->commands[i], true, "view command");
}

/* Every string of the view and of the trail. */
static inline void fuzz_check_view(const struct aod_session *s, const struct aod_view *v)
{
    fuzz_clean(v->flow_id, false, "view flow_id");
    fuzz_clean(v->flow_title, false, "view flow_title");
    fuzz_clean(v->node_id, false, "view node_id");
    fuzz_clean(v->title, false, "view title");
    fuzz_clean(v->text, true, "view text");
    for (size_t i = 0; i < v->n_choices; i++)
        fuzz_clean(v->choices[i], false, "view choice");
    if (v->kind == AOD_NODE_INPUT) {
        fuzz_clean(v->fact, false, "view fact");
        fuzz_clean(v->placeholder, false, "view placeholder");
        fuzz_clean(v->hint, false, "view hint");
    }
    for (size_t i = 0; i < v->n_probes; i++) {
        const struct aod_view_probe *p = &v->probes[i];
        fuzz_clean(p->id, false, "probe id");
        fuzz_clean(p->kind, false, "probe kind");
        fuzz_clean(p->ask, true, "probe ask");
        for (size_t k = 0; k < p->n_params; k++) {
            fuzz_clean(p->params[k].name, false, "probe param name");
            fuzz_clean(p->params[k].value, false, "probe param value");
        }
        for (size_t k = 0; k < p->n_answers; k++)
            fuzz_clean(p->answers[k], false, "probe answer");
        if (p->is_done)
            fuzz_clean(p->summary, false, "probe summary");
    }
    if (v->kind == AOD_NODE_CONCLUSION) {
        fuzz_clean(v->reasoning, true, "view reasoning");
        fuzz_clean(v->caveat, true, "view caveat");
        for (size_t i = 0; i < v->n_steps; i++) {
            const struct aod_view_step *st = &v->steps[i];
            fuzz_clean(st->title, false, "step title");
            fuzz_clean(st->text, true, "step text");
            fuzz_clean(st->risk, true, "step risk");
            fuzz_clean(st->caveat, true, "step caveat");
            fuzz_clean(st->expect, true, "step expect");
            fuzz_check_cmds(&st->run);
            fuzz_check_cmds(&st->verify);
        }
        for (size_t i = 0; i < v->n_sources; i++)
            fuzz_clean(v->sources[i], false, "view source");
    }
    for (size_t i = 0; i < aod_session_depth(s); i++) {
        const struct aod_trail_step *t = aod_session_step(s, i);
        fuzz_clean(t->title, false, "trail title");
        fuzz_clean(t->answer, true, "trail answer");
    }
}

/* Values typed at input steps: valid ones of each type first, then hostile ones. */
static const char *const fuzz_inputs[] = {
    "vpn.contoso.com",
    "809",
    "0x80092013",
    "-2146885613",
    "10.0.0.1",
    "42",
    "user@contoso.com",
    "x'; Remove-Item -Recurse C:\\ #",
    "\xE2\x80\x98; calc; \xE2\x80\x99 $(id) `id` %PATH% !x! ^& \"q\"",
    "a\x1b[31mred\x07",
    ("\xE2\x80\xAE"
     "evil"),
    "\xC0\xAF",
};

/* One walk: choices picked from `seed`, up to `max_steps` steps, going back now and then. */
static inline void fuzz_walk(struct aod_session *s, unsigned seed, unsigned max_steps)
{
    struct aod_err err;

    for (unsigned step = 0; step < max_steps; step++) {
        const struct aod_view *v = aod_session_view(s, &err);
        unsigned r = seed * 2654435761u + step * 40503u;
        if (v == NULL)
            return;
        fuzz_check_view(s, v);
        if (v->kind == AOD_NODE_CONCLUSION)
            return;
        if (step > 0 && r % 11 == 3) {
            (void)aod_session_back(s, &err);
            continue;
        }
        if (step > 2 && r % 17 == 5 && aod_session_depth(s) > 1) {
            (void)aod_session_goto(s, r % aod_session_depth(s), &err);
            continue;
        }
        switch (v->kind) {
        case AOD_NODE_QUESTION:
            if (aod_session_choose(s, (r >> 4) % (v->n_choices + 1), AOD_SOURCE_USER, &err) !=
                AOD_OK)
                (void)aod_session_choose(s, 0, AOD_SOURCE_USER, &err);
            break;
        case AOD_NODE_INPUT: {
            size_t n = sizeof fuzz_inputs / sizeof fuzz_inputs[0];
            size_t first = (r >> 4) % n;
            bool ok = false;
            for (size_t k = 0; k < n && !ok; k++)
                ok = aod_session_input(s, fuzz_inputs[(first + k) % n], AOD_SOURCE_USER, &err) ==
                     AOD_OK;
            if (!ok && v->placeholder[0] != '\0')
                ok = aod_session_input(s, v->placeholder, AOD_SOURCE_USER, &err) == AOD_OK;
            if (!ok)
                return;
            break;
        }
        case AOD_NODE_PROBE:
            for (size_t i = 0; i < v->n_probes; i++) {
                if (v->probes[i].is_done)
                    continue;
                if ((r >> (4 + i)) & 1) {
                    (void)aod_session_probe_answer(s, i, (r >> 8) % v->probes[i].n_answers,
                                                   AOD_SOURCE_USER, &err);
                } else {
                    struct aod_probe_result pr;
                    memset(&pr, 0, sizeof pr);
                    pr.verdict = (enum aod_verdict)((r >> 8) % AOD_VERDICT_COUNT);
                    snprintf(pr.summary, sizeof pr.summary, "%s", fuzz_inputs[(r >> 12) % 12]);
                    pr.n_fields = 2;
                    snprintf(pr.fields[0].name, sizeof pr.fields[0].name, "verdict");
                    snprintf(pr.fields[0].value, sizeof pr.fields[0].value, "%s",
                             aod_verdict_word(pr.verdict));
                    snprintf(pr.fields[1].name, sizeof pr.fields[1].name, "detail");
                    snprintf(pr.fields[1].value, sizeof pr.fields[1].value, "%s",
                             fuzz_inputs[(r >> 16) % 12]);
                    (void)aod_session_probe_result(s, i, &pr, &err);
                }
                break; /* the view changed: look again */
            }
            break;
        case AOD_NODE_CONCLUSION:
            return;
        }
    }
}

#endif
