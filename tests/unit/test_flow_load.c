/* tests/unit/test_flow_load.c: loading and checking flows from buffers. Every broken flow must
 * be refused with a diagnostic that names the problem and points at it (file:line:col), because
 * that text is all a flow author gets. Flows are written one node per line so that the expected
 * positions can be read off the source. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "aod/flow.h"

/* Flows are written with ' for " to stay readable; load() turns them into JSON. Line 1 of every
 * test flow is HEAD. The nodes start on line 2. */
#define HEAD "{'id': 'f', 'title': 'T', 'version': 1, 'start': 'q', 'nodes': [\n"
/* A two-choice question, both choices to "done". */
#define QUESTION(id, next)                                                                         \
    " {'id': '" id "', 'kind': 'question', 'title': 'Q?', 'choices': [{'label': "                  \
    "'A', 'next': '" next "'}, {'label': 'B', 'next': '" next "'}]},\n"
/* A conclusion, last in the list (no trailing comma). */
#define CONCLUSION(id)                                                                             \
    " {'id': '" id "', 'kind': 'conclusion', 'title': 'Done', 'reasoning': 'R', "                  \
    "'steps': [{'title': 'S', 'where': 'client', 'shell': 'powershell', 'commands': "              \
    "['Get-Date']}], "                                                                             \
    "'sources': ['https://example.com/'], 'checked': '2026-12-02'}\n"
#define TAIL "]}\n"

#define MINIMAL HEAD QUESTION("q", "done") CONCLUSION("done") TAIL

struct run {
    struct aod_catalog *cat;
    struct aod_diags *d;
    enum aod_status add_rc;
    enum aod_status check_rc;
    struct aod_err err;
    char *json; /* the last buffer added (owned), for failure messages */
};

static int setup(void **state)
{
    struct run *r = calloc(1, sizeof *r);

    if (r == NULL)
        return -1;
    r->cat = aod_catalog_new();
    r->d = aod_diags_new();
    r->add_rc = AOD_OK;
    r->check_rc = AOD_OK;
    *state = r;
    return r->cat != NULL && r->d != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    struct run *r = *state;

    aod_diags_free(r->d);
    aod_catalog_free(r->cat);
    free(r->json);
    free(r);
    return 0;
}

/* Makes every ' in buf[0..len) a ". */
static void dequote(char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (buf[i] == '\'')
            buf[i] = '"';
    }
}

/* Adds buf[0..len) (taking ownership) as `name`; when it loads, checks the catalog too. */
static void add(struct run *r, const char *name, char *buf, size_t len)
{
    free(r->json);
    r->json = buf;
    aod_err_clear(&r->err);
    r->add_rc = aod_catalog_add_buffer(r->cat, name, buf, len, r->d, &r->err);
    if (r->add_rc == AOD_OK)
        r->check_rc = aod_catalog_check(r->cat, r->d, NULL);
}

/* The parts up to NULL, joined and dequoted, in a new buffer. */
static char *join(va_list ap)
{
    char *buf = NULL;
    size_t len = 0;

    for (const char *p = va_arg(ap, const char *); p != NULL; p = va_arg(ap, const char *)) {
        size_t n = strlen(p);
        char *nb = realloc(buf, len + n + 1);
        assert_non_null(nb);
        buf = nb;
        memcpy(buf + len, p, n + 1);
        len += n;
    }
    if (buf == NULL)
        buf = calloc(1, 1);
    assert_non_null(buf);
    dequote(buf, len);
    return buf;
}

/* Adds the flow made of the parts up to NULL as `name`. */
static void load_as(struct run *r, const char *name, ...)
{
    va_list ap;
    char *buf;

    va_start(ap, name);
    buf = join(ap);
    va_end(ap);
    add(r, name, buf, strlen(buf));
}

/* Adds the flow made of the parts up to NULL as "t.json". */
static void load(struct run *r, ...)
{
    va_list ap;
    char *buf;

    va_start(ap, r);
    buf = join(ap);
    va_end(ap);
    add(r, "t.json", buf, strlen(buf));
}

/* A copy of MINIMAL as JSON, padded with blanks to `len` bytes. */
static char *minimal_padded(size_t len)
{
    static const char min[] = MINIMAL;
    char *buf = malloc(len + 1);

    assert_non_null(buf);
    assert_true(len >= sizeof min - 1);
    memset(buf, ' ', len);
    memcpy(buf, min, sizeof min - 1);
    buf[len] = '\0';
    dequote(buf, len);
    return buf;
}

