/* tests/fuzz/fuzz_template.c: shell quoting and {{fact}} expansion with hostile facts.
 * For each shell a small decoder reads the quoted output back the way that shell reads a
 * literal; decode(quote(x)) must be x, the output must be one literal with nothing unquoted,
 * and cmd must refuse what it cannot quote (" % ! ^ and control characters). Then a template
 * with the value as a fact must expand to exactly that literal, or to the "<name>"
 * placeholder with is_incomplete set; and any template expands without overrunning. */
#include "fuzz_common.h"

#include "arena.h"
#include "template.h"

#define QUOTE_CAP 8192

/* The quotes PowerShell takes as a single quote: ' and U+2018..U+201B. Byte length or 0. */
static size_t ps_quote_at(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    if (u[0] == '\'')
        return 1;
    if (u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x98 && u[2] <= 0x9B)
        return 3;
    return 0;
}

/* As PowerShell's tokenizer reads '...': a quote followed by a quote stands for the second
 * one; a lone quote ends the literal, which must be the end of the output. */
static bool ps_decode(const char *q, char *out, size_t cap)
{
    size_t n = 0;
    if (*q != '\'')
        return false;
    q++;
    for (;;) {
        size_t a = ps_quote_at(q);
        if (*q == '\0')
            return false; /* unterminated */
        if (a > 0) {
            size_t b = ps_quote_at(q + a);
            if (b == 0) {
                if (q[a] != '\0')
                    return false; /* something after the literal: unquoted */
                break;
            }
            if (n + b >= cap)
                return false;
            memcpy(out + n, q + a, b);
            n += b;
            q += a + b;
            continue;
        }
        if (n + 1 >= cap)
            return false;
        out[n++] = *q++;
    }
    out[n] = '\0';
    return true;
}

/* bash: '...' pieces (no escapes inside) joined by \' outside; anything else is unquoted. */
static bool bash_decode(const char *q, char *out, size_t cap)
{
    size_t n = 0;
    if (*q == '\0')
        return false;
    while (*q != '\0') {
        if (*q == '\'') {
            const char *end = strchr(q + 1, '\'');
            if (end == NULL)
                return false;
            size_t len = (size_t)(end - q - 1);
            if (n + len >= cap)
                return false;
            memcpy(out + n, q + 1, len);
            n += len;
            q = end + 1;
        } else if (q[0] == '\\' && q[1] == '\'') {
            if (n + 1 >= cap)
                return false;
            out[n++] = '\'';
            q += 2;
        } else {
            return false;
        }
    }
    out[n] = '\0';
    return true;
}

/* cmd: "..." with nothing cmd expands or ends a quote with inside. */
static bool cmd_decode(const char *q, char *out, size_t cap)
{
    size_t len = strlen(q);
    if (len < 2 || q[0] != '"' || q[len - 1] != '"' || len - 2 >= cap)
        return false;
    if (strpbrk(q + 1, "\"%!^") != q + len - 1)
        return false;
    memcpy(out, q + 1, len - 2);
    out[len - 2] = '\0';
    return true;
}

/* .reg strings: "..." with \\ and \" escaped. */
static bool reg_decode(const char *q, char *out, size_t cap)
{
    size_t n = 0;
    if (*q++ != '"')
        return false;
    for (;;) {
        if (*q == '\0')
            return false;
        if (*q == '"') {
            if (q[1] != '\0')
                return false;
            break;
        }
        if (*q == '\\') {
            if (q[1] != '\\' && q[1] != '"')
                return false;
            q++;
        }
        if (n + 1 >= cap)
            return false;
        out[n++] = *q++;
    }
    out[n] = '\0';
    return true;
}

static bool decode(enum aod_shell sh, const char *q, char *out, size_t cap)
{
    switch (sh) {
    case AOD_SHELL_POWERSHELL:
        return ps_decode(q, out, cap);
    case AOD_SHELL_BASH:
        return bash_decode(q, out, cap);
    case AOD_SHELL_CMD:
        return cmd_decode(q, out, cap);
    case AOD_SHELL_REG:
        return reg_decode(q, out, cap);
    }
    return false;
}

struct facts {
    const char *name;
    const char *value;
};

static const char *lookup(const void *ctx, const char *name)
{
    const struct facts *f = ctx;
    return f->name == NULL || strcmp(name, f->name) == 0 ? f->value : NULL;
}

