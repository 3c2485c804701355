/* engine/codes.c: loads the code dictionary and looks codes up in any form; no terminal, and
 * no I/O beyond reading the dictionary file. Loaded on demand (explain, a lookup), never at
 * start-up.
 *
 * The second cJSON user besides flow_load.c, on purpose: the dictionary is a different document
 * with its own schema, and it shares the rules that make that file the only one (parse, copy
 * into an arena the dictionary owns, drop the tree before returning; positions from jsonpos.c),
 * not its loader. cJSON stays inside engine/.
 *
 * The format (one file, flows/codes/codes.json; its folder keeps it out of the flow scan) is
 * documented in docs/flows.md, "The code dictionary", and in assets/codes.schema.json:
 *   {"version": 1, "codes": [
 *     {"family": "ras", "code": "809", "symbol": "ERROR_VPN_TIMEOUT",
 *      "meaning": "...", "logged": "Application log, source RasClient, event 20227",
 *      "collect": [{"text": "...", "where": "client", "shell": "powershell",
 *                   "command": "Get-VpnConnection"}, {"text": "..."}],
 *      "flow": "error-809:ask-host", "source": "https://learn.microsoft.com/..."}, ...]}
 * "code" is written in its canonical form (aod_errcode_format: decimal below 0x80000000,
 * "0x8009xxxx" above), so that each code has one spelling to search for; every other form is
 * derived. Families: ras, ipsec, win32, hresult, event, nps-reason (all with a "code") and
 * nps-extension (a "symbol" and no "code"). "symbol" is required except for event and
 * nps-reason; "collect" and "flow" are optional; "source" is required. A family may hold a code
 * once (event 13 and reason code 13 are different things). Prose and commands are apart because
 * prose is wrapped on display and a command never is: a command is one line of printable ASCII
 * (straight quotes), with its shell and the machine it runs on. */
#include "aod/codes.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aod/errcode.h"
#include "aod/flow.h"
#include "aod/text.h"
#include "arena.h"
#include "flow_int.h"
#include "jsonpos.h"

struct aod_codes {
    struct arena arena; /* every string, and the text for positions */
    const char *file;
    const char *text;
    size_t text_len;
    struct aod_code_info *items;
    size_t n;
    char **paths; /* "/codes/3" of entry i, for positions of later checks */
};

static const char *const families[] = {"ras",   "ipsec",      "win32",         "hresult",
                                       "event", "nps-reason", "nps-extension", NULL};
static const char *const shells[] = {"powershell", "cmd", "bash", NULL};
static const struct {
    const char *where;
    const char *label;
} wheres[] = {
    {"client", "on the client"},     {"rras", "on the RRAS server"},
    {"nps", "on the NPS server"},    {"admin", "on an admin workstation"},
    {"linux", "on this Linux host"},
};

const char *aod_code_where_label(const char *where)
{
    for (size_t i = 0; where != NULL && i < sizeof wheres / sizeof wheres[0]; i++) {
        if (strcmp(wheres[i].where, where) == 0)
            return wheres[i].label;
    }
    return NULL;
}

struct cload {
    struct aod_codes *c;
    const char *name;
    const char *buf;
    size_t len;
    struct jpos jp;
    bool has_jp;
    bool is_jp_failed; /* tried once; positions are 0:0 from then on */
    struct aod_diags *diags;
    struct aod_err *err;
    size_t n_errors;
    bool is_oom;
};

/* Builds the position index on the first problem only: a good dictionary costs a parse. */
static void where(struct cload *l, const char *path, bool at_key, int *line, int *col)
{
    struct aod_err perr;

    aod_err_clear(&perr);
    *line = 0;
    *col = 0;
    if (!l->has_jp) {
        if (l->is_jp_failed)
            return;
        if (jpos_build(&l->jp, l->buf, l->len, &l->c->arena, &perr) != AOD_OK) {
            /* Positions are then 0:0; only a failed allocation fails the load. */
            jpos_free(&l->jp);
            l->is_jp_failed = true;
            l->is_oom = l->is_oom || perr.code == AOD_E_NOMEM;
            return;
        }
        l->has_jp = true;
    }
    jpos_locate(&l->jp, path, at_key, line, col);
}