/* Prints the text at line:col of the last buffer (columns count characters), so that a wrong
 * position in a failure message shows what it points at. */
static void show_position(const struct run *r, int line, int col)
{
    const char *p = r->json;

    if (p == NULL || line < 1)
        return;
    for (int l = 1; l < line && p != NULL; l++) {
        p = strchr(p, '\n');
        p = p != NULL ? p + 1 : NULL;
    }
    for (int c = 1; c < col && p != NULL && *p != '\0' && *p != '\n'; c++) {
        p++;
        while (((unsigned char)*p & 0xC0u) == 0x80u)
            p++;
    }
    if (p != NULL)
        print_message("    at %d:%d: %.24s\n", line, col, p);
}

/* Asserts that the sorted diagnostics are exactly want[0..n). */
static void expect_diags(struct run *r, const char *const *want, size_t n)
{
    char buf[1024];
    size_t got = aod_diags_count(r->d);

    aod_diags_sort(r->d);
    for (size_t i = 0; i < got; i++) {
        const struct aod_diag *dg = aod_diags_get(r->d, i);
        aod_diag_format(dg, buf, sizeof buf);
        if (i >= n || strcmp(buf, want[i]) != 0) {
            print_message("diag %zu: %s\n", i, buf);
            show_position(r, dg->line, dg->col);
        }
    }
    assert_int_equal(got, n);
    for (size_t i = 0; i < n; i++) {
        aod_diag_format(aod_diags_get(r->d, i), buf, sizeof buf);
        assert_string_equal(buf, want[i]);
    }
}

static void expect_one(struct run *r, const char *want)
{
    expect_diags(r, &want, 1);
}

/* ---- degenerate input ---- */

static void empty_buffer(void **state)
{
    struct run *r = *state;

    load(r, NULL);
    assert_int_equal(r->add_rc, AOD_E_PARSE);
    assert_int_equal(r->err.code, AOD_E_PARSE);
    expect_one(r, "t.json:1:1: JSON syntax error: unexpected end of file");
    assert_int_equal(aod_catalog_count(r->cat), 0);
}

static void null_diags_and_err(void **state)
{
    struct run *r = *state;

    /* Both may be NULL; the return code alone must still tell a parse error from a bad flow. */
    assert_int_equal(aod_catalog_add_buffer(r->cat, "t.json", "{", 1, NULL, NULL), AOD_E_PARSE);
    assert_int_equal(aod_catalog_add_buffer(r->cat, "t.json", "[]", 2, NULL, NULL), AOD_E_FLOW);
    char *min = minimal_padded(strlen(MINIMAL));
    assert_int_equal(aod_catalog_add_buffer(r->cat, "t.json", min, strlen(min), NULL, NULL),
                     AOD_OK);
    free(min);
    assert_int_equal(aod_catalog_check(r->cat, NULL, NULL), AOD_OK);
    assert_int_equal(aod_catalog_count(r->cat), 1);
}

static void not_an_object(void **state)
{
    struct run *r = *state;

    load(r, "[1, 2]", NULL);
    assert_int_equal(r->add_rc, AOD_E_FLOW);
    expect_one(r, "t.json:1:1: a flow must be a JSON object, not an array");
}

static void oversized_file(void **state)
{
    struct run *r = *state;
    size_t len = AOD_FLOW_MAX_BYTES + 1;

    /* Valid JSON apart from its size: a flow padded with blanks. */
    add(r, "big.json", minimal_padded(len), len);
    assert_int_equal(r->add_rc, AOD_E_FLOW);
    expect_one(r, "big.json: file is 1048577 bytes; flows are limited to 1048576 bytes");
    assert_int_equal(aod_diags_get(r->d, 0)->line, 0);
    assert_int_equal(aod_catalog_count(r->cat), 0);
}

static void exactly_max_size_loads(void **state)
{
    struct run *r = *state;
    size_t len = AOD_FLOW_MAX_BYTES;

    add(r, "big.json", minimal_padded(len), len);
    assert_int_equal(r->add_rc, AOD_OK);
    assert_int_equal(r->check_rc, AOD_OK);
    expect_diags(r, NULL, 0);
}

