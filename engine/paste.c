/* engine/paste.c: reads pasted Windows text (event messages, AuthZ log lines, codes with
 * punctuation) into its error codes, event IDs and symbolic error names. No I/O, no allocation:
 * the result has fixed caps. */
#include "aod/paste.h"

#include <stdio.h>
#include <string.h>

#include "aod/errcode.h"

#define CUE_WORDS 5  /* how far back "error" or "code" makes a number a sure error code */
#define CUE_LEN   12 /* longer words are no cue */

/* Events whose message only carries the error code of a failure. */
static const uint32_t carriers[] = {20227};

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(char c)
{
    return is_digit(c) || is_alpha(c);
}

static bool is_word(char c)
{
    return is_alnum(c) || c == '_';
}

static bool is_hex(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool is_carrier(uint32_t v)
{
    for (size_t i = 0; i < sizeof carriers / sizeof carriers[0]; i++) {
        if (carriers[i] == v)
            return true;
    }
    return false;
}

/* The last few words before the current token, lower case, newest at [0]. */
struct cues {
    char w[CUE_WORDS][CUE_LEN];
};

static void cue_push(struct cues *c, const char *s, size_t n)
{
    memmove(c->w[1], c->w[0], sizeof c->w - sizeof c->w[0]);
    if (n >= CUE_LEN)
        n = 0; /* too long to be a cue: remembered as a word that is none */
    for (size_t i = 0; i < n; i++)
        c->w[0][i] = lower(s[i]);
    c->w[0][n] = '\0';
}

static bool cue_is_event(const struct cues *c)
{
    return strcmp(c->w[0], "event") == 0 || strcmp(c->w[0], "eventid") == 0 ||
           strcmp(c->w[0], "id") == 0;
}

static bool cue_is_error(const struct cues *c)
{
    static const char *const words[] = {"error", "code", "errorcode", "hresult", "status"};
    for (size_t i = 0; i < CUE_WORDS; i++) {
        for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
            if (strcmp(c->w[i], words[k]) == 0)
                return true;
        }
    }
    return false;
}

/* A number inside a date, time, version, address, path or GUID is part of something else. */
static bool is_compound(const char *text, const char *start, const char *end)
{
    if (start - text >= 2) {
        char sep = start[-1];
        char before = start[-2];
        if ((sep == '.' || sep == ':') && is_digit(before))
            return true;
        if ((sep == '/' || sep == '\\' || sep == '-' || sep == '@') && is_alnum(before))
            return true;
    }
    if (end[0] != '\0') {
        char sep = end[0];
        char after = end[1];
        if ((sep == '.' || sep == ':') && is_digit(after))
            return true;
        if ((sep == '/' || sep == '\\' || sep == '-' || sep == '@') && is_alnum(after))
            return true;
    }
    return false;
}

/* Reads token s[0..n) (a run of word characters), `is_neg` when a lone '-' comes before it.
 * Sets *is_sure for the forms that can only be codes (hex, negative). */
static bool token_code(const char *s, size_t n, bool is_neg, uint32_t *out, bool *is_sure)
{
    char buf[24];
    size_t digits = 0;

    if (n == 0 || n > 18)
        return false;
    for (size_t i = 0; i < n; i++)
        digits += is_digit(s[i]) ? 1 : 0;
    if (digits == n && !(n == 8 && s[0] >= '8' && !is_neg)) {
        if (n > 10)
            return false;
        snprintf(buf, sizeof buf, "%s%.*s", is_neg ? "-" : "", (int)n, s);
        *is_sure = is_neg;
        return aod_errcode_parse(buf, out);
    }
    if (is_neg)
        return false;
    if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        snprintf(buf, sizeof buf, "%.*s", (int)n, s);
        *is_sure = true;
        return aod_errcode_parse(buf, out);
    }
    /* "80092013", "800B0109": an HRESULT printed without its 0x (the severity bit set); no
     * Windows error code is a decimal that long. */
    if (n == 8 && digits > 0 && (is_digit(s[0]) ? s[0] >= '8' : is_hex(s[0]))) {
        for (size_t i = 0; i < n; i++) {
            if (!is_hex(s[i]))
                return false;
        }
        snprintf(buf, sizeof buf, "0x%.*s", (int)n, s);
        *is_sure = true;
        return aod_errcode_parse(buf, out);
    }
    return false;
}

