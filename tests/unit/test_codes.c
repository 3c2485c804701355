/* tests/unit/test_codes.c: the code dictionary (aod/codes.h): lookup of a code in each form and
 * of a symbol in any case, one number with several meanings, every load error with its
 * file:line:col, the caps, the collect items, and the reference check against a catalog. Every
 * dictionary is a buffer here; ' stands for " to keep the JSON readable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "aod/codes.h"
#include "aod/flow.h"

#define SRC  "'source': 'https://example.com/'"
#define BASE "'meaning': 'm', 'logged': 'l', " SRC

/* Line 1 is the head; entries start on line 2, one a line. */
#define HEAD "{'version': 1, 'codes': [\n"
#define TAIL "]}\n"

/* Six entries: 809 and 5 are Win32-family codes, 0x80092013 an HRESULT, 13 both an event and an
 * NPS reason code, and one NPS extension name. */
#define GOOD                                                                                       \
    HEAD " {'family': 'ras', 'code': '809', 'symbol': 'ERROR_VPN_TIMEOUT', " BASE ",\n"            \
         "  'collect': [{'text': 'The events', 'where': 'client', 'shell': 'powershell', "         \
         "'command': 'Get-WinEvent -LogName Application'}, {'text': 'The time'}]},\n"              \
         " {'family': 'hresult', 'code': '0x80092013', 'symbol': "                                 \
         "'CRYPT_E_REVOCATION_OFFLINE', " BASE "},\n"                                              \
         " {'family': 'event', 'code': '13', " BASE "},\n"                                         \
         " {'family': 'nps-reason', 'code': '13', " BASE "},\n"                                    \
         " {'family': 'win32', 'code': '5', 'symbol': 'ERROR_ACCESS_DENIED', " BASE "},\n"         \
         " {'family': 'nps-extension', 'symbol': 'ESTS_TOKEN_ERROR', " BASE "}\n" TAIL

/* A copy of `s` with ' turned into ". */
static char *json(const char *s)
{
    char *buf = strdup(s);
    assert_non_null(buf);
    for (char *p = buf; *p != '\0'; p++) {
        if (*p == '\'')
            *p = '"';
    }
    return buf;
}

struct load {
    enum aod_status rc;
    struct aod_codes *c;
    struct aod_diags *d;
    struct aod_err err;
};

static void load(struct load *l, const char *text)
{
    char *buf = json(text);
    memset(l, 0, sizeof *l);
    l->d = aod_diags_new();
    assert_non_null(l->d);
    l->rc = aod_codes_load_buffer("d.json", buf, strlen(buf), &l->c, l->d, &l->err);
    free(buf);
}

static void unload(struct load *l)
{
    aod_codes_free(l->c);
    aod_diags_free(l->d);
}

/* Asserts that the diagnostics are exactly `want` ("file:line:col: msg" lines, in order). */
static void diags_are(struct load *l, const char *const *want, size_t n)
{
    char line[512];

    aod_diags_sort(l->d);
    for (size_t i = 0; i < aod_diags_count(l->d) && i < n; i++) {
        aod_diag_format(aod_diags_get(l->d, i), line, sizeof line);
        assert_string_equal(line, want[i]);
    }
    assert_int_equal(aod_diags_count(l->d), n);
}

/* Loads GOOD and returns it (the test frees it). */
static struct aod_codes *good(void)
{
    struct load l;
    load(&l, GOOD);
    assert_int_equal(l.rc, AOD_OK);
    assert_int_equal(aod_diags_count(l.d), 0);
    aod_diags_free(l.d);
    return l.c;
}

/* The one entry `query` finds, checked to be (family, symbol-or-code). */
static struct aod_code_info one(const struct aod_codes *c, const char *query, const char *family,
                                uint32_t value)
{
    struct aod_code_info out[4];
    assert_int_equal(aod_codes_lookup(c, query, out, 4), 1);
    assert_string_equal(out[0].family, family);
    assert_true(out[0].has_value);
    assert_int_equal(out[0].value, value);
    return out[0];
}

