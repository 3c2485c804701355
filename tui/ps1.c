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

/* What one text holds: commands of one place (AOD_WHERE_COUNT: every place), each once. */
struct pick {
    size_t only; /* one command by index, or SIZE_MAX */
    enum aod_where where;
    bool is_script;
    const char *seen[256]; /* commands already written for this place */
    size_t n_seen;
};

static bool takes(const struct pick *pk, const struct aod_view_cmds *c)
{
    return pk->where == AOD_WHERE_COUNT || c->where == pk->where;
}

/* True when `cmd` was written already (one place gets each command once: a step's check that
 * is also the next step's verify is pasted once). */
static bool seen_before(struct pick *pk, const char *cmd)
{
    if (pk->where == AOD_WHERE_COUNT)
        return false;
    for (size_t i = 0; i < pk->n_seen; i++) {
        if (strcmp(pk->seen[i], cmd) == 0)
            return true;
    }
    if (pk->n_seen < sizeof pk->seen / sizeof pk->seen[0])
        pk->seen[pk->n_seen++] = cmd;
    return false;
}

/* Adds the commands of `c` (PowerShell as they are; others as comments in a script). */
static void put_cmds(struct aod_buf *b, const struct aod_view_cmds *c, struct pick *pk, size_t *k)
{
    for (size_t i = 0; i < c->n_commands; i++, (*k)++) {
        if ((pk->only != SIZE_MAX && pk->only != *k) || !takes(pk, c) ||
            seen_before(pk, c->commands[i]))
            continue;
        if (pk->is_script && c->shell != AOD_SHELL_POWERSHELL) {
            aod_buf_puts(b, "# (");
            aod_buf_puts(b, aod_shell_label(c->shell));
            aod_buf_puts(b, ", not PowerShell) ");
        }
        aod_buf_puts(b, c->commands[i]);
        aod_buf_puts(b, "\n");
    }
}

/* A step with a risk runs only after the reader types yes at its prompt. The prompt and the
 * message are fixed text: nothing of the flow or of an answer becomes PowerShell here. */
static void put_guarded(struct aod_buf *b, const struct aod_view_cmds *c, struct pick *pk,
                        size_t *k, size_t step)
{
    char line[160];
    struct aod_buf body;

    aod_buf_init(&body, SIZE_MAX);
    aod_buf_puts(&body, "");
    put_cmds(&body, c, pk, k);
    if (!aod_buf_failed(&body) && body.len > 0) {
        snprintf(line, sizeof line,
                 "if ((Read-Host 'Step %zu has a risk (see above). Type yes to run it') -eq "
                 "'yes') {\n",
                 step);
        aod_buf_puts(b, line);
        /* The guarded commands indented, as a reader of the script expects. */
        for (const char *p = body.p; *p != '\0';) {
            const char *nl = strchr(p, '\n');
            size_t n = nl != NULL ? (size_t)(nl - p) + 1 : strlen(p);
            aod_buf_puts(b, "    ");
            aod_buf_putn(b, p, n);
            p += n;
        }
        snprintf(line, sizeof line, "} else {\n    Write-Host 'Step %zu skipped.'\n}\n", step);
        aod_buf_puts(b, line);
    } else if (aod_buf_failed(&body)) {
        b->is_oom = true; /* fail the whole text, as a failed write would */
    }
    aod_buf_free(&body);
}

/* The step's verify commands under a "# Verify:" line with what they should show. A verify
 * command the script already holds (the step's own check, run again after the fix) is not
 * written twice: the comment says to run it again instead. */
static void put_verify(struct aod_buf *b, const struct aod_view_step *st, struct pick *pk,
                       size_t *k)
{
    struct aod_buf body;

    if (!pk->is_script || st->verify.n_commands == 0 || !takes(pk, &st->verify)) {
        put_cmds(b, &st->verify, pk, k);
        return;
    }
    aod_buf_init(&body, SIZE_MAX);
    aod_buf_puts(&body, "");
    put_cmds(&body, &st->verify, pk, k);
    if (aod_buf_failed(&body)) {
        b->is_oom = true;
    } else if (pk->only == SIZE_MAX || body.len > 0) {
        aod_buf_puts(b, body.len > 0 ? "# Verify:\n"
                                     : "# Verify: run the check commands above again.\n");
        if (st->expect[0] != '\0')
            put_comment(b, "Expect: ", st->expect);
        aod_buf_puts(b, body.p);
    }
    aod_buf_free(&body);
}

static bool step_is_here(const struct aod_view_step *st, enum aod_where w)
{
    return w == AOD_WHERE_COUNT || (st->run.n_commands > 0 && st->run.where == w) ||
           (st->verify.n_commands > 0 && st->verify.where == w);
}

