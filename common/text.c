/* common/text.c: UTF-8 validation and the one control-character cleaner, for text that comes
 * from flow files, typed answers and the network (engine, probes and TUI alike). No locale, no
 * I/O. */
#include "aod/text.h"

#include <stdint.h>
#include <string.h>

#define ONES  0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Eight bytes at once (flows are mostly ASCII): are they all below 0x80? */
static bool ascii8(const char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return (w & HIGHS) == 0;
}

/* ... and all printable: no byte below 0x20, none equal to 0x7F (bit-twiddling "hasless" and
 * "haszero"; a false alarm only sends the bytes to the careful loop). */
static bool printable8(const char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    if ((w & HIGHS) != 0 || ((w - ONES * 0x20) & ~w & HIGHS) != 0)
        return false;
    uint64_t x = w ^ (ONES * 0x7F);
    return ((x - ONES) & ~x & HIGHS) == 0;
}

size_t aod_utf8_decode(const char *s, size_t len, unsigned long *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned long c;
    size_t n;

    if (len == 0)
        return 0;
    if (u[0] < 0x80) {
        c = u[0];
        n = 1;
    } else if (u[0] >= 0xC2 && u[0] <= 0xDF) {
        c = u[0] & 0x1Fu;
        n = 2;
    } else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
        c = u[0] & 0x0Fu;
        n = 3;
    } else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
        c = u[0] & 0x07u;
        n = 4;
    } else {
        return 0;
    }
    if (n > len)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0u) != 0x80u)
            return 0;
        c = (c << 6) | (u[i] & 0x3Fu);
    }
    /* Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8. */
    if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10FFFF ||
        (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    if (cp != NULL)
        *cp = c;
    return n;
}

bool aod_utf8_valid(const char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        if (i + 8 <= len && ascii8(s + i)) {
            i += 8;
            continue;
        }
        if ((unsigned char)s[i] < 0x80) { /* ASCII: the common case, no decoding needed */
            i++;
            continue;
        }
        size_t n = aod_utf8_decode(s + i, len - i, NULL);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

bool aod_is_control(unsigned long cp)
{
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
        return true;
    /* Bidi embeddings, overrides and isolates can make a shown command differ from the copied
     * one ("Trojan Source"); treat them as control characters too. */
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
        return true;
    /* The invisible direction marks (LRM, RLM, ALM) reorder the neutral characters around them
     * just as well; line and paragraph separators break a line where no '\n' shows. */
    if (cp == 0x200E || cp == 0x200F || cp == 0x061C)
        return true;
    return cp == 0x2028 || cp == 0x2029;
}

size_t aod_text_sanitize_n(char *dst, size_t cap, const char *src, size_t n_src, bool keep_newlines)
{
    size_t need = 0; /* bytes the whole result needs */
    size_t used = 0; /* bytes written to dst */
    bool is_full = cap == 0;
    size_t len = strnlen(src, n_src);
    size_t i = 0;

    while (i < len) {
        unsigned long cp = 0;
        size_t n = aod_utf8_decode(src + i, len - i, &cp);
        const char *piece = src + i;
        size_t plen = n;

        if (n == 0) {
            piece = "?";
            plen = 1;
            n = 1;
        } else if (aod_is_control(cp) && !(keep_newlines && cp == '\n')) {
            piece = cp == '\t' ? " " : "?";
            plen = 1;
        }
        /* Copy whole characters only, so a cut never leaves half a UTF-8 sequence. */
        if (!is_full && used + plen < cap) {
            for (size_t k = 0; k < plen; k++)
                dst[used + k] = piece[k];
            used += plen;
        } else {
            is_full = true;
        }
        need += plen;
        i += n;
    }
    if (cap > 0)
        dst[used] = '\0';
    return need;
}

size_t aod_text_sanitize(char *dst, size_t cap, const char *src, bool keep_newlines)
{
    return aod_text_sanitize_n(dst, cap, src, strlen(src), keep_newlines);
}

bool aod_text_is_clean(const char *s, bool allow_newline)
{
    size_t len = strlen(s);
    size_t i = 0;

    while (i < len) {
        if (i + 8 <= len && printable8(s + i)) {
            i += 8;
            continue;
        }
        unsigned char b = (unsigned char)s[i];
        if (b >= 0x20 && b < 0x7F) { /* printable ASCII: the common case */
            i++;
            continue;
        }
        unsigned long cp = 0;
        size_t n = aod_utf8_decode(s + i, len - i, &cp);
        if (n == 0)
            return false;
        if (aod_is_control(cp) && !(allow_newline && cp == '\n'))
            return false;
        i += n;
    }
    return true;
}
