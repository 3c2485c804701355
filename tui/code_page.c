/* tui/code_page.c: writes a code's page (meaning, where it is logged, what to collect, the
 * nearest flow) as text or JSON for explain and line mode; no curses. */
#include "code_page.h"

#include <stdint.h>
#include <string.h>

#include "aod/json_out.h"
#include "aod/text.h"

static const char *family_label(const char *family)
{
    static const struct {
        const char *family;
        const char *label;
    } labels[] = {
        {"ras", "RAS/RRAS error (raserror.h)"},
        {"ipsec", "IPsec IKE error (winerror.h)"},
        {"win32", "Win32 error"},
        {"hresult", "HRESULT"},
        {"event", "event ID"},
        {"nps-reason", "NPS reason code (events 6273, 6274)"},
        {"nps-extension", "NPS extension for Microsoft Entra MFA error"},
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        if (strcmp(labels[i].family, family) == 0)
            return labels[i].label;
    }
    return family;
}

static bool is_win32_family(const char *family)
{
    return strcmp(family, "ras") == 0 || strcmp(family, "ipsec") == 0 ||
           strcmp(family, "win32") == 0;
}

void aod_code_forms(const struct aod_code_info *e, char *buf, size_t cap)
{
    uint32_t v = e->value;

    if (cap == 0)
        return;
    buf[0] = '\0';
    if (!e->has_value)
        return;
    if (v >= 0x80000000u) {
        snprintf(buf, cap, "0x%08X = %lld = %lu", (unsigned)v, (long long)v - 0x100000000LL,
                 (unsigned long)v);
    } else if (is_win32_family(e->family) && v <= 0xFFFFu) {
        uint32_t h = 0x80070000u | v;
        snprintf(buf, cap, "%lu = 0x%X; as an HRESULT 0x%08X = %lld", (unsigned long)v, (unsigned)v,
                 (unsigned)h, (long long)h - 0x100000000LL);
    } else {
        snprintf(buf, cap, "%lu = 0x%X", (unsigned long)v, (unsigned)v);
    }
}

/* Appends `text` wrapped at blanks to `width` columns: the first line after `first` (already
 * `indent` columns wide), the others under `indent` blanks. A word longer than the line (a URL)
 * is kept whole: a cut URL cannot be pasted. The dictionary is ASCII by convention; a cut never
 * splits a UTF-8 sequence because it is made at a blank. */
static void wrap(struct aod_buf *b, const char *first, size_t indent, const char *text, int width)
{
    char clean[4096];
    size_t avail = width > (int)indent + 20 ? (size_t)width - indent : 40;

    aod_text_sanitize(clean, sizeof clean, text, false);
    aod_buf_puts(b, first);
    const char *p = clean;
    while (*p != '\0') {
        size_t n = strlen(p);
        if (n > avail) {
            size_t cut = avail;
            while (cut > 0 && p[cut] != ' ')
                cut--;
            if (cut == 0) {
                const char *sp = strchr(p, ' ');
                cut = sp != NULL ? (size_t)(sp - p) : n;
            }
            n = cut;
        }
        aod_buf_putn(b, p, n);
        aod_buf_puts(b, "\n");
        p += n;
        while (*p == ' ')
            p++;
        if (*p != '\0')
            aod_buf_printf(b, "%*s", (int)indent, "");
    }
}

/* One labelled field under a hanging indent of 11 columns. */
static void field(struct aod_buf *b, const char *label, const char *value, int width)
{
    char first[32];

    if (value == NULL || value[0] == '\0')
        return;
    snprintf(first, sizeof first, "  %-8s ", label);
    wrap(b, first, 11, value, width);
}

static const char *shell_label(const char *shell)
{
    if (strcmp(shell, "powershell") == 0)
        return "PowerShell";
    if (strcmp(shell, "cmd") == 0)
        return "cmd";
    return shell;
}

/* The "Collect" field: one item a paragraph; its prose wrapped, its command on a line of its
 * own, whole, however long: a command cut in two breaks when pasted. */
static void collect(struct aod_buf *b, const struct aod_code_info *e, int width)
{
    char line[4096];
    char cmd[AOD_CODES_MAX_TEXT + 1];

    for (size_t i = 0; i < e->n_collect; i++) {
        const struct aod_code_step *st = &e->collect[i];
        const char *where = aod_code_where_label(st->where);
        size_t len = strlen(st->text);
        const char *stop = len > 0 && st->text[len - 1] == '.' ? "" : ".";
        /* The place is its own sentence: prose often ends in a parenthesis already. */
        if (st->command != NULL && where != NULL)
            snprintf(line, sizeof line, "%s%s %c%s, in %s:", st->text, stop, where[0] - 'a' + 'A',
                     where + 1, shell_label(st->shell));
        else if (st->command != NULL)
            snprintf(line, sizeof line, "%s%s In %s:", st->text, stop, shell_label(st->shell));
        else if (where != NULL)
            snprintf(line, sizeof line, "%s%s %c%s.", st->text, stop, where[0] - 'a' + 'A',
                     where + 1);
        else
            snprintf(line, sizeof line, "%s%s", st->text, stop);
        wrap(b, i == 0 ? "  Collect  - " : "           - ", 13, line, width);
        if (st->command != NULL) {
            aod_text_sanitize(cmd, sizeof cmd, st->command, false);
            aod_buf_printf(b, "%*s%s\n", 15, "", cmd);
        }
    }
}

