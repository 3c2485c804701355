/* tui/width.c: measures and wraps UTF-8 text by display cells (mbrtowc-free: decoding is
 * aod_utf8_decode, width is wcwidth). No curses; the one place that knows how wide text is. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* wcwidth */
#endif
#include "width.h"

#include <wchar.h>

#include "aod/text.h"

int wz_cp_width(unsigned long cp, bool is_utf8)
{
    if (!is_utf8 || aod_is_control(cp))
        return 1;
    int w = wcwidth((wchar_t)cp);
    if (w < 0)
        return 1; /* unknown to the locale: drawn as one replacement cell */
    return w > 2 ? 2 : w;
}

/* Decodes one character at s[0..len); a malformed byte counts as one character of its own. */
static size_t step(const char *s, size_t len, unsigned long *cp)
{
    size_t n = aod_utf8_decode(s, len, cp);
    if (n == 0) {
        *cp = 0xFFFD;
        return 1;
    }
    return n;
}

int wz_text_width(const char *s, size_t len, bool is_utf8)
{
    int w = 0;
    size_t i = 0;
    while (i < len) {
        unsigned long cp;
        i += step(s + i, len - i, &cp);
        w += wz_cp_width(cp, is_utf8);
    }
    return w;
}

size_t wz_text_fit(const char *s, size_t len, int cols, bool is_utf8, int *used)
{
    int w = 0;
    size_t i = 0;
    while (i < len) {
        unsigned long cp;
        size_t n = step(s + i, len - i, &cp);
        int cw = wz_cp_width(cp, is_utf8);
        if (w + cw > cols)
            break;
        w += cw;
        i += n;
    }
    if (used != NULL)
        *used = w;
    return i;
}

/* Finds the end of one line of the paragraph s[0..len): returns the bytes it takes and, in
 * *skip, how many bytes after it are dropped (the space at a word break). */
static size_t line_end(const char *s, size_t len, int width, bool is_utf8, int *lw, size_t *skip)
{
    int used;
    size_t fit = wz_text_fit(s, len, width, is_utf8, &used);
    *skip = 0;
    *lw = used;
    if (fit == len)
        return len;
    if (s[fit] == ' ') {
        *skip = 1;
        return fit;
    }
    for (size_t k = fit; k > 1; k--) { /* a space at the very start is kept */
        if (s[k - 1] == ' ') {
            *lw = wz_text_width(s, k - 1, is_utf8);
            *skip = 1;
            return k - 1;
        }
    }
    if (fit == 0) { /* a character wider than the line: give it a line of its own */
        unsigned long cp;
        size_t n = step(s, len, &cp);
        *lw = wz_cp_width(cp, is_utf8);
        return n;
    }
    return fit;
}

size_t wz_wrap(const char *s, int width, bool is_utf8, struct wz_span *out, size_t cap)
{
    size_t n = 0;
    size_t pos = 0;
    size_t total = 0;

    if (width < 1 || s == NULL)
        return 0;
    while (s[total] != '\0')
        total++;
    for (;;) {
        size_t par_end = pos;
        while (par_end < total && s[par_end] != '\n')
            par_end++;
        size_t p = pos;
        do {
            int lw = 0;
            size_t skip = 0;
            size_t len = line_end(s + p, par_end - p, width, is_utf8, &lw, &skip);
            if (n < cap) {
                out[n].off = p;
                out[n].len = len;
                out[n].width = lw;
            }
            n++;
            p += len + skip;
        } while (p < par_end);
        if (par_end >= total)
            break;
        pos = par_end + 1;
    }
    return n;
}