static void null_and_empty(void **state)
{
    struct aod_code_info out[2];
    struct aod_codes *c = good();
    struct load l;

    (void)state;
    assert_int_equal(aod_codes_lookup(NULL, "809", out, 2), 0);
    assert_int_equal(aod_codes_lookup(c, NULL, out, 2), 0);
    assert_int_equal(aod_codes_lookup(c, "", out, 2), 0);
    assert_int_equal(aod_codes_lookup(c, "   ", out, 2), 0);
    /* Counting only: no room given. */
    assert_int_equal(aod_codes_lookup(c, "809", NULL, 0), 1);
    assert_int_equal(aod_codes_count(NULL), 0);
    assert_null(aod_codes_get(NULL, 0));
    assert_int_equal(aod_codes_count(c), 6);
    assert_null(aod_codes_get(c, 6));
    assert_string_equal(aod_codes_get(c, 5)->symbol, "ESTS_TOKEN_ERROR");
    aod_codes_free(NULL);
    aod_codes_free(c);

    load(&l, "");
    assert_int_equal(l.rc, AOD_E_PARSE);
    assert_null(l.c);
    unload(&l);
    load(&l, "{'version': 1, 'codes': []}");
    assert_int_equal(l.rc, AOD_OK);
    assert_int_equal(aod_codes_count(l.c), 0);
    assert_int_equal(aod_codes_lookup(l.c, "809", out, 2), 0);
    unload(&l);
}

static void every_form_of_a_code(void **state)
{
    struct aod_codes *c = good();
    struct aod_code_info e;

    (void)state;
    e = one(c, "809", "ras", 809);
    assert_false(e.is_via_hresult);
    assert_string_equal(e.symbol, "ERROR_VPN_TIMEOUT");
    one(c, "0x329", "ras", 809);
    one(c, "0X329", "ras", 809);
    one(c, " 809\t", "ras", 809);
    /* HRESULT_FROM_WIN32(809), in hex and as the signed decimal a log prints. */
    e = one(c, "0x80070329", "ras", 809);
    assert_true(e.is_via_hresult);
    e = one(c, "-2147024087", "ras", 809);
    assert_true(e.is_via_hresult);
    e = one(c, "0x80070005", "win32", 5);
    assert_true(e.is_via_hresult);
    /* An HRESULT in its three spellings. */
    e = one(c, "0x80092013", "hresult", 0x80092013u);
    assert_false(e.is_via_hresult);
    assert_string_equal(e.symbol, "CRYPT_E_REVOCATION_OFFLINE");
    one(c, "-2146885613", "hresult", 0x80092013u);
    one(c, "2148081683", "hresult", 0x80092013u);
    one(c, "0x80092013", "hresult", 0x80092013u);
    aod_codes_free(c);
}

static void symbols_in_any_case(void **state)
{
    struct aod_codes *c = good();
    struct aod_code_info out[2];

    (void)state;
    one(c, "ERROR_VPN_TIMEOUT", "ras", 809);
    one(c, "error_vpn_timeout", "ras", 809);
    one(c, "  Error_Vpn_Timeout ", "ras", 809);
    assert_int_equal(aod_codes_lookup(c, "ests_token_error", out, 2), 1);
    assert_string_equal(out[0].family, "nps-extension");
    assert_false(out[0].has_value);
    /* A prefix or a longer word is not the symbol. */
    assert_int_equal(aod_codes_lookup(c, "ERROR_VPN", out, 2), 0);
    assert_int_equal(aod_codes_lookup(c, "ERROR_VPN_TIMEOUTS", out, 2), 0);
    aod_codes_free(c);
}

static void one_number_several_meanings(void **state)
{
    struct aod_codes *c = good();
    struct aod_code_info out[2];

    (void)state;
    assert_int_equal(aod_codes_lookup(c, "13", out, 2), 2);
    assert_string_equal(out[0].family, "event");
    assert_string_equal(out[1].family, "nps-reason");
    /* With room for one, the count is still the total; the first one is stored. */
    memset(out, 0, sizeof out);
    assert_int_equal(aod_codes_lookup(c, "0xD", out, 1), 2);
    assert_string_equal(out[0].family, "event");
    assert_null(out[1].family);
    aod_codes_free(c);
}

static void unknown_codes(void **state)
{
    struct aod_codes *c = good();
    struct aod_code_info out[2];

    (void)state;
    assert_int_equal(aod_codes_lookup(c, "810", out, 2), 0);
    assert_int_equal(aod_codes_lookup(c, "0x8007032A", out, 2), 0);
    assert_int_equal(aod_codes_lookup(c, "NO_SUCH_NAME", out, 2), 0);
    /* Only Win32-family codes hide in 0x8007xxxx: not event 13 nor reason code 13. */
    assert_int_equal(aod_codes_lookup(c, "0x8007000D", out, 2), 0);
    /* Nor does an HRESULT match its low bits. */
    assert_int_equal(aod_codes_lookup(c, "0x2013", out, 2), 0);
    aod_codes_free(c);
}