static void nested_too_deep(void **state)
{
    struct run *r = *state;
    char json[512];
    size_t n = 0;

    /* 70 nested arrays in an unknown member on line 2: valid JSON, but past the index's cap. */
    n += (size_t)snprintf(json + n, sizeof json - n, "{'id': 'f',\n 'x': ");
    for (int i = 0; i < 70; i++)
        json[n++] = '[';
    for (int i = 0; i < 70; i++)
        json[n++] = ']';
    snprintf(json + n, sizeof json - n, "}\n");
    load(r, json, NULL);
    assert_int_equal(r->add_rc, AOD_E_FLOW);
    /* The 65th "[" is where the limit is crossed: column 7 + 64. */
    expect_one(r, "t.json:2:71: nested deeper than 64 levels");
}

/* ---- the good case ---- */

static void minimal_flow_loads_clean(void **state)
{
    struct run *r = *state;

    load(r, MINIMAL, NULL);
    assert_int_equal(r->add_rc, AOD_OK);
    assert_int_equal(r->check_rc, AOD_OK);
    expect_diags(r, NULL, 0);
    assert_int_equal(aod_catalog_count(r->cat), 1);
    const struct aod_flow *f = aod_catalog_find(r->cat, "f");
    assert_non_null(f);
    assert_ptr_equal(aod_catalog_flow(r->cat, 0), f);
    assert_null(aod_catalog_flow(r->cat, 1));
    assert_null(aod_catalog_find(r->cat, "g"));
    assert_string_equal(aod_flow_id(f), "f");
    assert_string_equal(aod_flow_title(f), "T");
    assert_string_equal(aod_flow_summary(f), "");
    assert_string_equal(aod_flow_file(f), "t.json");
    assert_int_equal(aod_flow_version(f), 1);
    assert_int_equal(aod_flow_keyword_count(f), 0);
    assert_null(aod_flow_keyword(f, 0));
    assert_true(aod_flow_is_listed(f));
    assert_int_equal(aod_flow_node_count(f), 2);
}

static void byte_order_mark_accepted(void **state)
{
    struct run *r = *state;

    load(r, "\xEF\xBB\xBF", MINIMAL, NULL);
    assert_int_equal(r->add_rc, AOD_OK);
    assert_int_equal(r->check_rc, AOD_OK);
    expect_diags(r, NULL, 0);
}

/* ---- one file alone ---- */

static void json_syntax_error_position(void **state)
{
    struct run *r = *state;

    /* A missing comma between two members on line 2. */
    load(r, "{'id': 'f',\n  'title': 'T' 'version': 1}\n", NULL);
    assert_int_equal(r->add_rc, AOD_E_PARSE);
    expect_one(r, "t.json:2:16: JSON syntax error");
    assert_string_equal(r->err.msg, "t.json:2:16: JSON syntax error");
}

static void json_trailing_text(void **state)
{
    struct run *r = *state;

    load(r, MINIMAL, "\n{}", NULL);
    assert_int_equal(r->add_rc, AOD_E_PARSE);
    expect_one(r, "t.json:6:1: JSON syntax error: text after the end of the flow");
}

static void unknown_node_kind(void **state)
{
    struct run *r = *state;

    load(r, HEAD, QUESTION("q", "done"), " {'id': 'x', 'kind': 'quiz', 'title': 'X'},\n",
         CONCLUSION("done"), TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_E_FLOW);
    expect_one(r, "t.json:3:22: unknown kind \"quiz\" (expected question, input, probe or "
                  "conclusion)");
    assert_int_equal(aod_catalog_count(r->cat), 0);
}

static void missing_node_id(void **state)
{
    struct run *r = *state;

    load(r, HEAD, QUESTION("q", "done"),
         " {'kind': 'conclusion', 'title': 'Done', 'reasoning': 'R', 'steps': "
         "[{'title': 'S', 'commands': ['x'], 'where': 'linux', 'shell': 'bash'}], 'sources': "
         "['https://example.com/'], 'checked': '2026-12-02'}\n",
         TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_E_FLOW);
    expect_one(r, "t.json:3:2: missing member \"id\"");
}

static void duplicate_node_id(void **state)
{
    struct run *r = *state;

    load(r, HEAD, QUESTION("q", "done"), QUESTION("q", "done"), CONCLUSION("done"), TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_E_FLOW);
    expect_one(r, "t.json:3:9: node id \"q\" is already used on line 2");
}

