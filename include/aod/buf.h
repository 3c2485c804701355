/* include/aod/buf.h: the one growable text buffer, with a hard cap (curl dynbuf). Used by the
 * probes (replies, JSON), the JSON writer and the TUI (recordings, scripts). No I/O. */
#ifndef AOD_BUF_H
#define AOD_BUF_H

#include <stdbool.h>
#include <stddef.h>

/* Zero it with aod_buf_init. `p` is owned, NUL-terminated once anything was written (NULL
 * before); a write past `max` or a failed allocation is dropped whole and sets a flag, after
 * which every further write is dropped too, so a caller checks once at the end. */
struct aod_buf {
    char *p;
    size_t len;
    size_t cap;
    size_t max;       /* growth cap in bytes, the NUL not counted */
    bool is_overflow; /* a write would have passed `max` */
    bool is_oom;      /* realloc failed */
};

/* Empties `b` (nothing allocated yet) with a cap of `max` bytes (SIZE_MAX: no cap). */
void aod_buf_init(struct aod_buf *b, size_t max);
/* Frees the text; `b` is empty again (same cap, flags cleared). */
void aod_buf_free(struct aod_buf *b);
/* Appends n bytes of s (which may hold NULs). */
void aod_buf_putn(struct aod_buf *b, const char *s, size_t n);
/* Appends the string s. */
void aod_buf_puts(struct aod_buf *b, const char *s);
/* Appends formatted text (at most 1023 bytes per call; more sets is_overflow). */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void aod_buf_printf(struct aod_buf *b, const char *fmt, ...);
/* True when a write was dropped (cap or memory). */
static inline bool aod_buf_failed(const struct aod_buf *b)
{
    return b->is_overflow || b->is_oom;
}

#endif
