/* common/buf.c: the growable text buffer with a hard cap (include/aod/buf.h). Allocates; no
 * other I/O. */
#include "aod/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void aod_buf_init(struct aod_buf *b, size_t max)
{
    memset(b, 0, sizeof *b);
    b->max = max;
}

void aod_buf_free(struct aod_buf *b)
{
    free(b->p);
    aod_buf_init(b, b->max);
}

void aod_buf_putn(struct aod_buf *b, const char *s, size_t n)
{
    if (b->is_overflow || b->is_oom)
        return;
    if (n > b->max || b->len > b->max - n) {
        b->is_overflow = true;
        return;
    }
    if (b->cap == 0 || b->len + n >= b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *p;
        /* Doubling until it fits; the guard keeps a huge `max` from wrapping around. */
        while (cap <= b->len + n && cap <= SIZE_MAX / 2)
            cap *= 2;
        if (cap <= b->len + n) {
            b->is_oom = true;
            return;
        }
        p = realloc(b->p, cap);
        if (p == NULL) {
            b->is_oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    if (n > 0)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void aod_buf_puts(struct aod_buf *b, const char *s)
{
    aod_buf_putn(b, s, strlen(s));
}

void aod_buf_printf(struct aod_buf *b, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof tmp) {
        b->is_overflow = true;
        return;
    }
    aod_buf_putn(b, tmp, (size_t)n);
}