void aod_code_page_text(struct aod_buf *b, const struct aod_code_info *e, int width)
{
    char forms[128];
    char head[160];
    char flow[160];

    if (width <= 0)
        width = 78;
    aod_code_forms(e, forms, sizeof forms);
    if (e->has_value && e->value >= 0x80000000u)
        snprintf(head, sizeof head, "0x%08X", (unsigned)e->value);
    else if (e->has_value)
        snprintf(head, sizeof head, "%lu", (unsigned long)e->value);
    else
        head[0] = '\0';
    aod_buf_printf(b, "%s%s%s (%s)\n", head, head[0] != '\0' && e->symbol[0] != '\0' ? " " : "",
                   e->symbol, family_label(e->family));
    if (e->is_via_hresult)
        field(b, "Note", "matched as an HRESULT that carries this Win32 code", width);
    field(b, "Forms", forms, width);
    field(b, "Meaning", e->meaning, width);
    field(b, "Logged", e->logged, width);
    collect(b, e, width);
    if (e->flow != NULL) {
        const char *colon = strchr(e->flow, ':');
        snprintf(flow, sizeof flow, "aovpn-doctor %.*s (node %s)", (int)(colon - e->flow), e->flow,
                 colon + 1);
        field(b, "Run", flow, width);
    } else {
        field(b, "Run", "no flow for this code yet", width);
    }
    field(b, "Source", e->source, width);
}

static void member(struct aod_buf *b, const char *key, const char *value, bool is_first)
{
    aod_buf_printf(b, "%s\"%s\": ", is_first ? "" : ", ", key);
    if (value == NULL)
        aod_buf_puts(b, "null");
    else
        aod_json_str(b, value);
}

void aod_code_page_json(struct aod_buf *b, const struct aod_code_info *e)
{
    char forms[128];
    char code[16];
    char run[160];

    aod_code_forms(e, forms, sizeof forms);
    if (e->has_value && e->value >= 0x80000000u)
        snprintf(code, sizeof code, "0x%08X", (unsigned)e->value);
    else if (e->has_value)
        snprintf(code, sizeof code, "%lu", (unsigned long)e->value);
    aod_buf_puts(b, "{");
    member(b, "family", e->family, true);
    member(b, "code", e->has_value ? code : NULL, false);
    member(b, "forms", e->has_value ? forms : NULL, false);
    if (e->has_value && e->value >= 0x80000000u)
        aod_buf_printf(b, ", \"signed\": %lld", (long long)e->value - 0x100000000LL);
    member(b, "symbol", e->symbol, false);
    member(b, "meaning", e->meaning, false);
    member(b, "logged", e->logged, false);
    aod_buf_puts(b, ", \"collect\": [");
    for (size_t i = 0; i < e->n_collect; i++) {
        const struct aod_code_step *st = &e->collect[i];
        aod_buf_puts(b, i > 0 ? ", {" : "{");
        member(b, "text", st->text, true);
        member(b, "command", st->command, false);
        member(b, "shell", st->shell, false);
        member(b, "where", st->where, false);
        aod_buf_puts(b, "}");
    }
    aod_buf_puts(b, "]");
    member(b, "flow", e->flow, false);
    if (e->flow != NULL)
        snprintf(run, sizeof run, "aovpn-doctor %.*s", (int)(strchr(e->flow, ':') - e->flow),
                 e->flow);
    member(b, "run", e->flow != NULL ? run : NULL, false);
    member(b, "source", e->source, false);
    aod_buf_printf(b, ", \"via_hresult\": %s}", e->is_via_hresult ? "true" : "false");
}

struct aod_codes *aod_code_dict_load(const char *flows_dir, struct aod_err *err)
{
    char path[4096];
    struct aod_codes *c = NULL;

    snprintf(path, sizeof path, "%s/codes/codes.json", flows_dir);
    if (aod_codes_load_file(path, &c, NULL, err) != AOD_OK)
        return NULL;
    return c;
}

int aod_code_page_show(FILE *out, const char *flows_dir, const char *query)
{
    struct aod_err err;
    struct aod_code_info found[16];
    struct aod_buf b;
    int shown;

    aod_err_clear(&err);
    struct aod_codes *c = aod_code_dict_load(flows_dir, &err);
    if (c == NULL) {
        fprintf(out, "The code dictionary cannot be read: %s\n", err.msg);
        return -1;
    }
    size_t n = aod_codes_lookup(c, query, found, sizeof found / sizeof found[0]);
    if (n > sizeof found / sizeof found[0])
        n = sizeof found / sizeof found[0];
    aod_buf_init(&b, 1 << 20);
    if (n == 0) {
        char clean[256];
        aod_text_sanitize(clean, sizeof clean, query, false);
        aod_buf_printf(&b, "No code or name \"%s\" in the dictionary.\n", clean);
    }
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            aod_buf_puts(&b, "\n");
        aod_code_page_text(&b, &found[i], 78);
    }
    if (b.len > 0)
        fwrite(b.p, 1, b.len, out);
    shown = (int)n;
    aod_buf_free(&b);
    aod_codes_free(c);
    return shown;
}
