/* tui/theme.c: colour roles and glyph sets. Screens ask for a role, never a colour; MONO
 * attributes apply without colours, with NO_COLOR set, or with --mono. */
#include "theme.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

struct role_def {
    attr_t mono;
    short fg;
    short bg;
    attr_t attr;
};

static const struct role_def roles[ROLE_COUNT] = {
#define ROLE_DEF(name, mono, fg, bg, attr) {mono, fg, bg, attr},
    ROLE_LIST(ROLE_DEF)
#undef ROLE_DEF
};

static const struct wz_glyphs utf8_glyphs = {
    .mark = "\u25b6",
    .sep = " \u203a ",
    .ellipsis = "\u2026",
    .vline = 0,
};
static const struct wz_glyphs ascii_glyphs = {
    .mark = ">",
    .sep = " > ",
    .ellipsis = "~",
    .vline = '|',
};

static struct {
    bool is_mono;
    bool is_utf8;
    struct wz_glyphs glyphs;
} theme;

void wz_theme_init(bool is_mono, bool is_ascii)
{
    const char *no_color = getenv("NO_COLOR");
    const char *cs = nl_langinfo(CODESET);

    theme.is_utf8 = !is_ascii && cs != NULL && strcmp(cs, "UTF-8") == 0;
    theme.glyphs = theme.is_utf8 ? utf8_glyphs : ascii_glyphs;
    if (theme.is_utf8)
        theme.glyphs.vline = ACS_VLINE;
    theme.is_mono = is_mono || (no_color != NULL && no_color[0] != '\0') || !has_colors();
    if (theme.is_mono)
        return;
    start_color();
    use_default_colors();
    for (int r = 1; r < ROLE_COUNT; r++)
        init_pair((short)r, roles[r].fg, roles[r].bg);
}

attr_t wz_role_attr(enum wz_role r)
{
    if ((size_t)r >= ROLE_COUNT)
        return A_NORMAL;
    return theme.is_mono ? roles[r].mono : roles[r].attr;
}

short wz_role_pair(enum wz_role r)
{
    if (theme.is_mono || (size_t)r >= ROLE_COUNT || r == ROLE_TEXT)
        return 0;
    return (short)r;
}

bool wz_theme_is_utf8(void)
{
    return theme.is_utf8;
}

const struct wz_glyphs *wz_glyphs(void)
{
    return &theme.glyphs;
}