static void unknown_member_typo(void **state)
{
    struct run *r = *state;

    /* "nxt" for "next": reported where it was typed, and the missing "next" at its node. */
    load(r, HEAD, QUESTION("q", "ask"),
         " {'id': 'ask', 'kind': 'input', 'title': 'Host?', 'fact': 'h', "
         "'nxt': 'done'},\n",
         CONCLUSION("done"), TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_E_FLOW);
    const char *const want[] = {
        "t.json:3:2: missing member \"next\"",
        "t.json:3:64: unknown member \"nxt\"",
    };
    expect_diags(r, want, 2);
}

static void column_counts_characters(void **state)
{
    struct run *r = *state;

    /* "é" and "’" are 2 and 3 bytes but one column each. */
    load(r, HEAD, QUESTION("q", "ask"),
         " {'id': 'ask', 'kind': 'input', 'title': 'H\xC3\xA9\xE2\x80\x99?', 'fact': "
         "'h', 'nxt': 'done', 'next': 'done'},\n",
         CONCLUSION("done"), TAIL, NULL);
    expect_one(r, "t.json:3:63: unknown member \"nxt\"");
}

/* Every conclusion says when its content was last checked against its sources. */
static void missing_checked(void **state)
{
    struct run *r = *state;

    load(r, HEAD, QUESTION("q", "done"),
         " {'id': 'done', 'kind': 'conclusion', 'title': 'D', 'reasoning': 'R', "
         "'steps': [{'title': 'S', 'where': 'linux', 'shell': 'bash', 'commands': ['x']}], "
         "'sources': ['https://example.com/']}\n",
         TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_E_FLOW);
    expect_one(r, "t.json:3:2: missing member \"checked\"");
}

/* How many problems a minimal flow whose conclusion is dated `date` has. */
static size_t problems_with_checked(const char *date)
{
    char buf[1024];
    struct aod_catalog *cat = aod_catalog_new();
    struct aod_diags *d = aod_diags_new();
    struct aod_err err = {0};

    assert_non_null(cat);
    assert_non_null(d);
    int n = snprintf(
        buf, sizeof buf,
        HEAD QUESTION("q", "done") " {'id': 'done', 'kind': 'conclusion', 'title': "
                                   "'D', 'reasoning': 'R', 'steps': [{'title': 'S', "
                                   "'where': 'linux', 'shell': 'bash', 'commands': ['x']}], "
                                   "'sources': ['https://example.com/'], "
                                   "'checked': '%s'}\n" TAIL,
        date);
    assert_true(n > 0 && (size_t)n < sizeof buf);
    dequote(buf, (size_t)n);
    if (aod_catalog_add_buffer(cat, "t.json", buf, (size_t)n, d, &err) == AOD_OK)
        aod_catalog_check(cat, d, NULL);
    size_t count = aod_diags_count(d);
    for (size_t i = 0; i < count; i++) {
        aod_diag_format(aod_diags_get(d, i), buf, sizeof buf);
        print_message("%s: %s\n", date, buf);
    }
    aod_diags_free(d);
    aod_catalog_free(cat);
    return count;
}

/* The form and the calendar are checked (there is no clock, so not the future). */
static void checked_date_form_and_calendar(void **state)
{
    static const char *const good[] = {"2026-12-02", "2024-02-29", "2000-02-29", "1999-12-31",
                                       "2026-01-31", "2026-04-30", "9999-12-31"};
    static const char *const bad[] = {
        "2026-2-3",   "2026/12/02",           "2026-13-01",  "2026-00-10", "2026-02-30",
        "2025-02-29", "1900-02-29",           "2100-02-29",  "2026-04-31", "2026-04-00",
        "0000-01-01", "2026-12-02 ",          " 2026-12-02", "2026-1a-02", "+026-12-02",
        "20261202",   "2026-12-02T10:00:00Z", "02-12-2026",  "yesterday"};
    (void)state;

    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        assert_int_equal(problems_with_checked(good[i]), 0);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(problems_with_checked(bad[i]), 1);
}

