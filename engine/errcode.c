/* engine/errcode.c: reads Windows error codes as people paste them (decimal, signed HRESULT,
 * hex) and matches typed answers against routing words. No I/O. */
#include "aod/errcode.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Parses exactly s[0..len) as a code. */
static bool is_hex_digit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Eight hex digits whose first has the severity bit (8-9, a-f): an HRESULT copied without its
 * "0x". No Windows error code is a decimal that long, so "80092013" is 0x80092013, as the
 * front door's tokenizer reads it too (engine/paste.c). */
static bool is_bare_hresult(const char *p)
{
    if (strlen(p) != 8 || !((p[0] >= '8' && p[0] <= '9') || (p[0] >= 'a' && p[0] <= 'f') ||
                            (p[0] >= 'A' && p[0] <= 'F')))
        return false;
    for (size_t i = 0; i < 8; i++) {
        if (!is_hex_digit(p[i]))
            return false;
    }
    return true;
}

static bool parse_span(const char *s, size_t len, uint32_t *out)
{
    char buf[32];
    char *end = NULL;
    bool is_neg = false;
    bool is_hex = false;
    const char *p = buf;

    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (*p == '-') {
        is_neg = true;
        p++;
    } else if (*p == '+') {
        p++;
    }
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        is_hex = true;
        p += 2;
    } else if (!is_neg && is_bare_hresult(p)) {
        is_hex = true; /* "80092013", "800B0109": an HRESULT written without its 0x */
    }
    if (*p == '\0')
        return false;
    for (const char *q = p; *q != '\0'; q++) {
        bool ok = is_hex ? ((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'f') ||
                            (*q >= 'A' && *q <= 'F'))
                         : (*q >= '0' && *q <= '9');
        if (!ok)
            return false;
    }
    errno = 0;
    unsigned long long v = strtoull(p, &end, is_hex ? 16 : 10);
    if (errno != 0 || end == p || *end != '\0')
        return false;
    if (is_neg) {
        if (is_hex || v == 0 || v > 0x80000000ULL)
            return false;
        *out = (uint32_t)(0x100000000ULL - v);
        return true;
    }
    if (v > 0xFFFFFFFFULL)
        return false;
    *out = (uint32_t)v;
    return true;
}

bool aod_errcode_parse(const char *s, uint32_t *out)
{
    size_t len;
    uint32_t v = 0;

    if (s == NULL || out == NULL)
        return false;
    while (is_blank(*s))
        s++;
    len = strlen(s);
    while (len > 0 && is_blank(s[len - 1]))
        len--;
    if (!parse_span(s, len, &v))
        return false;
    *out = v;
    return true;
}

void aod_errcode_format(uint32_t code, char *buf, size_t cap)
{
    /* Eight decimal digits from 8 on would read back as a bare HRESULT: those go in hex too. */
    if (code >= 0x80000000u || (code >= 80000000u && code <= 99999999u))
        snprintf(buf, cap, "0x%08X", (unsigned)code);
    else
        snprintf(buf, cap, "%u", (unsigned)code);
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool phrase_at(const char *a, const char *pat, size_t plen)
{
    for (size_t i = 0; i < plen; i++) {
        if (a[i] == '\0' || lower(a[i]) != lower(pat[i]))
            return false;
    }
    return true;
}

bool aod_answer_matches(const char *answer, const char *pattern)
{
    uint32_t want = 0;
    size_t plen;

    if (answer == NULL || pattern == NULL || *pattern == '\0')
        return false;
    if (aod_errcode_parse(pattern, &want)) {
        /* Compare every token made of code characters ('-', 'x', hex digits). */
        const char *p = answer;
        while (*p != '\0') {
            size_t n = 0;
            while (p[n] != '\0' && (is_word_char(p[n]) || p[n] == '-' || p[n] == '+'))
                n++;
            uint32_t got = 0;
            if (n > 0 && parse_span(p, n, &got) && got == want)
                return true;
            p += n > 0 ? n : 1;
        }
        return false;
    }
    plen = strlen(pattern);
    for (const char *p = answer; *p != '\0'; p++) {
        if (p != answer && is_word_char(p[-1]))
            continue;
        if (phrase_at(p, pattern, plen) && !is_word_char(p[plen]))
            return true;
    }
    return false;
}