static void problem(struct cload *l, const char *path, bool at_key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void problem(struct cload *l, const char *path, bool at_key, const char *fmt, ...)
{
    char raw[AOD_ERR_MAX];
    char msg[AOD_ERR_MAX];
    int line = 0;
    int col = 0;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    /* A message quotes names from the file, and a terminal shows it: no control characters. */
    aod_text_sanitize(msg, sizeof msg, raw, false);
    where(l, path, at_key, &line, &col);
    if (l->n_errors == 0)
        aod_err_set(l->err, AOD_E_FLOW, "%s:%d:%d: %s", l->name, line, col, msg);
    l->n_errors++;
    if (l->diags != NULL && diags_add(l->diags, l->name, line, col, "%s", msg) != AOD_OK)
        l->is_oom = true;
}

#define SYMBOL_MAX 63 /* the longest Windows symbol we carry has 49 characters */

/* A symbol as Windows headers and the NPS extension write them ("ERROR_VPN_TIMEOUT",
 * "UserNotFound"): what lookup can match whole, and what the front door finds in a paste. */
static bool is_symbol(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > SYMBOL_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_'))
            return false;
    }
    return true;
}

/* Equal ignoring ASCII case: symbols are typed in any case ("ests_token_error"). */
static bool is_same_word(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        char x = (*a >= 'a' && *a <= 'z') ? (char)(*a - 'a' + 'A') : *a;
        char y = (*b >= 'a' && *b <= 'z') ? (char)(*b - 'a' + 'A') : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

static bool is_listed(const char *const *list, const char *s)
{
    for (size_t i = 0; list[i] != NULL; i++) {
        if (strcmp(list[i], s) == 0)
            return true;
    }
    return false;
}

/* A copy of string member `key` of `o`, "" when absent and not required, NULL on a problem. */
static const char *get_text(struct cload *l, const cJSON *o, const char *path, const char *key,
                            bool is_required)
{
    char kpath[256];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    jpos_join(kpath, sizeof kpath, path, key, strlen(key));
    if (v == NULL) {
        if (is_required)
            problem(l, path, false, "missing member \"%s\"", key);
        return is_required ? NULL : "";
    }
    if (!cJSON_IsString(v) || v->valuestring == NULL) {
        problem(l, kpath, false, "\"%s\" must be a string", key);
        return NULL;
    }
    size_t n = strlen(v->valuestring);
    if (n > AOD_CODES_MAX_TEXT) {
        problem(l, kpath, false, "\"%s\" is %zu bytes; the limit is %d", key, n,
                AOD_CODES_MAX_TEXT);
        return NULL;
    }
    for (const char *p = v->valuestring; *p != '\0'; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f) {
            problem(l, kpath, false, "\"%s\" holds a control character", key);
            return NULL;
        }
    }
    if (is_required && n == 0) {
        problem(l, kpath, false, "\"%s\" must not be empty", key);
        return NULL;
    }
    const char *s = arena_strdup(&l->c->arena, v->valuestring);
    if (s == NULL)
        l->is_oom = true;
    return s;
}

