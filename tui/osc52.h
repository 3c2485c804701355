/* tui/osc52.h: copying text to the clipboard with OSC 52 (ESC ] 52 ; c ; <base64> BEL). No
 * curses: unit-tested in tests/tui/test_export.c. */
#ifndef AOD_TUI_OSC52_H
#define AOD_TUI_OSC52_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* RFC 4648 base64 of src[0..len) into dst[cap], NUL-terminated; returns the length written, or
 * 0 (dst untouched) when dst is NULL or cap is too small. */
size_t wz_base64(const unsigned char *src, size_t len, char *dst, size_t cap);
/* Writes one OSC 52 clipboard request for `text` to `f` and flushes it; false, with nothing
 * written, when `text` is too long for terminals to accept (about 74 KB) or out of memory. */
bool wz_osc52_copy(FILE *f, const char *text);

#endif