static char *text_of(const struct aod_view *v, struct pick *pk)
{
    struct aod_buf b;
    size_t k = 0;
    bool is_script = pk->is_script;

    /* No cap: the flow loader caps every command already. */
    aod_buf_init(&b, SIZE_MAX);
    aod_buf_puts(&b, "");
    if (is_script) {
        put_comment(&b, "aovpn-doctor: ", v->flow_title);
        put_comment(&b, "Finding: ", v->title);
        if (pk->where != AOD_WHERE_COUNT)
            put_comment(&b, "Run on ", aod_where_label(pk->where));
        aod_buf_puts(&b, "# Read each step before running it.\n");
    }
    for (size_t i = 0; i < v->n_steps; i++) {
        const struct aod_view_step *st = &v->steps[i];
        if (is_script && step_is_here(st, pk->where)) {
            char head[40];
            snprintf(head, sizeof head, "Step %zu: ", i + 1);
            aod_buf_puts(&b, "\n");
            put_comment(&b, head, st->title);
            if (st->risk[0] != '\0')
                put_comment(&b, "Risk: ", st->risk);
        }
        if (st->is_reference) {
            /* A retired form stays readable in the script, every line a comment. */
            if (is_script && takes(pk, &st->run)) {
                aod_buf_puts(&b, "# " AOD_REFERENCE_LABEL ":\n");
                for (size_t j = 0; j < st->run.n_commands; j++)
                    put_comment(&b, "    ", st->run.commands[j]);
            }
        } else if (is_script && st->risk[0] != '\0') {
            put_guarded(&b, &st->run, pk, &k, i + 1);
        } else {
            put_cmds(&b, &st->run, pk, &k);
        }
        put_verify(&b, st, pk, &k);
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

char *wz_commands_text(const struct aod_view *v, size_t only, bool is_script)
{
    struct pick pk = {.only = only, .where = AOD_WHERE_COUNT, .is_script = is_script};
    return text_of(v, &pk);
}

char *wz_place_text(const struct aod_view *v, enum aod_where where, bool is_script)
{
    struct pick pk = {.only = SIZE_MAX, .where = where, .is_script = is_script};
    if (is_script && where == AOD_WHERE_LINUX)
        return NULL; /* bash never goes into a .ps1 */
    return text_of(v, &pk);
}

/* Counts the commands of one place, each once, as wz_place_text writes them. */
static size_t place_count(const struct aod_view *v, enum aod_where w)
{
    struct pick pk = {.only = SIZE_MAX, .where = w, .is_script = false};
    size_t n = 0;
    for (size_t i = 0; i < v->n_steps; i++) {
        const struct aod_view_cmds *blocks[2] = {&v->steps[i].run, &v->steps[i].verify};
        for (size_t b = v->steps[i].is_reference ? 1 : 0; b < 2; b++) {
            for (size_t j = 0; j < blocks[b]->n_commands; j++) {
                if (takes(&pk, blocks[b]) && !seen_before(&pk, blocks[b]->commands[j]))
                    n++;
            }
        }
    }
    return n;
}

size_t wz_places(const struct aod_view *v, bool is_script, enum aod_where *places, size_t *counts)
{
    size_t n = 0;
    if (v == NULL || v->kind != AOD_NODE_CONCLUSION)
        return 0;
    for (int w = 0; w < AOD_WHERE_COUNT; w++) {
        if (is_script && w == AOD_WHERE_LINUX)
            continue;
        size_t c = place_count(v, (enum aod_where)w);
        if (c == 0)
            continue;
        places[n] = (enum aod_where)w;
        counts[n] = c;
        n++;
    }
    return n;
}

/* The script with a byte order mark: Windows PowerShell 5.1 reads a .ps1 without one as ANSI. */
static bool write_script(FILE *f, void *ctx)
{
    return fputs("\xEF\xBB\xBF", f) >= 0 && fputs(ctx, f) >= 0;
}

/* Writes the script under the first of name.ps1, name-2.ps1 ... that is free; the file is
 * linked into place, so nothing is ever replaced. */
bool wz_write_ps1(const struct aod_view *v, enum aod_where where, const char *dir, char *path,
                  size_t cap, struct aod_err *err)
{
    bool is_ok = false;
    char *text = wz_place_text(v, where, true);

    if (text == NULL) {
        aod_err_set(err, where == AOD_WHERE_LINUX ? AOD_E_INPUT : AOD_E_NOMEM,
                    where == AOD_WHERE_LINUX ? "Linux commands never go into a .ps1"
                                             : "out of memory");
        return false;
    }
    for (int k = 1; k < 100; k++) {
        char name[1024];
        bool is_taken = false;
        if (k == 1)
            snprintf(name, sizeof name, "%s/aovpn-doctor-%s-%s.ps1", dir, v->flow_id,
                     aod_where_word(where));
        else
            snprintf(name, sizeof name, "%s/aovpn-doctor-%s-%s-%d.ps1", dir, v->flow_id,
                     aod_where_word(where), k);
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
    aod_err_set(err, AOD_E_IO, "too many aovpn-doctor-%s-%s*.ps1 files already", v->flow_id,
                aod_where_word(where));
out:
    free(text);
    return is_ok;
}