static bool has_prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* "flow:node", both ids of a-z, 0-9, '-' and '_'. */
static bool is_target(const char *s)
{
    const char *colon = strchr(s, ':');
    if (colon == NULL || colon == s || colon[1] == '\0' || strchr(colon + 1, ':') != NULL)
        return false;
    for (const char *p = s; *p != '\0'; p++) {
        if (p != colon &&
            !((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
            return false;
    }
    return true;
}

/* Reads "code" and checks that it is written in its canonical form. */
static void load_code(struct cload *l, const cJSON *o, const char *path, struct aod_code_info *e)
{
    char kpath[256];
    char canon[16];
    const char *code = get_text(l, o, path, "code", false);

    jpos_join(kpath, sizeof kpath, path, "code", 4);
    if (strcmp(e->family, "nps-extension") == 0) {
        if (code != NULL && code[0] != '\0')
            problem(l, kpath, true, "an nps-extension entry has a symbol and no \"code\"");
        return;
    }
    if (code == NULL)
        return;
    if (code[0] == '\0') {
        problem(l, path, false, "missing member \"code\"");
        return;
    }
    if (!aod_errcode_parse(code, &e->value)) {
        problem(l, kpath, false, "\"%s\" is not a code (decimal, or 0x and up to 8 hex digits)",
                code);
        return;
    }
    aod_errcode_format(e->value, canon, sizeof canon);
    if (strcmp(canon, code) != 0) {
        problem(l, kpath, false, "write \"%s\" as \"%s\" (the canonical form)", code, canon);
        return;
    }
    e->has_value = true;
}

/* Unknown members of an object are errors: a misspelt "comand" would otherwise vanish. */
static void check_members(struct cload *l, const cJSON *o, const char *path,
                          const char *const *keys)
{
    char kpath[256];

    for (const cJSON *m = o->child; m != NULL; m = m->next) {
        jpos_join(kpath, sizeof kpath, path, m->string, strlen(m->string));
        if (!is_listed(keys, m->string))
            problem(l, kpath, true, "unknown member \"%s\"", m->string);
    }
}

/* A command is pasted as it is shown: one line of printable ASCII, so no tab, no line break and
 * no typographic quote or dash (PowerShell reads some of them as quotes, other shells do not). */
static void check_command(struct cload *l, const char *path, const char *cmd)
{
    if (cmd[0] == '\0') {
        problem(l, path, false, "\"command\" must not be empty");
        return;
    }
    for (const char *p = cmd; *p != '\0'; p++) {
        if ((unsigned char)*p > 0x7e) {
            problem(l, path, false,
                    "a command must be printable ASCII (straight quotes, no typographic "
                    "characters)");
            return;
        }
    }
    if (cmd[0] == ' ' || cmd[strlen(cmd) - 1] == ' ')
        problem(l, path, false, "a command must not start or end with a blank");
}

/* "collect": an array of {"text", "command", "shell", "where"}; "shell" and "where" are
 * required with a command, and a shell without a command means one was lost. */
static void load_collect(struct cload *l, const cJSON *o, const char *path, struct aod_code_info *e)
{
    static const char *const keys[] = {"text", "command", "shell", "where", NULL};
    char kpath[256];
    char ipath[300];
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, "collect");
    size_t n = 0;
    size_t i = 0;

    jpos_join(kpath, sizeof kpath, path, "collect", 7);
    if (arr == NULL)
        return;
    if (!cJSON_IsArray(arr)) {
        problem(l, kpath, false, "\"collect\" must be an array of {\"text\", \"command\", ...}");
        return;
    }
    for (const cJSON *it = arr->child; it != NULL; it = it->next)
        n++;
    if (n > AOD_CODES_MAX_COLLECT) {
        problem(l, kpath, false, "\"collect\" has %zu items; the limit is %d", n,
                AOD_CODES_MAX_COLLECT);
        return;
    }
    if (n == 0)
        return;
    struct aod_code_step *steps = arena_alloc(&l->c->arena, n * sizeof *steps);
    if (steps == NULL) {
        l->is_oom = true;
        return;
    }
    for (const cJSON *it = arr->child; it != NULL; it = it->next, i++) {
        struct aod_code_step *st = &steps[i];
        snprintf(ipath, sizeof ipath, "%s/%zu", kpath, i);
        if (!cJSON_IsObject(it)) {
            problem(l, ipath, false, "a collect item must be an object");
            continue;
        }
        check_members(l, it, ipath, keys);
        st->text = get_text(l, it, ipath, "text", true);
        const char *cmd = get_text(l, it, ipath, "command", false);
        const char *shell = get_text(l, it, ipath, "shell", false);
        const char *where = get_text(l, it, ipath, "where", false);
        bool has_cmd = cJSON_GetObjectItemCaseSensitive(it, "command") != NULL;
        char mpath[320];
        if (cmd != NULL && has_cmd) {
            jpos_join(mpath, sizeof mpath, ipath, "command", 7);
            check_command(l, mpath, cmd);
            st->command = cmd;
        }
        jpos_join(mpath, sizeof mpath, ipath, "shell", 5);
        if (shell != NULL && shell[0] != '\0') {
            if (!is_listed(shells, shell))
                problem(l, mpath, false, "unknown shell \"%s\" (powershell, cmd, bash)", shell);
            else if (!has_cmd)
                problem(l, mpath, true, "\"shell\" without a \"command\"");
            st->shell = shell;
        } else if (has_cmd && shell != NULL) {
            problem(l, ipath, false, "a command needs its \"shell\" (powershell, cmd, bash)");
        }
        jpos_join(mpath, sizeof mpath, ipath, "where", 5);
        if (where != NULL && where[0] != '\0') {
            if (aod_code_where_label(where) == NULL)
                problem(l, mpath, false, "unknown place \"%s\" (client, rras, nps, admin, linux)",
                        where);
            st->where = where;
        } else if (has_cmd && where != NULL) {
            problem(l, ipath, false,
                    "a command needs \"where\" it runs (client, rras, nps, admin, linux)");
        }
    }
    e->collect = steps;
    e->n_collect = n;
}

static void load_entry(struct cload *l, const cJSON *o, const char *path, struct aod_code_info *e)
{
    static const char *const keys[] = {"family",  "code", "symbol", "meaning", "logged",
                                       "collect", "flow", "source", NULL};
    char kpath[256];

    check_members(l, o, path, keys);
    e->family = get_text(l, o, path, "family", true);
    if (e->family == NULL)
        return;
    if (!is_listed(families, e->family)) {
        jpos_join(kpath, sizeof kpath, path, "family", 6);
        problem(l, kpath, false,
                "unknown family \"%s\" (ras, ipsec, win32, hresult, event, nps-reason, "
                "nps-extension)",
                e->family);
        e->family = NULL;
        return;
    }
    load_code(l, o, path, e);
    bool needs_symbol = strcmp(e->family, "event") != 0 && strcmp(e->family, "nps-reason") != 0;
    e->symbol = get_text(l, o, path, "symbol", needs_symbol);
    if (e->symbol != NULL && e->symbol[0] != '\0' && !is_symbol(e->symbol)) {
        jpos_join(kpath, sizeof kpath, path, "symbol", 6);
        problem(l, kpath, false,
                "\"symbol\" is one word of letters, digits and '_', at most %d characters",
                SYMBOL_MAX);
    }
    e->meaning = get_text(l, o, path, "meaning", true);
    e->logged = get_text(l, o, path, "logged", true);
    load_collect(l, o, path, e);
    e->source = get_text(l, o, path, "source", true);
    const char *flow = get_text(l, o, path, "flow", false);
    e->flow = flow != NULL && flow[0] != '\0' ? flow : NULL;
    jpos_join(kpath, sizeof kpath, path, "flow", 4);
    if (e->flow != NULL && !is_target(e->flow))
        problem(l, kpath, false, "\"%s\" is not a flow:node reference", e->flow);
    jpos_join(kpath, sizeof kpath, path, "source", 6);
    if (e->source != NULL && !has_prefix(e->source, "https://") &&
        !has_prefix(e->source, "http://"))
        problem(l, kpath, false, "a source must be an http:// or https:// URL");
}

/* Same family and code (or, for names, the same symbol ignoring case) as an earlier entry. */
static void check_duplicate(struct cload *l, size_t i, const char *path)
{
    const struct aod_code_info *e = &l->c->items[i];
    char kpath[256];

    if (e->family == NULL)
        return;
    for (size_t k = 0; k < i; k++) {
        const struct aod_code_info *p = &l->c->items[k];
        if (p->family == NULL || strcmp(p->family, e->family) != 0)
            continue;
        bool is_same = e->has_value ? p->has_value && p->value == e->value
                                    : !p->has_value && e->symbol != NULL && p->symbol != NULL &&
                                          is_same_word(e->symbol, p->symbol);
        if (!is_same)
            continue;
        int line = 0;
        int col = 0;
        where(l, l->c->paths[k], false, &line, &col);
        jpos_join(kpath, sizeof kpath, path, e->has_value ? "code" : "symbol",
                  e->has_value ? 4 : 6);
        problem(l, kpath, false, "%s %s is already described on line %d", e->family,
                e->has_value ? "code" : "name", line);
        return;
    }
}

static void load_top(struct cload *l, const cJSON *root)
{
    const cJSON *codes;
    size_t n = 0;

    if (!cJSON_IsObject(root)) {
        problem(l, "", false, "a code dictionary must be a JSON object");
        return;
    }
    for (const cJSON *m = root->child; m != NULL; m = m->next) {
        char kpath[256];
        jpos_join(kpath, sizeof kpath, "", m->string, strlen(m->string));
        if (strcmp(m->string, "version") != 0 && strcmp(m->string, "codes") != 0 &&
            m->string[0] != '$')
            problem(l, kpath, true, "unknown member \"%s\"", m->string);
    }
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "version");
    if (!cJSON_IsNumber(version) || version->valuedouble != 1)
        problem(l, version != NULL ? "/version" : "", false, "\"version\" must be 1");
    codes = cJSON_GetObjectItemCaseSensitive(root, "codes");
    if (!cJSON_IsArray(codes)) {
        problem(l, codes != NULL ? "/codes" : "", false, "\"codes\" must be an array");
        return;
    }
    for (const cJSON *o = codes->child; o != NULL; o = o->next)
        n++;
    if (n > AOD_CODES_MAX_ENTRIES) {
        problem(l, "/codes", false, "%zu entries; the limit is %d", n, AOD_CODES_MAX_ENTRIES);
        return;
    }
    l->c->items = n > 0 ? arena_alloc(&l->c->arena, n * sizeof *l->c->items) : NULL;
    l->c->paths = n > 0 ? arena_alloc(&l->c->arena, n * sizeof *l->c->paths) : NULL;
    if (n > 0 && (l->c->items == NULL || l->c->paths == NULL)) {
        l->is_oom = true;
        return;
    }
    l->c->n = n;
    size_t i = 0;
    for (const cJSON *o = codes->child; o != NULL; o = o->next, i++) {
        char path[64];
        snprintf(path, sizeof path, "/codes/%zu", i);
        l->c->paths[i] = arena_strdup(&l->c->arena, path);
        if (l->c->paths[i] == NULL) {
            l->is_oom = true;
            return;
        }
        if (!cJSON_IsObject(o)) {
            problem(l, path, false, "an entry must be an object");
            continue;
        }
        load_entry(l, o, path, &l->c->items[i]);
        check_duplicate(l, i, path);
    }
}

enum aod_status aod_codes_load_buffer(const char *name, const char *buf, size_t len,
                                      struct aod_codes **out, struct aod_diags *diags,
                                      struct aod_err *err)
{
    struct cload l;
    struct arena scratch; /* cJSON's tree, so that a failed allocation is told apart */
    cJSON *root = NULL;
    const char *end = NULL;
    enum aod_status rc = AOD_OK;

    memset(&l, 0, sizeof l);
    memset(&scratch, 0, sizeof scratch);
    *out = NULL;
    l.name = name;
    l.buf = buf;
    l.len = len;
    l.diags = diags;
    l.err = err;
    l.c = calloc(1, sizeof *l.c);
    if (l.c == NULL)
        return aod_err_set(err, AOD_E_NOMEM, "%s: out of memory", name);
    if (len > AOD_CODES_MAX_BYTES) {
        problem(&l, "", false, "file is %zu bytes; the dictionary is limited to %d bytes", len,
                AOD_CODES_MAX_BYTES);
        rc = l.is_oom || l.c->arena.has_failed
                 ? aod_err_set(err, AOD_E_NOMEM, "%s: out of memory", name)
                 : AOD_E_FLOW;
        goto out;
    }
    if (!aod_utf8_valid(buf, len)) {
        rc = aod_err_set(err, AOD_E_PARSE, "%s: not valid UTF-8", name);
        if (diags_add(diags, name, 0, 0, "not valid UTF-8") != AOD_OK)
            rc = aod_err_set(err, AOD_E_NOMEM, "%s: out of memory", name);
        goto out;
    }
    flow_json_arena(&scratch);
    root = cJSON_ParseWithLengthOpts(buf, len, &end, false);
    if (root == NULL && scratch.has_failed) {
        rc = aod_err_set(err, AOD_E_NOMEM, "%s: out of memory", name);
        goto out;
    }
    if (root == NULL) {
        int line = 0;
        int col = 0;
        size_t off = end != NULL && end >= buf ? (size_t)(end - buf) : 0;
        jpos_offset_to_line_col(buf, len, off, &line, &col);
        rc = aod_err_set(err, AOD_E_PARSE, "%s:%d:%d: JSON syntax error", name, line, col);
        if (diags_add(diags, name, line, col, "JSON syntax error") != AOD_OK)
            rc = aod_err_set(err, AOD_E_NOMEM, "%s: out of memory", name);
        goto out;
    }
    load_top(&l, root);
    if (l.is_oom || l.c->arena.has_failed) {
        rc = aod_err_set(err, AOD_E_NOMEM, "%s: out of memory", name);
        goto out;
    }
    if (l.n_errors > 0) {
        rc = AOD_E_FLOW;
        goto out;
    }
    l.c->file = arena_strdup(&l.c->arena, name);
    l.c->text = arena_strndup(&l.c->arena, buf, len);
    l.c->text_len = len;
    if (l.c->file == NULL || l.c->text == NULL) {
        rc = aod_err_set(err, AOD_E_NOMEM, "%s: out of memory", name);
        goto out;
    }
    *out = l.c;
    l.c = NULL;
out:
    cJSON_Delete(root);
    flow_json_arena(NULL);
    arena_reset(&scratch);
    if (l.has_jp)
        jpos_free(&l.jp);
    aod_codes_free(l.c);
    return rc;
}

enum aod_status aod_codes_load_file(const char *path, struct aod_codes **out,
                                    struct aod_diags *diags, struct aod_err *err)
{
    enum aod_status rc;
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0;

    *out = NULL;
    if (fp == NULL) {
        diags_add(diags, path, 0, 0, "cannot read: %s", strerror(errno));
        return aod_err_set(err, AOD_E_IO, "%s: cannot read: %s", path, strerror(errno));
    }
    /* One byte past the cap, so that the loader sees and reports an oversized file. */
    buf = malloc(AOD_CODES_MAX_BYTES + 1);
    if (buf == NULL) {
        rc = aod_err_set(err, AOD_E_NOMEM, "out of memory");
        goto out;
    }
    len = fread(buf, 1, AOD_CODES_MAX_BYTES + 1, fp);
    if (ferror(fp)) {
        diags_add(diags, path, 0, 0, "read error");
        rc = aod_err_set(err, AOD_E_IO, "%s: read error", path);
        goto out;
    }
    rc = aod_codes_load_buffer(path, buf, len, out, diags, err);
out:
    free(buf);
    fclose(fp);
    return rc;
}

void aod_codes_free(struct aod_codes *c)
{
    if (c == NULL)
        return;
    arena_reset(&c->arena);
    free(c);
}

bool aod_codes_is_dictionary(const char *buf, size_t len)
{
    /* The top object's members are the only ones at depth 1: a string at depth 1 followed by
     * ':' is a key. Strings are skipped whole so that "codes" in a text does not count. */
    int depth = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = buf[i];
        if (ch == '{' || ch == '[') {
            depth++;
        } else if (ch == '}' || ch == ']') {
            depth--;
        } else if (ch == '"') {
            size_t start = ++i;
            while (i < len && buf[i] != '"')
                i += buf[i] == '\\' ? 2 : 1;
            if (i >= len)
                return false;
            size_t j = i + 1;
            while (j < len && (buf[j] == ' ' || buf[j] == '\t' || buf[j] == '\n' || buf[j] == '\r'))
                j++;
            if (depth == 1 && j < len && buf[j] == ':' && i - start == 5 &&
                memcmp(buf + start, "codes", 5) == 0)
                return true;
        }
    }
    return false;
}

