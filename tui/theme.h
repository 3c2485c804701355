/* tui/theme.h: colour roles and glyph sets. Screens ask for a role, never a colour (ncdu
 * UI_COLORS, htop ColorElements); glyphs are chosen once from the locale (htop CRT_utf8). */
#ifndef AOD_TUI_THEME_H
#define AOD_TUI_THEME_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdbool.h>

/* ---- Colour roles: name, MONO attribute, foreground, background, attribute with colour. ---- */
#define ROLE_LIST(X)                                                                               \
    X(ROLE_TEXT, A_NORMAL, -1, -1, A_NORMAL)                                                       \
    X(ROLE_TITLE, A_BOLD, COLOR_CYAN, -1, A_BOLD)                                                  \
    X(ROLE_HEADER, A_REVERSE, COLOR_WHITE, COLOR_BLUE, A_BOLD)                                     \
    X(ROLE_SELECTED, A_REVERSE, COLOR_BLACK, COLOR_CYAN, A_NORMAL)                                 \
    X(ROLE_KEY, A_BOLD, COLOR_YELLOW, -1, A_BOLD)                                                  \
    X(ROLE_DIM, A_NORMAL, COLOR_BLUE, -1, A_BOLD)                                                  \
    X(ROLE_CMD, A_BOLD, COLOR_GREEN, -1, A_NORMAL)                                                 \
    X(ROLE_OK, A_BOLD, COLOR_GREEN, -1, A_BOLD)                                                    \
    X(ROLE_WARN, A_BOLD, COLOR_YELLOW, -1, A_BOLD)                                                 \
    X(ROLE_FAIL, A_BOLD | A_UNDERLINE, COLOR_RED, -1, A_BOLD)                                      \
    X(ROLE_INPUT, A_UNDERLINE, COLOR_WHITE, COLOR_BLACK, A_UNDERLINE)

enum wz_role {
#define ROLE_ENUM(name, mono, fg, bg, attr) name,
    ROLE_LIST(ROLE_ENUM)
#undef ROLE_ENUM
        ROLE_COUNT
};

/* Glyphs: UTF-8 or ASCII, never mixed. */
struct wz_glyphs {
    const char *mark;     /* selected line */
    const char *sep;      /* between trail steps */
    const char *ellipsis; /* text cut on the left or right (never commands) */
    chtype vline;         /* left edge of the side pane */
};

/* Chooses the glyph set (UTF-8 when the locale's codeset is and `is_ascii` is false) and the
 * attributes (MONO with `is_mono`, a non-empty NO_COLOR, or a terminal without colours), and
 * sets up colour pairs. Call once, after wz_term_start(). */
void wz_theme_init(bool is_mono, bool is_ascii);
/* The attribute and colour pair of role `r` under the current theme; A_NORMAL and pair 0 for
 * an unknown role. */
attr_t wz_role_attr(enum wz_role r);
short wz_role_pair(enum wz_role r);
/* Whether the UTF-8 glyph set is in use (text wider than ASCII is drawn as such). */
bool wz_theme_is_utf8(void);
/* The glyph set; a borrowed pointer, valid for the whole run. */
const struct wz_glyphs *wz_glyphs(void);

#endif