static void control_character_escape(void **state)
{
    struct run *r = *state;

    /* The JSON is clean ASCII; the decoded string carries ESC. */
    load(r, HEAD, QUESTION("q", "done"),
         " {'id': 'done', 'kind': 'conclusion', 'title': 'D\\u001b[2J', 'reasoning': "
         "'R', 'steps': [{'title': 'S', 'where': 'linux', 'shell': 'bash', 'commands': ['x']}], "
         "'sources': ['https://example.com/'], 'checked': '2026-12-02'}\n",
         TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_E_FLOW);
    expect_one(r, "t.json:3:48: \"title\" contains a control character or invalid UTF-8");
}

static void bidi_override_escape(void **state)
{
    struct run *r = *state;

    load(r, HEAD, QUESTION("q", "done"),
         " {'id': 'done', 'kind': 'conclusion', 'title': 'D', 'reasoning': 'R', "
         "'steps': [{'title': 'S', 'where': 'linux', 'shell': 'bash', 'commands': ['ls \\u202e "
         "x']}], "
         "'sources': ['https://example.com/'], 'checked': '2026-12-02'}\n",
         TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_E_FLOW);
    expect_one(r, "t.json:3:144: \"commands\" entry is too long or contains a control character "
                  "or invalid UTF-8");
}

/* Every step with commands says where they run; bash and "linux" go together, so no Linux
 * command is ever offered for a Windows machine or pasted into PowerShell. */
static void where_required_and_matches_shell(void **state)
{
    struct run *r = *state;
    static const char *const want[] = {
        "t.json:4:3: missing member \"where\"",
        "t.json:5:27: unknown place \"mars\" (expected client, rras, nps, admin or linux)",
        "t.json:6:27: bash commands run on this Linux host: \"where\" must be \"linux\"",
        "t.json:7:27: \"where\": \"linux\" takes bash commands, not powershell",
        "t.json:8:38: \"where\": \"linux\" takes bash commands, not powershell",
        "t.json:9:28: missing member \"where\"",
    };

    load(r, HEAD, QUESTION("q", "done"),
         " {'id': 'done', 'kind': 'conclusion', 'title': 'D', 'reasoning': 'R', 'steps': [\n",
         "  {'title': 'a', 'shell': 'powershell', 'commands': ['x']},\n",
         "  {'title': 'b', 'where': 'mars', 'shell': 'powershell', 'commands': ['x']},\n",
         "  {'title': 'c', 'where': 'client', 'shell': 'bash', 'commands': ['x']},\n",
         "  {'title': 'd', 'where': 'linux', 'shell': 'powershell', 'commands': ['x']},\n",
         "  {'title': 'e', 'verify': {'where': 'linux', 'shell': 'powershell', 'commands': "
         "['x']}},\n",
         "  {'title': 'f', 'verify': {'shell': 'powershell', 'commands': ['x']}}],\n",
         " 'sources': ['https://example.com/'], 'checked': '2026-12-02'}\n", TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_E_FLOW);
    expect_diags(r, want, sizeof want / sizeof want[0]);
}

/* A verify block runs where its step does unless it names its own place; a question may carry
 * the command that answers it, with its shell and place. */
static void where_inherited_and_question_commands(void **state)
{
    struct run *r = *state;

    load(r, HEAD,
         " {'id': 'q', 'kind': 'question', 'title': 'Q?', 'where': 'nps', 'shell': 'cmd', "
         "'commands': ['wevtutil qe AuthZAdminCh /c:5 /rd:true /f:text'], 'choices': [{'label': "
         "'A', 'next': 'done'}, {'label': 'B', 'next': 'done'}]},\n",
         " {'id': 'done', 'kind': 'conclusion', 'title': 'D', 'reasoning': 'R', 'steps': [\n",
         "  {'title': 'a', 'where': 'rras', 'shell': 'powershell', 'commands': ['x'], ",
         "'verify': {'shell': 'powershell', 'commands': ['y']}},\n",
         "  {'title': 'b', 'where': 'nps', 'shell': 'powershell', 'commands': ['x'], ",
         "'verify': {'where': 'linux', 'shell': 'bash', 'commands': ['y']}},\n",
         "  {'title': 'c', 'verify': {'where': 'admin', 'shell': 'powershell', 'commands': "
         "['y']}}],\n",
         " 'sources': ['https://example.com/'], 'checked': '2026-12-02'}\n", TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_OK);
    assert_int_equal(aod_diags_count(r->d), 0);
    /* A question's "where" without its commands is refused. */
    struct run r2 = {aod_catalog_new(), aod_diags_new(), AOD_OK, AOD_OK, {0}, NULL};
    load(&r2, HEAD,
         " {'id': 'q', 'kind': 'question', 'title': 'Q?', 'where': 'nps', 'choices': [{'label': "
         "'A', 'next': 'done'}, {'label': 'B', 'next': 'done'}]},\n",
         CONCLUSION("done"), TAIL, NULL);
    assert_int_equal(r2.add_rc, AOD_E_FLOW);
    expect_one(&r2, "t.json:2:2: \"shell\" and \"where\" go with \"commands\"");
    aod_diags_free(r2.d);
    aod_catalog_free(r2.cat);
    free(r2.json);
}

