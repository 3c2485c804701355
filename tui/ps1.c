/* tui/ps1.c: the fix's commands as text: for the clipboard, and as a private .ps1 file written
 * through tui/atomic.c, so a file of the same name is never overwritten. */
#include "ps1.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aod/buf.h"
#include "atomic.h"

/* A comment line "# <label><text>": each line break in the text starts a new "# " line, so no
 * prose of a flow (a risk may have several lines) can become a command in a script. */
static void put_comment(struct aod_buf *b, const char *label, const char *text)
{
    aod_buf_puts(b, "# ");
    aod_buf_puts(b, label);
    for (const char *nl = strchr(text, '\n'); nl != NULL; nl = strchr(text, '\n')) {
        aod_buf_putn(b, text, (size_t)(nl - text));
        aod_buf_puts(b, "\n# ");
        text = nl + 1;
    }
    aod_buf_puts(b, text);
    aod_buf_puts(b, "\n");
}

size_t wz_command_count(const struct aod_view *v)
{
    size_t n = 0;
    if (v == NULL || v->kind != AOD_NODE_CONCLUSION)
        return 0;
    for (size_t i = 0; i < v->n_steps; i++) {
        if (!v->steps[i].is_reference)
            n += v->steps[i].run.n_commands;
        n += v->steps[i].verify.n_commands;
    }
    return n;
}

/* Adds the commands of `c` (PowerShell as they are; others as comments in a script). */
static void put_cmds(struct aod_buf *b, const struct aod_view_cmds *c, size_t only, size_t *k,
                     bool is_script)
{
    for (size_t i = 0; i < c->n_commands; i++, (*k)++) {
        if (only != SIZE_MAX && only != *k)
            continue;
        if (is_script && c->shell != AOD_SHELL_POWERSHELL) {
            aod_buf_puts(b, "# (");
            aod_buf_puts(b, aod_shell_label(c->shell));
            aod_buf_puts(b, ", not PowerShell) ");
        }
        aod_buf_puts(b, c->commands[i]);
        aod_buf_puts(b, "\n");
    }
}

char *wz_commands_text(const struct aod_view *v, size_t only, bool is_script)
{
    struct aod_buf b;
    size_t k = 0;

    /* No cap: the flow loader caps every command already. */
    aod_buf_init(&b, SIZE_MAX);
    aod_buf_puts(&b, "");
    if (is_script) {
        put_comment(&b, "aovpn-doctor: ", v->flow_title);
        put_comment(&b, "Finding: ", v->title);
        aod_buf_puts(&b, "# Read each step before running it.\n");
    }
    for (size_t i = 0; i < v->n_steps; i++) {
        const struct aod_view_step *st = &v->steps[i];
        if (is_script) {
            aod_buf_puts(&b, "\n");
            put_comment(&b, "Step: ", st->title);
            if (st->risk[0] != '\0')
                put_comment(&b, "Risk: ", st->risk);
        }
        if (!st->is_reference) {
            put_cmds(&b, &st->run, only, &k, is_script);
        } else if (is_script) {
            /* A retired form stays readable in the script, every line a comment. */
            aod_buf_puts(&b, "# " AOD_REFERENCE_LABEL ":\n");
            for (size_t j = 0; j < st->run.n_commands; j++)
                put_comment(&b, "    ", st->run.commands[j]);
        }
        if (is_script && st->verify.n_commands > 0)
            aod_buf_puts(&b, "# Verify:\n");
        put_cmds(&b, &st->verify, only, &k, is_script);
    }
    if (aod_buf_failed(&b)) {
        aod_buf_free(&b);
        return NULL;
    }
    /* The clipboard gets no trailing newline, so pasting does not run the command at once. */
    if (!is_script && b.len > 0 && b.p[b.len - 1] == '\n')
        b.p[--b.len] = '\0';
    return b.p;
}

/* The script with a byte order mark: Windows PowerShell 5.1 reads a .ps1 without one as ANSI. */
static bool write_script(FILE *f, void *ctx)
{
    return fputs("\xEF\xBB\xBF", f) >= 0 && fputs(ctx, f) >= 0;
}

/* Writes the script under the first of name.ps1, name-2.ps1 ... that is free; the file is
 * linked into place, so nothing is ever replaced. */
bool wz_write_ps1(const struct aod_view *v, const char *dir, char *path, size_t cap,
                  struct aod_err *err)
{
    bool is_ok = false;
    char *text = wz_commands_text(v, SIZE_MAX, true);

    if (text == NULL) {
        aod_err_set(err, AOD_E_NOMEM, "out of memory");
        return false;
    }
    for (int k = 1; k < 100; k++) {
        char name[1024];
        bool is_taken = false;
        if (k == 1)
            snprintf(name, sizeof name, "%s/aovpn-doctor-%s.ps1", dir, v->flow_id);
        else
            snprintf(name, sizeof name, "%s/aovpn-doctor-%s-%d.ps1", dir, v->flow_id, k);
        if (aod_file_write(name, true, write_script, text, &is_taken, err)) {
            char cwd[768];
            if (strcmp(dir, ".") == 0 && getcwd(cwd, sizeof cwd) != NULL)
                snprintf(path, cap, "%s/%s", cwd, name + 2);
            else
                snprintf(path, cap, "%s", name);
            is_ok = true;
            goto out;
        }
        if (!is_taken)
            goto out;
    }
    aod_err_set(err, AOD_E_IO, "too many aovpn-doctor-%s*.ps1 files already", v->flow_id);
out:
    free(text);
    return is_ok;
}
