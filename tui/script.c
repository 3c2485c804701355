/* tui/script.c: scripted keys for headless runs (tig TIG_SCRIPT). A worked example:
 *     # comment
 *     1 <Enter>            keys: "1", then Enter (each other character is one key)
 *     vpn.contoso.com      typed text, one key per character; <Space> types a space
 *     :dump-screen out.screen
 *     :resize 15 60        as if the terminal changed size
 *     :bytes counts.txt    appends how many bytes reached the terminal so far
 *     :paints counts.txt   appends how many times the screen was drawn so far
 *     :wait-probes         lets running probes finish
 *     :paste TEXT          TEXT (to the end of the line, spaces included) as one paste
 * Names in <>: Enter Esc Up Down Left Right Home End PgUp PgDn Backspace Space Tab F1 F2 F10
 * Del Lt Gt, and C-a .. C-z. */
#include "script.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"

#define SCRIPT_MAX (256 * 1024)

struct wz_script {
    char *text;
    size_t len;
    size_t pos;
    bool is_line_start;
};

struct wz_script *wz_script_open(const char *path, struct aod_err *err)
{
    FILE *f = fopen(path, "r");
    struct wz_script *sc = calloc(1, sizeof *sc);

    if (f == NULL || sc == NULL || (sc->text = malloc(SCRIPT_MAX + 1)) == NULL) {
        aod_err_set(err, AOD_E_IO, "cannot read the key script %s", path);
        goto fail;
    }
    sc->len = fread(sc->text, 1, SCRIPT_MAX + 1, f);
    if (sc->len > SCRIPT_MAX) {
        aod_err_set(err, AOD_E_IO, "%s: key script too long", path);
        goto fail;
    }
    sc->text[sc->len] = '\0';
    sc->is_line_start = true;
    fclose(f);
    return sc;
fail:
    if (f != NULL)
        fclose(f);
    wz_script_free(sc);
    return NULL;
}

void wz_script_free(struct wz_script *sc)
{
    if (sc == NULL)
        return;
    free(sc->text);
    free(sc);
}

static void copy_word(char *dst, size_t cap, const char *s, size_t n)
{
    if (cap == 0)
        return;
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* A ":command arg" line, starting at sc->pos (after the ':'). */
static int command(struct wz_script *sc, char *cmd, size_t cmd_cap, char *arg, size_t arg_cap)
{
    const char *s = sc->text + sc->pos;
    size_t eol = strcspn(s, "\n");
    size_t w = strcspn(s, " \n");
    copy_word(cmd, cmd_cap, s, w);
    size_t a = w + strspn(s + w, " ");
    copy_word(arg, arg_cap, s + a, eol > a ? eol - a : 0);
    sc->pos += eol;
    return -1;
}

int wz_script_next(struct wz_script *sc, char *cmd, size_t cmd_cap, char *arg, size_t arg_cap)
{
    while (sc->pos < sc->len) {
        char c = sc->text[sc->pos];
        if (c == '\n') {
            sc->pos++;
            sc->is_line_start = true;
            continue;
        }
        if (sc->is_line_start && (c == '#' || c == ':')) {
            sc->pos++;
            if (c == ':')
                return command(sc, cmd, cmd_cap, arg, arg_cap);
            sc->pos += strcspn(sc->text + sc->pos, "\n");
            continue;
        }
        sc->is_line_start = false;
        if (c == ' ' || c == '\r') {
            sc->pos++;
            continue;
        }
        if (c == '<') {
            const char *s = sc->text + sc->pos + 1;
            size_t n = strcspn(s, "> \n");
            int k = s[n] == '>' ? wz_key_parse(s, n) : -1;
            if (k >= 0) {
                sc->pos += n + 2;
                return k;
            }
        }
        sc->pos++;
        return (unsigned char)c;
    }
    return -2;
}
