/* tui/osc52.c: copies text to the clipboard with OSC 52, which terminal emulators honour also
 * through SSH. The only escape sequence the wizard writes by hand; the payload is base64, so
 * no text from a flow can reach the terminal as a control sequence. */
#include "osc52.h"

#include <stdlib.h>
#include <string.h>

/* Many terminals drop longer OSC 52 requests (xterm's default limit is about 100 KB). */
#define OSC52_MAX_TEXT 74000

size_t wz_base64(const unsigned char *src, size_t len, char *dst, size_t cap)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t need = (len + 2) / 3 * 4;
    size_t o = 0;

    if (dst == NULL || cap < need + 1)
        return 0;
    for (size_t i = 0; i < len; i += 3) {
        unsigned long v = (unsigned long)src[i] << 16;
        if (i + 1 < len)
            v |= (unsigned long)src[i + 1] << 8;
        if (i + 2 < len)
            v |= src[i + 2];
        dst[o++] = abc[(v >> 18) & 63];
        dst[o++] = abc[(v >> 12) & 63];
        dst[o++] = i + 1 < len ? abc[(v >> 6) & 63] : '=';
        dst[o++] = i + 2 < len ? abc[v & 63] : '=';
    }
    dst[o] = '\0';
    return o;
}

bool wz_osc52_copy(FILE *f, const char *text)
{
    size_t len = strlen(text);
    size_t cap = (len + 2) / 3 * 4 + 1;

    if (f == NULL || len > OSC52_MAX_TEXT)
        return false;
    char *b64 = malloc(cap);
    if (b64 == NULL)
        return false;
    wz_base64((const unsigned char *)text, len, b64, cap);
    /* ESC ] 52 ; c ; <base64> BEL: "c" is the clipboard selection. */
    fprintf(f, "\033]52;c;%s\a", b64);
    fflush(f);
    free(b64);
    return true;
}