static void check_shell(enum aod_shell sh, const char *value, size_t small_cap)
{
    static char q[QUOTE_CAP], back[QUOTE_CAP], small[QUOTE_CAP];
    bool clean = aod_text_is_clean(value, false);
    bool ok = aod_shell_quote(sh, value, q, sizeof q);
    bool fits = strlen(value) * 2 + 3 < sizeof q; /* PowerShell at most doubles each byte */

    if (!clean)
        FUZZ_ASSERT(!ok, "a value with control characters is refused");
    if (sh == AOD_SHELL_CMD && strpbrk(value, "\"%!^") != NULL)
        FUZZ_ASSERT(!ok, "cmd refuses \" % ! ^");
    if (clean && fits && sh != AOD_SHELL_CMD && sh != AOD_SHELL_BASH)
        FUZZ_ASSERT(ok, "a clean value is quoted");
    if (clean && strlen(value) * 4 + 3 < sizeof q && sh == AOD_SHELL_BASH)
        FUZZ_ASSERT(ok, "a clean value is quoted for bash");
    if (!ok) {
        FUZZ_ASSERT(q[0] == '\0', "a refusal leaves an empty buffer");
        return;
    }
    if (!decode(sh, q, back, sizeof back))
        fuzz_fail("the output is not one literal", aod_shell_word(sh), q);
    if (strcmp(back, value) != 0)
        fuzz_fail("decode(quote(x)) != x", aod_shell_word(sh), q);
    fuzz_clean(q, false, "quoted output");

    /* A smaller buffer: the same output, or a refusal; never an overrun or a cut literal. */
    if (small_cap <= sizeof small) {
        if (aod_shell_quote(sh, value, small, small_cap))
            FUZZ_ASSERT(strcmp(small, q) == 0, "same output in a smaller buffer");
        else
            FUZZ_ASSERT(small_cap == 0 || small[0] == '\0', "a cut output is withdrawn");
    }

    /* The fact in a command: the literal or the placeholder, nothing else. */
    struct arena a = {0};
    bool incomplete = false;
    struct facts f = {"host", value};
    const char *got = tpl_expand(&a, "Test {{host}} -x", true, sh, lookup, &f, &incomplete);
    FUZZ_ASSERT(got != NULL, "tpl_expand");
    static char want[QUOTE_CAP + 32];
    snprintf(want, sizeof want, "Test %s -x", q);
    if (strcmp(got, want) != 0)
        fuzz_fail("a command holds the fact as its literal", aod_shell_word(sh), got);
    FUZZ_ASSERT(!incomplete, "no placeholder for a quotable fact");
    arena_reset(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *value = fuzz_strndup(data, size);
    size_t small_cap = size > 0 ? data[0] : 0;

    for (int sh = AOD_SHELL_POWERSHELL; sh <= AOD_SHELL_BASH; sh++)
        check_shell((enum aod_shell)sh, value, small_cap);

    /* A value that cannot be quoted becomes the placeholder, in every shell. */
    struct arena a = {0};
    for (int sh = AOD_SHELL_POWERSHELL; sh <= AOD_SHELL_BASH; sh++) {
        char q[QUOTE_CAP];
        bool incomplete = false;
        struct facts f = {"upn", value};
        if (aod_shell_quote((enum aod_shell)sh, value, q, sizeof q))
            continue;
        const char *got =
            tpl_expand(&a, "{{upn}}", true, (enum aod_shell)sh, lookup, &f, &incomplete);
        FUZZ_ASSERT(got != NULL && strcmp(got, "<upn>") == 0 && incomplete, "placeholder");
    }

    /* The input as a template, with itself as the value of every fact: no overrun, and in a
     * command a fact's value is only ever there quoted. */
    struct facts any = {NULL, value};
    bool incomplete = false;
    for (int sh = AOD_SHELL_POWERSHELL; sh <= AOD_SHELL_BASH; sh++) {
        (void)tpl_expand(&a, value, true, (enum aod_shell)sh, lookup, &any, &incomplete);
        (void)tpl_expand(&a, value, false, (enum aod_shell)sh, lookup, &any, &incomplete);
    }
    arena_reset(&a);
    free(value);
    return 0;
}
