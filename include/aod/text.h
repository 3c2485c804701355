/* include/aod/text.h: UTF-8 checks and the one place that makes outside text safe to show
 * (common/text.c, used by the engine, the probes and the TUI). Pure: no locale, no I/O. */
#ifndef AOD_TEXT_H
#define AOD_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
bool aod_utf8_valid(const char *s, size_t len);

/* Length in bytes of the UTF-8 sequence starting at `s` (1..4), or 0 when it is malformed or
 * runs past `len`. On success stores the code point in *cp (cp may be NULL). */
size_t aod_utf8_decode(const char *s, size_t len, unsigned long *cp);

/* True when code point `cp` is a control character: C0 (except those allowed by the caller),
 * DEL, C1, a bidirectional embedding/override/isolate (U+202A-202E, U+2066-2069) or mark
 * (U+200E, U+200F, U+061C) that can reorder a terminal line, or U+2028/U+2029. */
bool aod_is_control(unsigned long cp);

/* Copies `src` into dst[0..cap) (always NUL-terminated when cap > 0) with every control
 * character and every malformed byte replaced by '?'. With `keep_newlines`, '\n' is kept.
 * Returns the length `src` would need (like snprintf), so truncation is detectable. */
size_t aod_text_sanitize(char *dst, size_t cap, const char *src, bool keep_newlines);

/* The same for at most `n_src` bytes of `src`, ending early at a NUL: for bytes off the wire,
 * which need not be NUL-terminated. Every probe's outside text goes through it (a certificate
 * subject, an HTTP Server header, a RADIUS Reply-Message). A tab becomes a space. */
size_t aod_text_sanitize_n(char *dst, size_t cap, const char *src, size_t n_src,
                           bool keep_newlines);

/* True when `s` has no control character (allowing '\n' with `allow_newline`) and is valid
 * UTF-8. */
bool aod_text_is_clean(const char *s, bool allow_newline);

#endif
