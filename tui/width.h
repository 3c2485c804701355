/* tui/width.h: display width of UTF-8 text, measured per character (never per byte), and word
 * wrapping by width. Pure: unit-tested in tests/tui/test_width.c. */
#ifndef AOD_TUI_WIDTH_H
#define AOD_TUI_WIDTH_H

#include <stdbool.h>
#include <stddef.h>

/* One wrapped line: s[off .. off+len) takes `width` cells. */
struct wz_span {
    size_t off;
    size_t len;
    int width;
};

/* Cells taken by code point `cp` as the wizard draws it: 0 for combining marks, 2 for wide
 * characters, 1 for everything else, including the '?' that replaces a control character or a
 * malformed byte. Without `is_utf8` every character is drawn as one ASCII cell. Needs
 * setlocale(LC_CTYPE) to be a UTF-8 locale for wide characters to count 2. */
int wz_cp_width(unsigned long cp, bool is_utf8);

/* Width of s[0..len). */
int wz_text_width(const char *s, size_t len, bool is_utf8);

/* The number of bytes of the longest prefix of s[0..len) that fits in `cols` cells, never
 * splitting a character; its width goes to *used (may be NULL). */
size_t wz_text_fit(const char *s, size_t len, int cols, bool is_utf8, int *used);

/* Wraps `s` into lines of at most `width` cells: '\n' ends a line, a line breaks after its last
 * space that fits (that space is dropped), and a word longer than the line is cut by
 * characters. Every character of `s` other than the dropped spaces and '\n' is in exactly one
 * span, in order, so nothing is ever lost. Stores at most `cap` spans in out[] (out may be NULL
 * when cap is 0) and returns how many lines there are. Returns 0 for width < 1. */
size_t wz_wrap(const char *s, int width, bool is_utf8, struct wz_span *out, size_t cap);

#endif