static void add_code(struct aod_paste *p, const struct aod_paste_code *c)
{
    for (size_t i = 0; i < p->n_codes; i++) {
        struct aod_paste_code *o = &p->codes[i];
        if (o->value == c->value && o->is_event == c->is_event) {
            o->is_strong = o->is_strong || c->is_strong;
            return;
        }
    }
    if (p->n_codes < AOD_PASTE_MAX_CODES)
        p->codes[p->n_codes++] = *c;
}

/* "ESTS_TOKEN_ERROR": capitals, digits and '_', with a '_' and a letter. */
static void maybe_add_word(struct aod_paste *p, const char *s, size_t n)
{
    bool has_under = false;
    bool has_letter = false;

    if (n >= AOD_PASTE_WORD_MAX || p->n_words >= AOD_PASTE_MAX_WORDS)
        return;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '_')
            has_under = true;
        else if (s[i] >= 'A' && s[i] <= 'Z')
            has_letter = true;
        else if (!is_digit(s[i]))
            return;
    }
    if (!has_under || !has_letter)
        return;
    for (size_t i = 0; i < p->n_words; i++) {
        if (strlen(p->words[i]) == n && memcmp(p->words[i], s, n) == 0)
            return;
    }
    memcpy(p->words[p->n_words], s, n);
    p->words[p->n_words][n] = '\0';
    p->n_words++;
}

void aod_paste_scan(const char *text, struct aod_paste *out)
{
    struct cues cues;
    const char *p = text != NULL ? text : "";
    const char *list_end = NULL; /* where the last event ID ended: "Id=20227,20221" */
    size_t n_tokens = 0;
    bool has_error = false;

    memset(out, 0, sizeof *out);
    memset(&cues, 0, sizeof cues);
    text = p;
    while (*p != '\0') {
        if (!is_word(*p)) {
            p++;
            continue;
        }
        const char *start = p;
        while (is_word(*p))
            p++;
        size_t n = (size_t)(p - start);
        bool is_neg =
            start - text >= 1 && start[-1] == '-' && (start - text == 1 || !is_alnum(start[-2]));
        bool is_sure = false;
        uint32_t v = 0;
        n_tokens++;
        if (!is_compound(text, is_neg ? start - 1 : start, p) &&
            token_code(start, n, is_neg, &v, &is_sure) && v != 0) {
            struct aod_paste_code c = {.value = v};
            bool is_listed =
                list_end != NULL && strspn(list_end, ", ") == (size_t)(start - list_end);
            c.is_carrier = !is_sure && is_carrier(v);
            c.is_event = !is_sure && (cue_is_event(&cues) || is_listed || c.is_carrier);
            c.is_strong = !c.is_event && (is_sure || cue_is_error(&cues));
            list_end = c.is_event ? p : NULL;
            has_error = has_error || !c.is_event;
            add_code(out, &c);
        } else {
            maybe_add_word(out, start, n);
            list_end = NULL;
        }
        cue_push(&cues, start, n);
    }
    /* A paste that is nothing but one code is that code. */
    if (n_tokens == 1 && out->n_codes == 1 && !out->codes[0].is_event)
        out->codes[0].is_strong = true;
    for (size_t i = 0; i < out->n_codes; i++)
        out->needs_code = out->needs_code || (out->codes[i].is_carrier && !has_error);
}

bool aod_paste_has_code(const struct aod_paste *p, uint32_t code)
{
    for (size_t i = 0; i < p->n_codes; i++) {
        const struct aod_paste_code *c = &p->codes[i];
        if (c->is_carrier && !p->needs_code)
            continue;
        if (c->value == code)
            return true;
    }
    return false;
}

bool aod_paste_code(const struct aod_paste *p, uint32_t *out)
{
    const struct aod_paste_code *weak = NULL;

    for (size_t i = 0; i < p->n_codes; i++) {
        const struct aod_paste_code *c = &p->codes[i];
        if (c->is_event)
            continue;
        if (c->is_strong) {
            *out = c->value;
            return true;
        }
        if (weak == NULL)
            weak = c;
    }
    if (weak == NULL)
        return false;
    *out = weak->value;
    return true;
}

bool aod_paste_matches(const struct aod_paste *p, const char *text, const char *pattern)
{
    uint32_t want = 0;

    if (pattern == NULL || *pattern == '\0')
        return false;
    if (aod_errcode_parse(pattern, &want))
        return aod_paste_has_code(p, want);
    return aod_answer_matches(text != NULL ? text : "", pattern);
}