static void collect_items_are_kept(void **state)
{
    struct aod_codes *c = good();
    const struct aod_code_info *e = aod_codes_get(c, 0);

    (void)state;
    assert_int_equal(e->n_collect, 2);
    assert_string_equal(e->collect[0].text, "The events");
    assert_string_equal(e->collect[0].command, "Get-WinEvent -LogName Application");
    assert_string_equal(e->collect[0].shell, "powershell");
    assert_string_equal(e->collect[0].where, "client");
    assert_string_equal(e->collect[1].text, "The time");
    assert_null(e->collect[1].command);
    assert_null(e->collect[1].shell);
    assert_null(e->collect[1].where);
    assert_int_equal(aod_codes_get(c, 1)->n_collect, 0);
    assert_string_equal(aod_code_where_label("nps"), "on the NPS server");
    assert_string_equal(aod_code_where_label("linux"), "on this Linux host");
    assert_null(aod_code_where_label("mars"));
    assert_null(aod_code_where_label(NULL));
    aod_codes_free(c);
}

static void syntax_and_encoding_errors(void **state)
{
    struct load l;

    (void)state;
    load(&l, "{'version': 1,\n 'codes': [,]}");
    assert_int_equal(l.rc, AOD_E_PARSE);
    assert_string_equal(l.err.msg, "d.json:2:12: JSON syntax error");
    diags_are(&l, (const char *const[]){"d.json:2:12: JSON syntax error"}, 1);
    unload(&l);

    load(&l, "{'version': 1, 'codes': ['\xff']}");
    assert_int_equal(l.rc, AOD_E_PARSE);
    assert_string_equal(l.err.msg, "d.json: not valid UTF-8");
    unload(&l);

    load(&l, "[1]");
    assert_int_equal(l.rc, AOD_E_FLOW);
    diags_are(&l, (const char *const[]){"d.json:1:1: a code dictionary must be a JSON object"}, 1);
    unload(&l);

    load(&l, "{'version': 2, 'codes': {}, 'extra': 1}");
    assert_int_equal(l.rc, AOD_E_FLOW);
    diags_are(&l,
              (const char *const[]){"d.json:1:13: \"version\" must be 1",
                                    "d.json:1:25: \"codes\" must be an array",
                                    "d.json:1:29: unknown member \"extra\""},
              3);
    unload(&l);
}

static void entry_errors(void **state)
{
    struct load l;

    (void)state;
    load(&l, HEAD " {'family': 'ras', 'code': '0x329', 'symbol': 'S', " BASE "},\n"
                  " {'family': 'ras', 'code': '810', 'symbol': 'S', " BASE "},\n"
                  " {'family': 'ras', 'code': '810', 'symbol': 'T', " BASE "},\n"
                  " {'family': 'hresult', 'code': '12x', 'symbol': 'S', " BASE "},\n"
                  " {'family': 'ras', 'code': '811', 'symbol': 'S', 'meaning': 'm', "
                  "'logged': 'l'},\n"
                  " {'family': 'ras', 'code': '812', 'symbol': 'S', 'meaning': 'm', "
                  "'logged': 'l', 'source': 'ftp://x', 'flow': 'no colon'}\n" TAIL);
    assert_int_equal(l.rc, AOD_E_FLOW);
    assert_string_equal(l.err.msg, "d.json:2:28: write \"0x329\" as \"809\" (the canonical form)");
    diags_are(&l,
              (const char *const[]){
                  "d.json:2:28: write \"0x329\" as \"809\" (the canonical form)",
                  "d.json:4:28: ras code is already described on line 3",
                  "d.json:5:32: \"12x\" is not a code (decimal, or 0x and up to 8 hex digits)",
                  "d.json:6:2: missing member \"source\"",
                  "d.json:7:91: a source must be an http:// or https:// URL",
                  "d.json:7:110: \"no colon\" is not a flow:node reference",
              },
              6);
    unload(&l);
}