static bool flow_has_node(const struct aod_flow *f, const char *node)
{
    size_t n = aod_flow_node_count(f);
    for (size_t i = 0; i < n; i++) {
        struct aod_node_info info;
        aod_flow_node(f, i, &info);
        if (info.id != NULL && strcmp(info.id, node) == 0)
            return true;
    }
    return false;
}

enum aod_status aod_codes_check(const struct aod_codes *c, struct aod_catalog *cat,
                                struct aod_diags *diags, struct aod_err *err)
{
    struct jpos jp;
    bool has_jp = false;
    size_t n_problems = 0;
    enum aod_status rc = AOD_OK;

    memset(&jp, 0, sizeof jp);
    for (size_t i = 0; c != NULL && i < c->n; i++) {
        const char *target = c->items[i].flow;
        char flow_id[128];
        char msg[AOD_ERR_MAX];
        if (target == NULL)
            continue;
        const char *colon = strchr(target, ':');
        snprintf(flow_id, sizeof flow_id, "%.*s", (int)(colon - target), target);
        /* A lazy catalog loads the flow here; a filled one has it already. */
        if (aod_catalog_open(cat, flow_id, NULL, NULL) == AOD_E_NOMEM) {
            rc = aod_err_set(err, AOD_E_NOMEM, "out of memory");
            goto out;
        }
        const struct aod_flow *f = aod_catalog_find(cat, flow_id);
        if (f == NULL)
            snprintf(msg, sizeof msg, "no flow \"%s\" in the catalog", flow_id);
        else if (!flow_has_node(f, colon + 1))
            snprintf(msg, sizeof msg, "flow \"%s\" has no node \"%s\"", flow_id, colon + 1);
        else
            continue;
        int line = 0;
        int col = 0;
        char path[64];
        if (!has_jp) {
            rc = jpos_build(&jp, c->text, c->text_len, (struct arena *)&c->arena, err);
            if (rc != AOD_OK) {
                jpos_free(&jp);
                goto out;
            }
            has_jp = true;
        }
        snprintf(path, sizeof path, "%s/flow", c->paths[i]);
        jpos_locate(&jp, path, false, &line, &col);
        if (n_problems == 0)
            aod_err_set(err, AOD_E_FLOW, "%s:%d:%d: %s", c->file, line, col, msg);
        n_problems++;
        if (diags_add(diags, c->file, line, col, "%s", msg) != AOD_OK) {
            rc = aod_err_set(err, AOD_E_NOMEM, "out of memory");
            goto out;
        }
    }
    rc = n_problems > 0 ? AOD_E_FLOW : AOD_OK;
out:
    if (has_jp)
        jpos_free(&jp);
    return rc;
}