static void diagnostic_never_echoes_control_characters(void **state)
{
    struct run *r = *state;

    /* A key is echoed in the message; its ESC must not reach the terminal that shows it. */
    load(r, HEAD, QUESTION("q", "done"),
         " {'id': 'done', 'kind': 'conclusion', 'title': 'D', 'reasoning': 'R', "
         "'steps': [{'title': 'S', 'where': 'linux', 'shell': 'bash', 'commands': ['x']}], "
         "'sources': ['https://example.com/'], 'checked': '2026-12-02', 'x\\u001b]0;owned\\u0007': "
         "1}\n",
         TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_E_FLOW);
    /* A key written with escapes is located at its object: positions are indexed by the raw
     * key text, which differs from the decoded name. */
    expect_one(r, "t.json:3:2: unknown member \"x?]0;owned?\"");
}

static void probe_param_name_checked(void **state)
{
    struct run *r = *state;

    /* Parameter names are shown in the probe view, which promises printable text. */
    load(r, "{'id': 'f', 'title': 'T', 'version': 1, 'start': 'p', 'nodes': [\n",
         " {'id': 'p', 'kind': 'probe', 'title': 'P', 'probes': [{'id': 'dns', 'kind': 'dns', "
         "'params': {'ho\\u001bst': 'x'}, 'ask': 'Resolves?', 'answers': [{'label': 'Yes', "
         "'verdict': 'pass'}]}], 'next': 'done'},\n",
         CONCLUSION("done"), TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_E_FLOW);
    expect_one(r, "t.json:2:95: \"ho?st\" is not a parameter name (letters, digits, '_', '.', "
                  "'-')");
}

static void invalid_utf8(void **state)
{
    struct run *r = *state;

    /* A Latin-1 "é" (0xE9) in a title on line 2, where an editor saved the wrong encoding. */
    load(r, HEAD,
         " {'id': 'q', 'kind': 'question', 'title': 'Caf\xE9?', 'choices': "
         "[{'label': 'A', 'next': 'done'}, {'label': 'B', 'next': "
         "'done'}]},\n",
         CONCLUSION("done"), TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_E_PARSE);
    expect_one(r, "t.json:2:47: not valid UTF-8 (flows must be saved as UTF-8)");
}

static void too_many_choices(void **state)
{
    struct run *r = *state;

    load(r, HEAD,
         " {'id': 'q', 'kind': 'question', 'title': 'Q', 'choices': ["
         "{'label': '1', 'next': 'done'}, {'label': '2', 'next': 'done'}, "
         "{'label': '3', 'next': 'done'}, {'label': '4', 'next': 'done'}, "
         "{'label': '5', 'next': 'done'}, {'label': '6', 'next': 'done'}, "
         "{'label': '7', 'next': 'done'}, {'label': '8', 'next': 'done'}, "
         "{'label': '9', 'next': 'done'}, {'label': '10', 'next': 'done'}"
         "]},\n",
         CONCLUSION("done"), TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_E_FLOW);
    expect_one(r, "t.json:2:59: \"choices\" has 10 entries; at most 9 are allowed");
}

static void nine_choices_allowed(void **state)
{
    struct run *r = *state;

    load(r, HEAD,
         " {'id': 'q', 'kind': 'question', 'title': 'Q', 'choices': ["
         "{'label': '1', 'next': 'done'}, {'label': '2', 'next': 'done'}, "
         "{'label': '3', 'next': 'done'}, {'label': '4', 'next': 'done'}, "
         "{'label': '5', 'next': 'done'}, {'label': '6', 'next': 'done'}, "
         "{'label': '7', 'next': 'done'}, {'label': '8', 'next': 'done'}, "
         "{'label': '9', 'next': 'done'}]},\n",
         CONCLUSION("done"), TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_OK);
    assert_int_equal(r->check_rc, AOD_OK);
    expect_diags(r, NULL, 0);
}