static void collect_errors(void **state)
{
    struct load l;

    (void)state;
    load(&l, HEAD " {'family': 'ras', 'code': '809', 'symbol': 'S', " BASE ", 'collect': [\n"
                  "  {'text': 'a', 'where': 'client', 'shell': 'powershell', 'command': 'x\\ny'},\n"
                  "  {'text': 'b', 'where': 'client', 'shell': 'powershell', "
                  "'command': 'Get-Item \xe2\x80\x98x\xe2\x80\x99'},\n"
                  "  {'text': 'c', 'where': 'client', 'shell': 'zsh', 'command': 'ls'},\n"
                  "  {'text': 'd', 'shell': 'bash', 'command': 'ls'},\n"
                  "  {'text': 'e', 'where': 'client', 'command': 'ls'},\n"
                  "  {'text': 'f', 'where': 'mars'},\n"
                  "  {'text': 'g', 'shell': 'bash'},\n"
                  "  {'text': '', 'comand': 'ls'},\n"
                  "  {'text': 'i', 'where': 'linux', 'shell': 'bash', 'command': ' ls'},\n"
                  "  'j']}\n" TAIL);
    assert_int_equal(l.rc, AOD_E_FLOW);
    diags_are(&l,
              (const char *const[]){
                  "d.json:3:70: \"command\" holds a control character",
                  "d.json:4:70: a command must be printable ASCII (straight quotes, no typographic "
                  "characters)",
                  "d.json:5:45: unknown shell \"zsh\" (powershell, cmd, bash)",
                  "d.json:6:3: a command needs \"where\" it runs (client, rras, nps, admin, linux)",
                  "d.json:7:3: a command needs its \"shell\" (powershell, cmd, bash)",
                  "d.json:8:26: unknown place \"mars\" (client, rras, nps, admin, linux)",
                  "d.json:9:17: \"shell\" without a \"command\"",
                  "d.json:10:12: \"text\" must not be empty",
                  "d.json:10:16: unknown member \"comand\"",
                  "d.json:11:63: a command must not start or end with a blank",
                  "d.json:12:3: a collect item must be an object",
              },
              11);
    unload(&l);

    load(&l,
         HEAD " {'family': 'ras', 'code': '809', 'symbol': 'S', " BASE ", 'collect': 'x'}\n" TAIL);
    assert_int_equal(l.rc, AOD_E_FLOW);
    assert_string_equal(
        l.err.msg, "d.json:2:126: \"collect\" must be an array of {\"text\", \"command\", ...}");
    unload(&l);
}

/* A buffer of `n` bytes: GOOD padded with blanks. */
static char *padded(size_t n)
{
    char *g = json(GOOD);
    char *buf = malloc(n);
    assert_non_null(buf);
    memset(buf, ' ', n);
    memcpy(buf, g, strlen(g));
    free(g);
    return buf;
}

static void size_caps(void **state)
{
    struct aod_err err;
    struct aod_codes *c = NULL;
    char *buf;
    struct load l;

    (void)state;
    /* The byte cap: at the cap it loads, one byte over it does not. */
    buf = padded(AOD_CODES_MAX_BYTES + 1);
    assert_int_equal(aod_codes_load_buffer("d.json", buf, AOD_CODES_MAX_BYTES, &c, NULL, &err),
                     AOD_OK);
    aod_codes_free(c);
    assert_int_equal(aod_codes_load_buffer("d.json", buf, AOD_CODES_MAX_BYTES + 1, &c, NULL, &err),
                     AOD_E_FLOW);
    assert_null(c);
    assert_string_equal(err.msg, "d.json:1:1: file is 1048577 bytes; the dictionary is limited "
                                 "to 1048576 bytes");
    free(buf);

    /* The cap of one string. */
    char text[AOD_CODES_MAX_TEXT + 200];
    snprintf(text, sizeof text,
             HEAD " {'family': 'event', 'code': '1', 'meaning': '%0*d', "
                  "'logged': 'l', " SRC "}\n" TAIL,
             AOD_CODES_MAX_TEXT + 1, 0);
    load(&l, text);
    assert_int_equal(l.rc, AOD_E_FLOW);
    assert_string_equal(l.err.msg, "d.json:2:46: \"meaning\" is 2049 bytes; the limit is 2048");
    unload(&l);

    /* The cap of collect items. */
    char items[2048] = "";
    for (int i = 0; i <= AOD_CODES_MAX_COLLECT; i++)
        strcat(items, i > 0 ? ", {'text': 't'}" : "{'text': 't'}");
    snprintf(text, sizeof text,
             HEAD " {'family': 'event', 'code': '1', " BASE ", 'collect': [%s]}\n" TAIL, items);
    load(&l, text);
    assert_int_equal(l.rc, AOD_E_FLOW);
    assert_string_equal(l.err.msg, "d.json:2:111: \"collect\" has 17 items; the limit is 16");
    unload(&l);

    /* The cap of entries: counted before any entry is read. */
    size_t n = AOD_CODES_MAX_ENTRIES + 1;
    buf = malloc(64 + 3 * n);
    assert_non_null(buf);
    strcpy(buf, "{\"version\": 1, \"codes\": [");
    for (size_t i = 0; i < n; i++)
        strcat(buf, i > 0 ? ",{}" : "{}");
    strcat(buf, "]}");
    assert_int_equal(aod_codes_load_buffer("d.json", buf, strlen(buf), &c, NULL, &err), AOD_E_FLOW);
    assert_string_equal(err.msg, "d.json:1:25: 4097 entries; the limit is 4096");
    free(buf);
}