size_t aod_codes_count(const struct aod_codes *c)
{
    return c != NULL ? c->n : 0;
}

const struct aod_code_info *aod_codes_get(const struct aod_codes *c, size_t i)
{
    return c != NULL && i < c->n ? &c->items[i] : NULL;
}

static bool is_win32_family(const char *family)
{
    return strcmp(family, "ras") == 0 || strcmp(family, "ipsec") == 0 ||
           strcmp(family, "win32") == 0;
}

size_t aod_codes_lookup(const struct aod_codes *c, const char *query, struct aod_code_info *out,
                        size_t max)
{
    uint32_t v = 0;
    size_t n = 0;
    bool is_code;
    char word[128];

    if (c == NULL || query == NULL)
        return 0;
    is_code = aod_errcode_parse(query, &v);
    /* Symbols are matched without the blanks around them. */
    while (*query == ' ' || *query == '\t')
        query++;
    snprintf(word, sizeof word, "%s", query);
    for (size_t k = strlen(word); k > 0 && (word[k - 1] == ' ' || word[k - 1] == '\t'); k--)
        word[k - 1] = '\0';
    for (size_t i = 0; i < c->n; i++) {
        const struct aod_code_info *e = &c->items[i];
        bool is_match = false;
        bool is_via = false;
        if (is_code && e->has_value) {
            is_match = e->value == v;
            /* HRESULT_FROM_WIN32: 0x8007xxxx carries a Win32 (or RAS) code in its low bits. */
            if (!is_match && (v & 0xFFFF0000u) == 0x80070000u && is_win32_family(e->family) &&
                e->value == (v & 0xFFFFu)) {
                is_match = true;
                is_via = true;
            }
        } else if (!is_code && word[0] != '\0' && e->symbol != NULL && e->symbol[0] != '\0') {
            is_match = is_same_word(word, e->symbol);
        }
        if (!is_match)
            continue;
        if (n < max && out != NULL) {
            out[n] = *e;
            out[n].is_via_hresult = is_via;
        }
        n++;
    }
    return n;
}
