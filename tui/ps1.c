/* tui/ps1.c: the fix's commands as text: for the clipboard, and as a .ps1 file written through
 * a temporary file and link(), so a file of the same name is never overwritten. */
#include "ps1.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A growing string (curl dynbuf, without the cap: commands are capped by the flow loader). */
struct buf {
    char *p;
    size_t len;
    size_t cap;
    bool is_oom;
};

static void put_n(struct buf *b, const char *s, size_t n)
{
    if (b->is_oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->cap + n + 1) * 2;
        char *p = realloc(b->p, cap);
        if (p == NULL) {
            b->is_oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void put(struct buf *b, const char *s)
{
    put_n(b, s, strlen(s));
}

/* A comment line "# <label><text>": each line break in the text starts a new "# " line, so no
 * prose of a flow (a risk may have several lines) can become a command in a script. */
static void put_comment(struct buf *b, const char *label, const char *text)
{
    put(b, "# ");
    put(b, label);
    for (const char *nl = strchr(text, '\n'); nl != NULL; nl = strchr(text, '\n')) {
        put_n(b, text, (size_t)(nl - text));
        put(b, "\n# ");
        text = nl + 1;
    }
    put(b, text);
    put(b, "\n");
}

size_t wz_command_count(const struct aod_view *v)
{
    size_t n = 0;
    if (v == NULL || v->kind != AOD_NODE_CONCLUSION)
        return 0;
    for (size_t i = 0; i < v->n_steps; i++)
        n += v->steps[i].run.n_commands + v->steps[i].verify.n_commands;
    return n;
}

/* Adds the commands of `c` (PowerShell as they are; others as comments in a script). */
static void put_cmds(struct buf *b, const struct aod_view_cmds *c, size_t only, size_t *k,
                     bool is_script)
{
    for (size_t i = 0; i < c->n_commands; i++, (*k)++) {
        if (only != SIZE_MAX && only != *k)
            continue;
        if (is_script && c->shell != AOD_SHELL_POWERSHELL) {
            put(b, "# (");
            put(b, aod_shell_label(c->shell));
            put(b, ", not PowerShell) ");
        }
        put(b, c->commands[i]);
        put(b, "\n");
    }
}

char *wz_commands_text(const struct aod_view *v, size_t only, bool is_script)
{
    struct buf b = {NULL, 0, 0, false};
    size_t k = 0;

    put(&b, "");
    if (is_script) {
        put_comment(&b, "aovpn-doctor: ", v->flow_title);
        put_comment(&b, "Finding: ", v->title);
        put(&b, "# Read each step before running it.\n");
    }
    for (size_t i = 0; i < v->n_steps; i++) {
        const struct aod_view_step *st = &v->steps[i];
        if (is_script) {
            put(&b, "\n");
            put_comment(&b, "Step: ", st->title);
            if (st->risk[0] != '\0')
                put_comment(&b, "Risk: ", st->risk);
        }
        put_cmds(&b, &st->run, only, &k, is_script);
        if (is_script && st->verify.n_commands > 0)
            put(&b, "# Verify:\n");
        put_cmds(&b, &st->verify, only, &k, is_script);
    }
    if (b.is_oom) {
        free(b.p);
        return NULL;
    }
    /* The clipboard gets no trailing newline, so pasting does not run the command at once. */
    if (!is_script && b.len > 0 && b.p[b.len - 1] == '\n')
        b.p[--b.len] = '\0';
    return b.p;
}

static bool write_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        s += w;
        n -= (size_t)w;
    }
    return true;
}

/* Gives the finished temporary file its name: the first of name.ps1, name-2.ps1 ... that is
 * free. link() fails on an existing name, so nothing is ever replaced. */
static bool publish(const char *tmp, const char *dir, const char *flow, char *path, size_t cap,
                    struct aod_err *err)
{
    for (int k = 1; k < 100; k++) {
        char name[1024];
        if (k == 1)
            snprintf(name, sizeof name, "%s/aovpn-doctor-%s.ps1", dir, flow);
        else
            snprintf(name, sizeof name, "%s/aovpn-doctor-%s-%d.ps1", dir, flow, k);
        if (link(tmp, name) == 0) {
            char cwd[768];
            if (strcmp(dir, ".") == 0 && getcwd(cwd, sizeof cwd) != NULL)
                snprintf(path, cap, "%s/%s", cwd, name + 2);
            else
                snprintf(path, cap, "%s", name);
            return true;
        }
        if (errno != EEXIST) {
            aod_err_set(err, AOD_E_IO, "%s: %s", name, strerror(errno));
            return false;
        }
    }
    aod_err_set(err, AOD_E_IO, "too many aovpn-doctor-%s*.ps1 files already", flow);
    return false;
}

bool wz_write_ps1(const struct aod_view *v, const char *dir, char *path, size_t cap,
                  struct aod_err *err)
{
    char tmp[1024];
    bool ok = false;
    int fd = -1;
    char *text = wz_commands_text(v, SIZE_MAX, true);

    snprintf(tmp, sizeof tmp, "%s/.aovpn-doctor-XXXXXX", dir);
    if (text == NULL) {
        aod_err_set(err, AOD_E_NOMEM, "out of memory");
        goto out;
    }
    fd = mkstemp(tmp);
    if (fd < 0) {
        aod_err_set(err, AOD_E_IO, "%s: %s", dir, strerror(errno));
        goto out;
    }
    /* mkstemp makes the file private; give it the mode any new file would get. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    /* A byte order mark: Windows PowerShell 5.1 reads a .ps1 without one as ANSI. */
    if (!write_all(fd, "\xEF\xBB\xBF", 3) || !write_all(fd, text, strlen(text)) || fsync(fd) != 0) {
        aod_err_set(err, AOD_E_IO, "%s: %s", tmp, strerror(errno));
        goto out;
    }
    ok = publish(tmp, dir, v->flow_id, path, cap, err);
out:
    if (fd >= 0) {
        close(fd);
        unlink(tmp);
    }
    free(text);
    return ok;
}