/* A flow "f" with nodes "q" and "done", loaded and checked into a new catalog. */
static struct aod_catalog *catalog(void)
{
    char *flow = json("{'id': 'f', 'title': 'T', 'version': 1, 'start': 'q', 'nodes': [\n"
                      " {'id': 'q', 'kind': 'question', 'title': 'Q?', 'choices': [{'label': 'A', "
                      "'next': 'done'}, {'label': 'B', 'next': 'done'}]},\n"
                      " {'id': 'done', 'kind': 'conclusion', 'title': 'Done', 'reasoning': 'R', "
                      "'steps': [{'title': 'S', 'where': 'client', 'shell': 'powershell', "
                      "'commands': ['Get-Date']}], "
                      "'sources': ['https://example.com/'], 'checked': '2026-12-02'}]}\n");
    struct aod_catalog *cat = aod_catalog_new();
    struct aod_err err;

    assert_non_null(cat);
    assert_int_equal(aod_catalog_add_buffer(cat, "f.json", flow, strlen(flow), NULL, &err), AOD_OK);
    assert_int_equal(aod_catalog_check(cat, NULL, &err), AOD_OK);
    free(flow);
    return cat;
}

static void reference_check(void **state)
{
    struct aod_catalog *cat = catalog();
    struct aod_err err;
    struct load l;

    (void)state;
    load(&l, HEAD " {'family': 'event', 'code': '1', " BASE ", 'flow': 'f:q'},\n"
                  " {'family': 'event', 'code': '2', " BASE ", 'flow': 'f:done'},\n"
                  " {'family': 'event', 'code': '3', " BASE "}\n" TAIL);
    assert_int_equal(l.rc, AOD_OK);
    assert_string_equal(aod_codes_get(l.c, 0)->flow, "f:q");
    assert_null(aod_codes_get(l.c, 2)->flow);
    assert_int_equal(aod_codes_check(l.c, cat, l.d, &err), AOD_OK);
    assert_int_equal(aod_diags_count(l.d), 0);
    unload(&l);

    load(&l, HEAD " {'family': 'event', 'code': '1', " BASE ", 'flow': 'f:gone'},\n"
                  " {'family': 'event', 'code': '2', " BASE ", 'flow': 'g:q'}\n" TAIL);
    assert_int_equal(l.rc, AOD_OK);
    assert_int_equal(aod_codes_check(l.c, cat, l.d, &err), AOD_E_FLOW);
    assert_string_equal(err.msg, "d.json:2:108: flow \"f\" has no node \"gone\"");
    diags_are(&l,
              (const char *const[]){"d.json:2:108: flow \"f\" has no node \"gone\"",
                                    "d.json:3:108: no flow \"g\" in the catalog"},
              2);
    unload(&l);
    aod_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(null_and_empty),
        cmocka_unit_test(every_form_of_a_code),
        cmocka_unit_test(symbols_in_any_case),
        cmocka_unit_test(one_number_several_meanings),
        cmocka_unit_test(unknown_codes),
        cmocka_unit_test(collect_items_are_kept),
        cmocka_unit_test(syntax_and_encoding_errors),
        cmocka_unit_test(entry_errors),
        cmocka_unit_test(collect_errors),
        cmocka_unit_test(size_caps),
        cmocka_unit_test(reference_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