static void number_out_of_range(void **state)
{
    struct run *r = *state;

    /* 1e300 and 1e999 (infinity to strtod) are numbers, but no whole number a flow can use. */
    load(r, HEAD, QUESTION("q", "ask"),
         " {'id': 'ask', 'kind': 'input', 'title': 'N?', 'fact': 'n', "
         "'type': 'number', 'min': 1e300, 'max': -1e999, 'next': 'done'},\n",
         CONCLUSION("done"), TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_E_FLOW);
    const char *const want[] = {
        "t.json:3:86: \"min\" must be a whole number",
        "t.json:3:100: \"max\" must be a whole number",
    };
    expect_diags(r, want, 2);
}

/* ---- the catalog as a whole ---- */

static void dangling_target(void **state)
{
    struct run *r = *state;

    load(r, HEAD, QUESTION("q", "nowhere"), CONCLUSION("done"), TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_OK); /* a file alone cannot know */
    assert_int_equal(r->check_rc, AOD_E_FLOW);
    /* Both choices dangle; "done" is then unreachable and "q" leads nowhere. */
    const char *const want[] = {
        "t.json:2:2: no conclusion can be reached from node \"q\"",
        "t.json:2:84: \"nowhere\" names no node of flow \"f\"",
        "t.json:2:119: \"nowhere\" names no node of flow \"f\"",
        "t.json:3:2: node \"done\" cannot be reached from any start",
    };
    expect_diags(r, want, 4);
}

static void target_into_missing_flow(void **state)
{
    struct run *r = *state;

    load(r, HEAD,
         " {'id': 'q', 'kind': 'question', 'title': 'Q?', 'choices': [{'label': "
         "'A', 'next': 'done'}, {'label': 'B', 'next': 'ghost:start'}]},\n",
         CONCLUSION("done"), TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_OK);
    assert_int_equal(r->check_rc, AOD_E_FLOW);
    expect_one(r, "t.json:2:116: \"ghost:start\" names a flow that is not loaded");
}

static void target_into_other_flow_checks(void **state)
{
    struct run *r = *state;

    load_as(r, "other.json",
            "{'id': 'other', 'title': 'O', 'version': 1, 'start': 'done', 'listed': false, "
            "'nodes': [\n",
            CONCLUSION("done"), TAIL, NULL);
    load(r, HEAD, QUESTION("q", "other:done"), CONCLUSION("done"), TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_OK);
    assert_int_equal(r->check_rc, AOD_E_FLOW);
    /* "other:done" resolves; only f's own "done" is now unreachable. */
    expect_one(r, "t.json:3:2: node \"done\" cannot be reached from any start");
}

static void unreachable_node(void **state)
{
    struct run *r = *state;

    load(r, HEAD, QUESTION("q", "done"),
         " {'id': 'orphan', 'kind': 'conclusion', 'title': 'O', 'reasoning': 'R', "
         "'steps': [{'title': 'S', 'where': 'linux', 'shell': 'bash', 'commands': ['x']}], "
         "'sources': ['https://example.com/'], 'checked': '2026-12-02'},\n",
         CONCLUSION("done"), TAIL, NULL);
    assert_int_equal(r->check_rc, AOD_E_FLOW);
    expect_one(r, "t.json:3:2: node \"orphan\" cannot be reached from any start");
}

static void question_looping_on_itself(void **state)
{
    struct run *r = *state;

    load(r, HEAD,
         " {'id': 'q', 'kind': 'question', 'title': 'Q?', 'choices': [{'label': "
         "'A', 'next': 'done'}, {'label': 'B', 'next': 'loop'}]},\n",
         QUESTION("loop", "loop"), CONCLUSION("done"), TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_OK);
    assert_int_equal(r->check_rc, AOD_E_FLOW);
    expect_one(r, "t.json:3:2: no conclusion can be reached from node \"loop\"");
}

