/* tui/screen_evidence.c: one probe row's whole evidence (verdict, summary, where and when it ran,
 * every field) in a scrollable pager over the probe step, so nothing a row cuts is lost. Reads
 * the result only; never runs or feeds a probe. */
#include "screen.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "loop.h"
#include "screen_chrome.h"
#include "width.h"

static void init(struct wz_state *st)
{
    (void)st;
}

/* Appends one printf'd line to the page; a page full stops adding (the pager shows what fits). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
add(char *page, size_t cap, const char *fmt, ...)
{
    size_t n = strlen(page);
    va_list ap;

    if (n + 2 >= cap)
        return;
    va_start(ap, fmt);
    vsnprintf(page + n, cap - n, fmt, ap);
    va_end(ap);
    n = strlen(page);
    if (n + 1 < cap) {
        page[n] = '\n';
        page[n + 1] = '\0';
    }
}

unsigned wz_evidence_open(struct wz_state *st, size_t i)
{
    struct wz_probe_run *pr = &st->probe;
    char *page = pr->evidence;
    size_t cap = sizeof pr->evidence;
    const struct aod_view_probe *p;
    const struct aod_probe_runner *r = &pr->run;
    const struct aod_probe_result *res = NULL;

    if (st->v == NULL || i >= st->v->n_probes)
        return REACT_NONE;
    p = &st->v->probes[i];
    if (i < r->n && r->is_reported[i] && r->has_result[i])
        res = &r->results[i];
    if (res == NULL && !p->is_done) {
        wz_status(st, ROLE_WARN, "Test %s has no result yet.", p->id);
        return REACT_REDRAW;
    }
    page[0] = '\0';
    add(page, cap, "Test: %s (%s)", p->id, p->kind);
    for (size_t k = 0; k < p->n_params; k++)
        add(page, cap, "  %s: %s", p->params[k].name, p->params[k].value);
    if (res != NULL) {
        add(page, cap, "Verdict: %s (flows read \"%s\")",
            aod_result_label(res->verdict, res->fields, res->n_fields),
            aod_verdict_word(res->verdict));
        add(page, cap, "Summary: %s", res->summary);
        add(page, cap, "Ran from: %s, started %s, took %ld ms, timeout %d ms", pr->host,
            pr->started, res->elapsed_ms, r->timeout_ms);
        add(page, cap, "Evidence fields:");
        for (size_t k = 0; k < res->n_fields; k++)
            add(page, cap, "  %s = %s", res->fields[k].name, res->fields[k].value);
    } else {
        add(page, cap, "Verdict: %s (%s)", aod_verdict_label(p->verdict),
            aod_source_word(p->source));
        add(page, cap, "Summary: %s", p->summary);
    }
    wz_screen_push(st, SCREEN_EVIDENCE);
    st->top = 0;
    return REACT_REDRAW;
}

static size_t page_rows(const struct wz_state *st)
{
    return wz_wrap(st->probe.evidence, st->lay.body.w - 2, wz_theme_is_utf8(), NULL, 0);
}

static void draw(const struct wz_state *st)
{
    const struct wz_rect *b = &st->lay.body;
    int h = b->h - 2;
    size_t n = page_rows(st);

    wz_puts(b->y, b->x + 1, b->w - 2,
            n > (size_t)h ? "Evidence (Up/Down/PgUp/PgDn scroll; Esc or q closes)"
                          : "Evidence (Esc or q closes)",
            ROLE_TITLE);
    wz_put_wrapped(b->y + 2, b->x + 1, b->w - 2, h, st->top, st->probe.evidence, ROLE_TEXT);
}

static unsigned handle(struct wz_state *st, enum aod_request req, int key)
{
    size_t n = page_rows(st);
    size_t h = st->lay.body.h > 3 ? (size_t)st->lay.body.h - 2 : 1;
    size_t last = n > h ? n - h : 0;

    (void)key;
    switch ((int)req) {
    case REQ_DOWN:
    case REQ_PAGE_DOWN:
        st->top += req == REQ_DOWN ? 1 : h - 1;
        if (st->top > last)
            st->top = last;
        return REACT_REDRAW;
    case REQ_UP:
    case REQ_PAGE_UP: {
        size_t d = req == REQ_UP ? 1 : h - 1;
        st->top = st->top > d ? st->top - d : 0;
        return REACT_REDRAW;
    }
    case REQ_FIRST:
        st->top = 0;
        return REACT_REDRAW;
    case REQ_LAST:
        st->top = last;
        return REACT_REDRAW;
    case REQ_REDRAW:
    case REQ_HELP:
        return wz_common(st, req);
    case REQ_TICK:
        return REACT_NONE;
    case REQ_CANCEL:
    case REQ_QUIT:
    case REQ_ENTER:
    case REQ_EVIDENCE:
        return wz_screen_pop(st);
    default:
        return REACT_NONE;
    }
}

static const enum aod_request footer[] = {REQ_DOWN, REQ_PAGE_DOWN, REQ_CANCEL, REQ_HELP, REQ_NONE};

const struct wz_screen_ops wz_screen_evidence = {
    .name = "evidence",
    .is_text_entry = false,
    .init = init,
    .draw = draw,
    .handle = handle,
    .footer = footer,
};