static void fact_no_path_sets(void **state)
{
    struct run *r = *state;

    load(r, HEAD, QUESTION("q", "done"),
         " {'id': 'done', 'kind': 'conclusion', 'title': 'D', 'reasoning': "
         "'Server {{vpn_host}}', 'steps': [{'title': 'S', 'where': 'linux', 'shell': 'bash', "
         "'commands': ['x']}], 'sources': ['https://example.com/'], 'checked': '2026-12-02'}\n",
         TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_OK);
    assert_int_equal(r->check_rc, AOD_E_FLOW);
    expect_one(r, "t.json:3:66: {{vpn_host}} names a fact that no path to node \"done\" sets");
}

static void fact_set_on_one_path_is_enough(void **state)
{
    struct run *r = *state;

    load(r, HEAD,
         " {'id': 'q', 'kind': 'question', 'title': 'Q?', 'choices': [{'label': "
         "'A', 'next': 'done', 'set': {'proto': 'IKEv2'}}, {'label': 'B', "
         "'next': 'done'}]},\n"
         " {'id': 'done', 'kind': 'conclusion', 'title': 'D', 'reasoning': "
         "'Uses {{proto}}', 'steps': [{'title': 'S', 'where': 'linux', 'shell': 'bash', "
         "'commands': ['echo {{proto}}']}], 'sources': ['https://example.com/'], 'checked': "
         "'2026-12-02'}\n",
         TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_OK);
    assert_int_equal(r->check_rc, AOD_OK);
    expect_diags(r, NULL, 0);
}

static void route_fact_no_path_sets(void **state)
{
    struct run *r = *state;

    /* The probe reads "dns.rtt" but never declares the field "rtt". */
    load(r,
         "{'id': 'f', 'title': 'T', 'version': 1, 'start': 'p', 'nodes': [\n"
         " {'id': 'p', 'kind': 'probe', 'title': 'P', 'probes': [{'id': 'dns', "
         "'kind': 'dns', 'ask': 'Resolves?', 'answers': [{'label': 'Yes', "
         "'verdict': 'pass'}]}],\n"
         "  'routes': [{'when': {'dns.verdict': 'fail'}, 'next': 'done'}, "
         "{'when': {'dns.rtt': '1'}, 'next': 'done'}], 'next': 'done'},\n",
         CONCLUSION("done"), TAIL, NULL);
    assert_int_equal(r->add_rc, AOD_OK);
    assert_int_equal(r->check_rc, AOD_E_FLOW);
    expect_one(r, "t.json:3:100: route tests fact \"dns.rtt\", which no path to node \"p\" sets");
}

static void duplicate_flow_id_across_buffers(void **state)
{
    struct run *r = *state;

    load_as(r, "a.json", MINIMAL, NULL);
    assert_int_equal(r->add_rc, AOD_OK);
    load_as(r, "b.json", MINIMAL, NULL);
    assert_int_equal(r->add_rc, AOD_E_FLOW);
    assert_int_equal(r->err.code, AOD_E_FLOW);
    expect_one(r, "b.json:1:1: flow id \"f\" is already used by a.json");
    assert_int_equal(aod_catalog_count(r->cat), 1);
    assert_string_equal(aod_flow_file(aod_catalog_flow(r->cat, 0)), "a.json");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(empty_buffer),
        T(where_required_and_matches_shell),
        T(where_inherited_and_question_commands),
        T(null_diags_and_err),
        T(not_an_object),
        T(oversized_file),
        T(exactly_max_size_loads),
        T(nested_too_deep),
        T(minimal_flow_loads_clean),
        T(byte_order_mark_accepted),
        T(json_syntax_error_position),
        T(json_trailing_text),
        T(unknown_node_kind),
        T(missing_node_id),
        T(duplicate_node_id),
        T(unknown_member_typo),
        T(column_counts_characters),
        T(missing_checked),
        T(checked_date_form_and_calendar),
        T(control_character_escape),
        T(bidi_override_escape),
        T(diagnostic_never_echoes_control_characters),
        T(probe_param_name_checked),
        T(invalid_utf8),
        T(too_many_choices),
        T(nine_choices_allowed),
        T(number_out_of_range),
        T(dangling_target),
        T(target_into_missing_flow),
        T(target_into_other_flow_checks),
        T(unreachable_node),
        T(question_looping_on_itself),
        T(fact_no_path_sets),
        T(fact_set_on_one_path_is_enough),
        T(route_fact_no_path_sets),
        T(duplicate_flow_id_across_buffers),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
