/* tests/unit/test_session.c: walking a checked catalog through every node kind: choices, typed
 * input per type, routes, probes answered by hand and by measurement, the trail, going back,
 * and the conclusion's commands with facts quoted for their shell. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "aod/session.h"
#include "aod/text.h"

/* The flows are written with ' for " to stay readable; q() turns them into JSON. Node order:
 *   q (question) -> host (input: host) -> reach (probe: dns + tcp, routes) -> conclusions
 *   q "I have an error code" -> code (input: error_code, routes) -> port (number) -> note (text)
 *   code 13801 -> other:entry (a jump into another flow) */
static const char walk_flow[] =
    "{'id': 'walk', 'title': 'Walk', 'version': 1, 'start': 'q', 'nodes': ["
    " {'id': 'q', 'kind': 'question', 'title': 'Which tunnel?', 'text': 'Pick one.',"
    "  'choices': ["
    "   {'label': 'IKEv2', 'next': 'host', 'set': {'protocol': 'IKEv2'}},"
    "   {'label': 'SSTP', 'next': 'host', 'set': {'protocol': 'SSTP'}},"
    "   {'label': 'I have an error code', 'next': 'code', 'set': {'protocol': 'Automatic'}}]},"
    " {'id': 'host', 'kind': 'input', 'title': 'Server name?', 'fact': 'vpn_host',"
    "  'type': 'host', 'placeholder': 'vpn.contoso.com', 'next': 'reach'},"
    " {'id': 'code', 'kind': 'input', 'title': 'Error code?', 'fact': 'code',"
    "  'type': 'error_code', 'routes': ["
    "   {'match': ['809'], 'next': 'host'},"
    "   {'match': ['0x80092013'], 'next': 'crl'},"
    "   {'match': ['13801'], 'next': 'other:entry'}], 'next': 'port'},"
    " {'id': 'port', 'kind': 'input', 'title': 'Port?', 'fact': 'port', 'type': 'number',"
    "  'min': 1, 'max': 65535, 'next': 'note'},"
    " {'id': 'note', 'kind': 'input', 'title': 'Anything else?', 'fact': 'note',"
    "  'max_length': 20, 'routes': [{'match': ['tunnel'], 'next': 'crl'}], 'next': 'host'},"
    " {'id': 'reach', 'kind': 'probe', 'title': 'Reach {{vpn_host}}', 'probes': ["
    "   {'id': 'dns', 'kind': 'dns', 'params': {'host': '{{vpn_host}}'},"
    "    'ask': 'Does {{vpn_host}} resolve?', 'fields': ['address'], 'answers': ["
    "     {'label': 'Yes', 'verdict': 'pass'},"
    "     {'label': 'No', 'verdict': 'fail', 'set': {'dns_broken': 'yes'}}]},"
    "   {'id': 'tcp', 'kind': 'tcp', 'params': {'host': '{{vpn_host}}', 'port': '443'},"
    "    'ask': 'Is TCP 443 open?', 'fields': ['port_open'], 'answers': ["
    "     {'label': 'Open', 'verdict': 'pass'}, {'label': 'Closed', 'verdict': 'fail'}]}],"
    "  'routes': ["
    "   {'when': {'dns.verdict': 'fail'}, 'next': 'fix-dns'},"
    "   {'when': {'tcp.port_open': 'false'}, 'next': 'fix-fw'},"
    "   {'when': {'dns.verdict': 'inconclusive', 'tcp.verdict': ['pass', 'fail']},"
    "    'next': 'unknown'}],"
    "  'next': 'ok'},"
    " {'id': 'fix-dns', 'kind': 'conclusion', 'title': 'Fix DNS for {{vpn_host}}',"
    "  'text': 'Or in cmd: nslookup {{vpn_host|cmd}}',"
    "  'reasoning': 'The name does not resolve.', 'steps': ["
    "   {'title': 'Look it up', 'where': 'client', 'shell': 'powershell',"
    "    'commands': ['Resolve-DnsName -Name {{vpn_host}}'],"
    "    'verify': {'where': 'linux', 'shell': 'bash', 'commands': ['dig +short {{vpn_host}}'],"
    "               'expect': 'an address'}}],"
    "  'sources': ['https://example.com/dns'], 'checked': '2026-12-02'},"
    " {'id': 'fix-fw', 'kind': 'conclusion', 'title': 'Open the firewall',"
    "  'reasoning': 'TCP is blocked.', 'caveat': 'Only port {{port}} was tested.', 'steps': ["
    "   {'title': 'Test', 'where': 'client', 'shell': 'powershell', 'risk': 'None',"
    "    'commands': ['Test-NetConnection -ComputerName {{vpn_host}} -Port {{port}}']}],"
    "  'sources': ['https://example.com/fw'], 'checked': '2026-12-02'},"
    " {'id': 'unknown', 'kind': 'conclusion', 'title': 'Not sure',"
    "  'reasoning': 'DNS could not be tested.', 'steps': ["
    "   {'title': 'Try elsewhere', 'where': 'linux', 'shell': 'bash', 'commands': ['host "
    "{{vpn_host}}']}],"
    "  'sources': ['https://example.com/unknown'], 'checked': '2026-12-02'},"
    " {'id': 'ok', 'kind': 'conclusion', 'title': 'Reachable',"
    "  'reasoning': '{{vpn_host}} is {{dns.address}}.', 'steps': ["
    "   {'title': 'Pin it', 'where': 'client', 'shell': 'registry',"
    "    'commands': ['\\\"Server\\\"={{dns.address}}']}],"
    "  'sources': ['https://example.com/ok'], 'checked': '2026-12-02'},"
    " {'id': 'crl', 'kind': 'conclusion', 'title': 'Revocation',"
    "  'text': 'You said: {{note}}. Type: Write-Host {{note|powershell}} or echo {{note|cmd}}',"
    "  'reasoning': 'Code {{code}}.', 'steps': ["
    "   {'title': 'Note it', 'where': 'client', 'shell': 'powershell', 'commands': ['Write-Host "
    "{{note}}']},"
    "   {'title': 'Note it in cmd', 'where': 'client', 'shell': 'cmd', 'commands': ['echo "
    "{{note}}']}],"
    "  'sources': ['https://example.com/crl'], 'checked': '2026-12-02'}"
    "]}";

static const char other_flow[] =
    "{'id': 'other', 'title': 'Other', 'version': 1, 'start': 'entry', 'listed': false,"
    " 'nodes': ["
    " {'id': 'entry', 'kind': 'conclusion', 'title': 'Code {{code}} over {{protocol}}',"
    "  'reasoning': 'Jumped.', 'steps': ["
    "   {'title': 'Show', 'where': 'linux', 'shell': 'bash', 'commands': ['echo {{code}} "
    "{{protocol}}']}],"
    "  'sources': ['https://example.com/other'], 'checked': '2026-12-02'}"
    "]}";

/* 150 "é": a 300-byte answer label, longer than a probe summary. */
#define E10  "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
#define E150 E10 E10 E10 E10 E10 E10 E10 E10 E10 E10 E10 E10 E10 E10 E10

/* A probe step in a "fix it, then test again" loop. */
static const char retry_flow[] =
    "{'id': 'retry', 'title': 'Retry', 'version': 1, 'start': 'reach', 'listed': false,"
    " 'nodes': ["
    " {'id': 'reach', 'kind': 'probe', 'title': 'Test', 'probes': ["
    "   {'id': 'tcp', 'kind': 'tcp', 'params': {'host': 'vpn.contoso.com', 'port': '443'},"
    "    'ask': 'Open?', 'fields': ['port_open'], 'answers': ["
    "     {'label': 'Open', 'verdict': 'pass'}, {'label': 'Closed', 'verdict': 'fail'},"
    "     {'label': '" E150 "', 'verdict': 'pass'}]}],"
    "  'routes': [{'when': {'tcp.port_open': 'false'}, 'next': 'fix'},"
    "             {'when': {'tcp.verdict': 'fail'}, 'next': 'fix'}], 'next': 'ok'},"
    " {'id': 'fix', 'kind': 'question', 'title': 'Open TCP 443, then test again', 'choices': ["
    "   {'label': 'Test again', 'next': 'reach'}, {'label': 'Give up', 'next': 'ok'}]},"
    " {'id': 'ok', 'kind': 'conclusion', 'title': 'Port open: {{tcp.port_open}}',"
    "  'reasoning': 'Done.', 'steps': ["
    "   {'title': 'Show', 'where': 'linux', 'shell': 'bash', 'commands': ['echo "
    "{{tcp.port_open}}']}],"
    "  'sources': ['https://example.com/retry'], 'checked': '2026-12-02'}"
    "]}";

/* The flow text with every ' made a ". */
static char *q(const char *s)
{
    char *out = strdup(s);

    assert_non_null(out);
    for (char *p = out; *p != '\0'; p++) {
        if (*p == '\'')
            *p = '"';
    }
    return out;
}

struct fx {
    struct aod_catalog *cat;
    struct aod_session *s;
    struct aod_err err;
};

static struct aod_catalog *load_catalog(bool is_checked)
{
    struct aod_catalog *cat = aod_catalog_new();
    struct aod_diags *d = aod_diags_new();
    char *a = q(walk_flow);
    char *b = q(other_flow);
    char *c = q(retry_flow);
    char line[512];

    assert_non_null(cat);
    assert_non_null(d);
    enum aod_status rc1 = aod_catalog_add_buffer(cat, "walk.json", a, strlen(a), d, NULL);
    enum aod_status rc2 = aod_catalog_add_buffer(cat, "other.json", b, strlen(b), d, NULL);
    enum aod_status rc4 = aod_catalog_add_buffer(cat, "retry.json", c, strlen(c), d, NULL);
    enum aod_status rc3 = is_checked ? aod_catalog_check(cat, d, NULL) : AOD_OK;
    for (size_t i = 0; i < aod_diags_count(d); i++) {
        aod_diag_format(aod_diags_get(d, i), line, sizeof line);
        print_message("%s\n", line);
    }
    assert_int_equal(rc1, AOD_OK);
    assert_int_equal(rc2, AOD_OK);
    assert_int_equal(rc3, AOD_OK);
    assert_int_equal(rc4, AOD_OK);
    assert_int_equal(aod_diags_count(d), 0);
    aod_diags_free(d);
    free(a);
    free(b);
    free(c);
    return cat;
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);

    if (f == NULL)
        return -1;
    f->cat = load_catalog(true);
    f->s = aod_session_new(f->cat, "walk", &f->err);
    *state = f;
    return f->s != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    struct fx *f = *state;

    aod_session_free(f->s);
    aod_catalog_free(f->cat);
    free(f);
    return 0;
}

static const struct aod_view *view(struct fx *f)
{
    const struct aod_view *v = aod_session_view(f->s, &f->err);
    assert_non_null(v);
    return v;
}

static void at_node(struct fx *f, const char *flow_id, const char *node_id)
{
    const struct aod_view *v = view(f);
    assert_string_equal(v->flow_id, flow_id);
    assert_string_equal(v->node_id, node_id);
}

static void fact_is(struct fx *f, const char *name, const char *want)
{
    const char *got = aod_session_fact(f->s, name);
    if (want == NULL) {
        assert_null(got);
    } else {
        assert_non_null(got);
        assert_string_equal(got, want);
    }
}

static void ok(struct fx *f, enum aod_status rc)
{
    if (rc != AOD_OK)
        print_message("unexpected: %s\n", f->err.msg);
    assert_int_equal(rc, AOD_OK);
}

static void choose(struct fx *f, size_t i)
{
    ok(f, aod_session_choose(f->s, i, AOD_SOURCE_USER, &f->err));
}

static void input(struct fx *f, const char *text)
{
    ok(f, aod_session_input(f->s, text, AOD_SOURCE_USER, &f->err));
}

/* Expects `text` to be refused at the current input node with exactly `msg`. */
static void input_refused(struct fx *f, const char *text, const char *msg)
{
    const char *node = view(f)->node_id;
    size_t depth = aod_session_depth(f->s);

    aod_err_clear(&f->err);
    assert_int_equal(aod_session_input(f->s, text, AOD_SOURCE_USER, &f->err), AOD_E_INPUT);
    assert_int_equal(f->err.code, AOD_E_INPUT);
    assert_string_equal(f->err.msg, msg);
    assert_string_equal(view(f)->node_id, node);
    assert_int_equal(aod_session_depth(f->s), depth);
}

static struct aod_probe_result result(enum aod_verdict v, const char *summary)
{
    struct aod_probe_result r;

    memset(&r, 0, sizeof r);
    r.verdict = v;
    snprintf(r.summary, sizeof r.summary, "%s", summary);
    return r;
}

static void add_field(struct aod_probe_result *r, const char *name, const char *value)
{
    snprintf(r->fields[r->n_fields].name, sizeof r->fields[0].name, "%s", name);
    snprintf(r->fields[r->n_fields].value, sizeof r->fields[0].value, "%s", value);
    r->n_fields++;
}

/* To the probe step with vpn_host set. */
static void walk_to_reach(struct fx *f)
{
    choose(f, 0);
    input(f, "vpn.contoso.com");
    at_node(f, "walk", "reach");
}

/* ---- starting ---- */

static void new_on_unchecked_catalog(void **state)
{
    struct aod_catalog *cat = load_catalog(false);
    struct aod_err err;

    (void)state;
    aod_err_clear(&err);
    assert_null(aod_session_new(cat, "walk", &err));
    assert_int_equal(err.code, AOD_E_STATE);
    assert_string_equal(err.msg, "the flows have not passed their checks");
    assert_null(aod_session_new(cat, "walk", NULL));
    aod_catalog_free(cat);
}

static void new_on_unknown_flow(void **state)
{
    struct fx *f = *state;
    struct aod_err err;

    aod_err_clear(&err);
    assert_null(aod_session_new(f->cat, "nope", &err));
    assert_int_equal(err.code, AOD_E_NOTFOUND);
    assert_string_equal(err.msg, "no flow named \"nope\"");
    /* NULL means "start", which this catalog lacks. */
    aod_err_clear(&err);
    assert_null(aod_session_new(f->cat, NULL, &err));
    assert_int_equal(err.code, AOD_E_NOTFOUND);
    assert_string_equal(err.msg, "no flow named \"start\"");
    aod_session_free(NULL);
}

static void first_view_is_the_start_question(void **state)
{
    struct fx *f = *state;
    const struct aod_view *v = view(f);

    assert_int_equal(v->kind, AOD_NODE_QUESTION);
    assert_string_equal(v->flow_id, "walk");
    assert_string_equal(v->flow_title, "Walk");
    assert_string_equal(v->node_id, "q");
    assert_string_equal(v->title, "Which tunnel?");
    assert_string_equal(v->text, "Pick one.");
    assert_int_equal(v->n_choices, 3);
    assert_string_equal(v->choices[0], "IKEv2");
    assert_string_equal(v->choices[1], "SSTP");
    assert_string_equal(v->choices[2], "I have an error code");
    assert_int_equal(aod_session_depth(f->s), 0);
    assert_null(aod_session_step(f->s, 0));
    assert_false(aod_session_is_done(f->s));
}

static void back_at_first_step(void **state)
{
    struct fx *f = *state;

    assert_int_equal(aod_session_back(f->s, &f->err), AOD_E_STATE);
    assert_string_equal(f->err.msg, "this is the first step");
    assert_int_equal(aod_session_goto(f->s, 0, &f->err), AOD_E_STATE);
    at_node(f, "walk", "q");
}

/* ---- questions ---- */

static void choose_out_of_range(void **state)
{
    struct fx *f = *state;

    assert_int_equal(aod_session_choose(f->s, 3, AOD_SOURCE_USER, &f->err), AOD_E_INPUT);
    assert_string_equal(f->err.msg, "choose a number from 1 to 3");
    assert_int_equal(aod_session_choose(f->s, SIZE_MAX, AOD_SOURCE_USER, &f->err), AOD_E_INPUT);
    at_node(f, "walk", "q");
    assert_int_equal(aod_session_depth(f->s), 0);
    fact_is(f, "protocol", NULL);
}

static void wrong_kind_of_answer(void **state)
{
    struct fx *f = *state;
    struct aod_probe_result r = result(AOD_VERDICT_PASS, "ok");

    assert_int_equal(aod_session_input(f->s, "x", AOD_SOURCE_USER, &f->err), AOD_E_STATE);
    assert_int_equal(aod_session_probe_answer(f->s, 0, 0, AOD_SOURCE_USER, &f->err), AOD_E_STATE);
    assert_int_equal(aod_session_probe_result(f->s, 0, &r, &f->err), AOD_E_STATE);
    choose(f, 0);
    assert_int_equal(aod_session_choose(f->s, 0, AOD_SOURCE_USER, &f->err), AOD_E_STATE);
    assert_string_equal(f->err.msg, "this step is not a question");
    at_node(f, "walk", "host");
}

static void choose_records_step_and_sets_facts(void **state)
{
    struct fx *f = *state;

    ok(f, aod_session_choose(f->s, 1, AOD_SOURCE_FILE, &f->err));
    at_node(f, "walk", "host");
    fact_is(f, "protocol", "SSTP");
    assert_int_equal(aod_session_depth(f->s), 1);
    const struct aod_trail_step *st = aod_session_step(f->s, 0);
    assert_non_null(st);
    assert_string_equal(st->flow_id, "walk");
    assert_string_equal(st->node_id, "q");
    assert_string_equal(st->title, "Which tunnel?");
    assert_int_equal(st->kind, AOD_NODE_QUESTION);
    assert_string_equal(st->answer, "SSTP");
    assert_int_equal(st->source, AOD_SOURCE_FILE);
}

/* ---- input ---- */

static void input_host_view(void **state)
{
    struct fx *f = *state;

    choose(f, 0);
    const struct aod_view *v = view(f);
    assert_int_equal(v->kind, AOD_NODE_INPUT);
    assert_int_equal(v->input_type, AOD_INPUT_HOST);
    assert_string_equal(v->fact, "vpn_host");
    assert_string_equal(v->placeholder, "vpn.contoso.com");
    assert_string_equal(v->hint, "a host name such as vpn.contoso.com, or an IP address");
}

static void input_null_and_empty(void **state)
{
    struct fx *f = *state;

    choose(f, 0);
    input_refused(f, NULL, "an answer is needed here");
    input_refused(f, "", "an answer is needed here");
    input_refused(f, "  \t ", "an answer is needed here");
}

static void input_host_refuses_non_hosts(void **state)
{
    struct fx *f = *state;

    choose(f, 0);
    input_refused(f, "vpn contoso.com",
                  "\"vpn contoso.com\" is not a host name or IP address (example: "
                  "vpn.contoso.com)");
    input_refused(f, "-vpn.contoso.com",
                  "\"-vpn.contoso.com\" is not a host name or IP address (example: "
                  "vpn.contoso.com)");
    input_refused(f, "vpn-.contoso.com",
                  "\"vpn-.contoso.com\" is not a host name or IP address (example: "
                  "vpn.contoso.com)");
    input_refused(f, "vpn..com",
                  "\"vpn..com\" is not a host name or IP address (example: vpn.contoso.com)");
    input_refused(f, "vpn.contoso.com;calc",
                  "\"vpn.contoso.com;calc\" is not a host name or IP address (example: "
                  "vpn.contoso.com)");
    /* A slip of the finger or a broken address is not a name: the last label of a name is never
     * all digits (RFC 3696 section 2). */
    input_refused(f, "1", "\"1\" is not a host name or IP address (example: vpn.contoso.com)");
    input_refused(f, "10.0.1",
                  "\"10.0.1\" is not a host name or IP address (example: vpn.contoso.com)");
    input_refused(f, "10.0.0.300",
                  "\"10.0.0.300\" is not a host name or IP address (example: vpn.contoso.com)");
    input_refused(f, "vpn.contoso.com-",
                  "\"vpn.contoso.com-\" is not a host name or IP address (example: "
                  "vpn.contoso.com)");
    input_refused(f, ".", "\".\" is not a host name or IP address (example: vpn.contoso.com)");
    input_refused(f, "vpn\x1b[2J.com",
                  "that contains a control character or invalid UTF-8; type plain text");
    input_refused(f, "vpn\xC0\xAF.com",
                  "that contains a control character or invalid UTF-8; type plain text");
}

static void input_host_accepts_names_and_addresses(void **state)
{
    struct fx *f = *state;
    static const char *const good[] = {"10.0.0.1",         "2001:db8::1", "[2001:db8::1]",
                                       "vpn.contoso.com.", "rras01",      "1vpn.contoso.com",
                                       "vpn.contoso.c0m"};

    choose(f, 0);
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        input(f, good[i]);
        fact_is(f, "vpn_host", good[i]);
        ok(f, aod_session_back(f->s, &f->err));
        at_node(f, "walk", "host");
        fact_is(f, "vpn_host", NULL);
    }
    /* Blanks and a pasted line end are trimmed before the value is stored. */
    input(f, "  vpn.contoso.com \r\n");
    fact_is(f, "vpn_host", "vpn.contoso.com");
    assert_string_equal(aod_session_step(f->s, 1)->answer, "vpn.contoso.com");
}

static void error_message_never_cuts_a_character(void **state)
{
    struct fx *f = *state;
    char text[96];
    char want[160];

    /* The message quotes at most 80 bytes of the answer: "é" at bytes 80-81 must go whole. */
    memset(text, 'a', 79);
    memcpy(text + 79, "\xC3\xA9x", 4);
    memset(want, 'a', sizeof want);
    want[0] = '"';
    snprintf(want + 80, sizeof want - 80,
             "\" is not a host name or IP address (example: vpn.contoso.com)");
    choose(f, 0);
    input_refused(f, text, want);
    assert_true(aod_utf8_valid(f->err.msg, strlen(f->err.msg)));
}

static void error_message_scrubs_control_characters(void **state)
{
    struct fx *f = *state;

    /* Names that are refused are quoted back; whatever they hold must not reach a terminal. */
    assert_int_equal(aod_session_preset(f->s, "x\x1b[2J", "v", &f->err), AOD_E_INPUT);
    assert_string_equal(f->err.msg,
                        "\"x?[2J\" is not a fact name (letters, digits, '_', '.', '-')");
    assert_null(aod_session_new(f->cat, "y\x1b]0;t\x07", &f->err));
    assert_int_equal(f->err.code, AOD_E_NOTFOUND);
    assert_string_equal(f->err.msg, "no flow named \"y?]0;t?\"");
}

static void input_error_code_canonical(void **state)
{
    struct fx *f = *state;

    choose(f, 2);
    const struct aod_view *v = view(f);
    assert_int_equal(v->input_type, AOD_INPUT_ERROR_CODE);
    assert_string_equal(v->hint, "an error code as shown: 809, -2146885613 or 0x80092013");
    input_refused(f, "abc",
                  "\"abc\" is not an error code; type it as shown, for example 809, "
                  "-2146885613 or 0x80092013");
    input_refused(f, "-0",
                  "\"-0\" is not an error code; type it as shown, for example 809, "
                  "-2146885613 or 0x80092013");
    /* The signed form is stored as hex and routed by the hex pattern. */
    input(f, "-2146885613");
    fact_is(f, "code", "0x80092013");
    at_node(f, "walk", "crl");
    assert_string_equal(aod_session_step(f->s, 1)->answer, "0x80092013");
}

static void input_error_code_routes_any_form(void **state)
{
    struct fx *f = *state;

    choose(f, 2);
    input(f, "0x329"); /* 809 */
    fact_is(f, "code", "809");
    at_node(f, "walk", "host");
    ok(f, aod_session_back(f->s, &f->err));
    input(f, "12345"); /* no route: falls through to "next" */
    fact_is(f, "code", "12345");
    at_node(f, "walk", "port");
}

static void input_number_bounds(void **state)
{
    struct fx *f = *state;
    const char *msg = "type a whole number from 1 to 65535";

    choose(f, 2);
    input(f, "12345");
    assert_string_equal(view(f)->hint, "a whole number from 1 to 65535");
    input_refused(f, "0", msg);
    input_refused(f, "65536", msg);
    input_refused(f, "-1", msg);
    input_refused(f, "44a", msg);
    input_refused(f, "4.5", msg);
    input_refused(f, "99999999999999999999999", msg);
    input(f, " +443 ");
    fact_is(f, "port", "443");
    at_node(f, "walk", "note");
}

static void input_text_too_long(void **state)
{
    struct fx *f = *state;

    choose(f, 2);
    input(f, "12345");
    input(f, "443");
    assert_string_equal(view(f)->hint, "free text, up to 20 characters");
    input_refused(f, "123456789012345678901", "that is too long: at most 20 characters");
    input_refused(f, "two\nlines",
                  "that contains a control character or invalid UTF-8; type "
                  "plain text");
    input(f, "12345678901234567890");
    fact_is(f, "note", "12345678901234567890");
}

static void input_text_length_counts_characters(void **state)
{
    struct fx *f = *state;
    char text[64] = "";

    /* The hint and the message promise characters: 20 "é" (40 bytes) fit, 21 do not. */
    choose(f, 2);
    input(f, "12345");
    input(f, "443");
    for (size_t i = 0; i < 21; i++)
        memcpy(text + 2 * i, "\xC3\xA9", 2);
    input_refused(f, text, "that is too long: at most 20 characters");
    text[40] = '\0';
    input(f, text);
    fact_is(f, "note", text);
}

static void input_text_routes_by_whole_word(void **state)
{
    struct fx *f = *state;

    choose(f, 2);
    input(f, "12345");
    input(f, "443");
    input(f, "many tunnels");
    at_node(f, "walk", "host"); /* "tunnels" is not "tunnel" */
    ok(f, aod_session_back(f->s, &f->err));
    input(f, "the TUNNEL drops");
    at_node(f, "walk", "crl");
}

/* ---- probes ---- */

static void probe_view(void **state)
{
    struct fx *f = *state;

    walk_to_reach(f);
    const struct aod_view *v = view(f);
    assert_int_equal(v->kind, AOD_NODE_PROBE);
    assert_string_equal(v->title, "Reach vpn.contoso.com");
    assert_int_equal(v->n_probes, 2);
    const struct aod_view_probe *p = &v->probes[0];
    assert_string_equal(p->id, "dns");
    assert_string_equal(p->kind, "dns");
    assert_int_equal(p->n_params, 1);
    assert_string_equal(p->params[0].name, "host");
    assert_string_equal(p->params[0].value, "vpn.contoso.com"); /* a parameter, not quoted */
    assert_string_equal(p->ask, "Does vpn.contoso.com resolve?");
    assert_int_equal(p->n_answers, 3);
    assert_string_equal(p->answers[0], "Yes");
    assert_string_equal(p->answers[1], "No");
    assert_string_equal(p->answers[2], "I can't test this from here");
    assert_false(p->is_done);
    p = &v->probes[1];
    assert_string_equal(p->id, "tcp");
    assert_int_equal(p->n_params, 2);
    assert_string_equal(p->params[1].name, "port");
    assert_string_equal(p->params[1].value, "443");
    assert_int_equal(p->n_answers, 3);
    assert_string_equal(p->answers[2], "I can't test this from here");
}

static void probe_answer_out_of_range(void **state)
{
    struct fx *f = *state;

    walk_to_reach(f);
    assert_int_equal(aod_session_probe_answer(f->s, 2, 0, AOD_SOURCE_USER, &f->err), AOD_E_INPUT);
    assert_string_equal(f->err.msg, "there is no probe 3 at this step");
    assert_int_equal(aod_session_probe_answer(f->s, 0, 3, AOD_SOURCE_USER, &f->err), AOD_E_INPUT);
    assert_string_equal(f->err.msg, "choose a number from 1 to 3");
    assert_false(view(f)->probes[0].is_done);
}

static void probe_manual_answers_route(void **state)
{
    struct fx *f = *state;

    walk_to_reach(f);
    ok(f, aod_session_probe_answer(f->s, 0, 1, AOD_SOURCE_USER, &f->err)); /* dns: No */
    /* One of two probes has its outcome: the step waits for the other. */
    const struct aod_view *v = view(f);
    assert_string_equal(v->node_id, "reach");
    assert_true(v->probes[0].is_done);
    assert_int_equal(v->probes[0].verdict, AOD_VERDICT_FAIL);
    assert_int_equal(v->probes[0].source, AOD_SOURCE_USER);
    assert_string_equal(v->probes[0].summary, "No");
    assert_false(v->probes[1].is_done);
    assert_int_equal(aod_session_depth(f->s), 2);
    fact_is(f, "dns.verdict", NULL);

    ok(f, aod_session_probe_answer(f->s, 1, 0, AOD_SOURCE_USER, &f->err)); /* tcp: Open */
    at_node(f, "walk", "fix-dns");
    assert_true(aod_session_is_done(f->s));
    fact_is(f, "dns.verdict", "fail");
    fact_is(f, "dns.summary", "No");
    fact_is(f, "dns_broken", "yes");
    fact_is(f, "tcp.verdict", "pass");
    assert_int_equal(aod_session_depth(f->s), 3);
    const struct aod_trail_step *st = aod_session_step(f->s, 2);
    assert_string_equal(st->node_id, "reach");
    assert_int_equal(st->kind, AOD_NODE_PROBE);
    assert_string_equal(st->answer, "dns: FAIL (user) No\ntcp: PASS (user) Open");
    assert_int_equal(st->source, AOD_SOURCE_USER);
}

static void probe_cant_test_is_inconclusive(void **state)
{
    struct fx *f = *state;

    walk_to_reach(f);
    ok(f, aod_session_probe_answer(f->s, 0, 2, AOD_SOURCE_USER, &f->err));
    ok(f, aod_session_probe_answer(f->s, 1, 1, AOD_SOURCE_USER, &f->err));
    at_node(f, "walk", "unknown");
    fact_is(f, "dns.verdict", "inconclusive");
    fact_is(f, "dns.summary", "not tested: could not be tested from here");
    fact_is(f, "dns_broken", NULL);
    fact_is(f, "tcp.verdict", "fail");
}

static void probe_result_malformed(void **state)
{
    struct fx *f = *state;
    struct aod_probe_result r = result(AOD_VERDICT_PASS, "ok");

    walk_to_reach(f);
    assert_int_equal(aod_session_probe_result(f->s, 0, NULL, &f->err), AOD_E_INPUT);
    assert_string_equal(f->err.msg, "malformed probe result");
    r.verdict = AOD_VERDICT_COUNT;
    assert_int_equal(aod_session_probe_result(f->s, 0, &r, &f->err), AOD_E_INPUT);
    r.verdict = AOD_VERDICT_PASS;
    r.n_fields = AOD_PROBE_FIELDS_MAX + 1;
    assert_int_equal(aod_session_probe_result(f->s, 0, &r, &f->err), AOD_E_INPUT);
    r.n_fields = 0;
    assert_int_equal(aod_session_probe_result(f->s, 2, &r, &f->err), AOD_E_INPUT);
    assert_false(view(f)->probes[0].is_done);
}

static void probe_results_become_facts(void **state)
{
    struct fx *f = *state;
    struct aod_probe_result dns = result(AOD_VERDICT_PASS, "resolves to 203.0.113.7");
    struct aod_probe_result tcp = result(AOD_VERDICT_PASS, "port 443 open");

    walk_to_reach(f);
    add_field(&dns, "address", "203.0.113.7");
    add_field(&tcp, "port_open", "true");
    ok(f, aod_session_probe_result(f->s, 0, &dns, &f->err));
    ok(f, aod_session_probe_result(f->s, 1, &tcp, &f->err));
    at_node(f, "walk", "ok");
    fact_is(f, "dns.verdict", "pass");
    fact_is(f, "dns.summary", "resolves to 203.0.113.7");
    fact_is(f, "dns.address", "203.0.113.7");
    fact_is(f, "tcp.port_open", "true");
    const struct aod_trail_step *st = aod_session_step(f->s, 2);
    assert_string_equal(
        st->answer, "dns: PASS (probe) resolves to 203.0.113.7\ntcp: PASS (probe) port 443 open");
    assert_int_equal(st->source, AOD_SOURCE_PROBE);
}

static void probe_result_routes_on_field(void **state)
{
    struct fx *f = *state;
    struct aod_probe_result dns = result(AOD_VERDICT_PASS, "resolves");
    struct aod_probe_result tcp = result(AOD_VERDICT_FAIL, "no answer");

    walk_to_reach(f);
    add_field(&tcp, "port_open", "false");
    ok(f, aod_session_probe_result(f->s, 0, &dns, &f->err));
    ok(f, aod_session_probe_result(f->s, 1, &tcp, &f->err));
    at_node(f, "walk", "fix-fw");
    fact_is(f, "tcp.port_open", "false");
}

static void probe_result_scrubs_text(void **state)
{
    struct fx *f = *state;
    struct aod_probe_result dns = result(AOD_VERDICT_PASS, "ok\x1b[2J\xC2\x9B"
                                                           "31m\n\xE2\x80\xAE");
    struct aod_probe_result tcp = result(AOD_VERDICT_PASS, "open");

    walk_to_reach(f);
    add_field(&dns, "address", "203.0.113.7\x1b]0;pwned\x07");
    add_field(&dns, "bad name!", "dropped"); /* not a fact name: ignored */
    ok(f, aod_session_probe_result(f->s, 0, &dns, &f->err));
    const struct aod_view *v = view(f);
    assert_true(v->probes[0].is_done);
    assert_int_equal(v->probes[0].source, AOD_SOURCE_PROBE);
    assert_string_equal(v->probes[0].summary, "ok?[2J?31m??");
    ok(f, aod_session_probe_result(f->s, 1, &tcp, &f->err));
    fact_is(f, "dns.summary", "ok?[2J?31m??");
    fact_is(f, "dns.address", "203.0.113.7?]0;pwned?");
    fact_is(f, "dns.bad name!", NULL);
    assert_string_equal(aod_session_step(f->s, 2)->answer,
                        "dns: PASS (probe) ok?[2J?31m??\ntcp: PASS (probe) open");
}

/* A probe's evidence cannot speak for its verdict: "verdict" and "summary" are the session's
 * own facts of a probe, so fields of those names are dropped, and the route follows the real
 * verdict (dns fail -> fix-dns), not the field. */
static void probe_result_reserved_fields_dropped(void **state)
{
    struct fx *f = *state;
    struct aod_probe_result dns = result(AOD_VERDICT_FAIL, "no such name");
    struct aod_probe_result tcp = result(AOD_VERDICT_PASS, "open");

    walk_to_reach(f);
    add_field(&dns, "verdict", "pass");
    add_field(&dns, "summary", "resolves fine");
    add_field(&dns, "address", "203.0.113.7");
    ok(f, aod_session_probe_result(f->s, 0, &dns, &f->err));
    ok(f, aod_session_probe_result(f->s, 1, &tcp, &f->err));
    at_node(f, "walk", "fix-dns");
    fact_is(f, "dns.verdict", "fail");
    fact_is(f, "dns.summary", "no such name");
    fact_is(f, "dns.address", "203.0.113.7");
}

/* A result replayed from an answer file: a reserved or malformed field name is refused with a
 * reason (nothing is stored), and a good one is labelled as coming from the file, not from a
 * live probe, in the view and in the trail. */
static void probe_result_replayed(void **state)
{
    struct fx *f = *state;
    struct aod_probe_result dns = result(AOD_VERDICT_FAIL, "no such name");
    struct aod_probe_result tcp = result(AOD_VERDICT_PASS, "open");

    walk_to_reach(f);
    add_field(&dns, "verdict", "pass");
    aod_err_clear(&f->err);
    assert_int_equal(aod_session_probe_result_from(f->s, 0, &dns, AOD_SOURCE_FILE, &f->err),
                     AOD_E_INPUT);
    assert_string_equal(f->err.msg, "\"verdict\" is a probe's own fact, not evidence: a result "
                                    "cannot set it through a field");
    assert_false(view(f)->probes[0].is_done);
    dns.n_fields = 0;
    add_field(&dns, "summary", "resolves fine");
    assert_int_equal(aod_session_probe_result_from(f->s, 0, &dns, AOD_SOURCE_FILE, &f->err),
                     AOD_E_INPUT);
    dns.n_fields = 0;
    add_field(&dns, "bad name!", "x");
    assert_int_equal(aod_session_probe_result_from(f->s, 0, &dns, AOD_SOURCE_FILE, &f->err),
                     AOD_E_INPUT);
    assert_string_equal(f->err.msg, "\"bad name!\" is not an evidence name (letters, digits, "
                                    "'_', '.', '-')");
    dns.n_fields = 0;
    add_field(&dns, "address", "198.51.100.9");
    ok(f, aod_session_probe_result_from(f->s, 0, &dns, AOD_SOURCE_FILE, &f->err));
    assert_int_equal(view(f)->probes[0].source, AOD_SOURCE_FILE);
    ok(f, aod_session_probe_result(f->s, 1, &tcp, &f->err));
    at_node(f, "walk", "fix-dns");
    fact_is(f, "dns.verdict", "fail");
    fact_is(f, "dns.address", "198.51.100.9");
    const struct aod_trail_step *st = aod_session_step(f->s, 2);
    assert_string_equal(st->answer, "dns: FAIL (answer file) no such name\ntcp: PASS (probe) open");
    assert_int_equal(st->source, AOD_SOURCE_FILE);
}

static void probe_result_unterminated_strings(void **state)
{
    struct fx *f = *state;
    struct aod_probe_result dns = result(AOD_VERDICT_PASS, "");
    struct aod_probe_result tcp = result(AOD_VERDICT_PASS, "open");

    /* A buggy driver fills every byte: nothing may be read past the arrays. */
    walk_to_reach(f);
    memset(dns.summary, 'a', sizeof dns.summary);
    memset(dns.fields[0].name, 'n', sizeof dns.fields[0].name);
    memset(dns.fields[0].value, 'v', sizeof dns.fields[0].value);
    dns.n_fields = 1;
    ok(f, aod_session_probe_result(f->s, 0, &dns, &f->err));
    ok(f, aod_session_probe_result(f->s, 1, &tcp, &f->err));
    const char *sum = aod_session_fact(f->s, "dns.summary");
    assert_non_null(sum);
    assert_int_equal(strlen(sum), AOD_PROBE_SUMMARY_MAX - 1);
}

static void probe_revisit_forgets_old_fields(void **state)
{
    struct fx *f = *state;
    struct aod_session *s = aod_session_new(f->cat, "retry", &f->err);
    struct aod_probe_result tcp = result(AOD_VERDICT_FAIL, "filtered");

    assert_non_null(s);
    add_field(&tcp, "port_open", "false");
    assert_int_equal(aod_session_probe_result(s, 0, &tcp, &f->err), AOD_OK);
    assert_string_equal(aod_session_view(s, &f->err)->node_id, "fix");
    assert_int_equal(aod_session_choose(s, 0, AOD_SOURCE_USER, &f->err), AOD_OK);
    /* Tested again, by hand this time: the port is open now. The measured "false" from the
     * first visit must neither route the step nor appear in the conclusion. */
    assert_int_equal(aod_session_probe_answer(s, 0, 0, AOD_SOURCE_USER, &f->err), AOD_OK);
    const struct aod_view *v = aod_session_view(s, &f->err);
    assert_non_null(v);
    assert_string_equal(v->node_id, "ok");
    assert_null(aod_session_fact(s, "tcp.port_open"));
    assert_string_equal(aod_session_fact(s, "tcp.verdict"), "pass");
    assert_string_equal(v->title, "Port open: <tcp.port_open>");
    assert_string_equal(v->steps[0].run.commands[0], "echo <tcp.port_open>");
    assert_true(v->steps[0].run.is_incomplete);
    /* Going back past the second test brings the first measurement back. */
    assert_int_equal(aod_session_goto(s, 1, &f->err), AOD_OK);
    assert_string_equal(aod_session_fact(s, "tcp.port_open"), "false");
    aod_session_free(s);
}

static void probe_long_answer_label_not_cut_mid_character(void **state)
{
    struct fx *f = *state;
    struct aod_session *s = aod_session_new(f->cat, "retry", &f->err);

    /* The summary holds 255 bytes: 127 whole "é", never 127.5. */
    assert_non_null(s);
    assert_int_equal(aod_session_probe_answer(s, 0, 2, AOD_SOURCE_USER, &f->err), AOD_OK);
    const char *sum = aod_session_fact(s, "tcp.summary");
    assert_non_null(sum);
    assert_true(aod_utf8_valid(sum, strlen(sum)));
    assert_int_equal(strlen(sum), 254);
    assert_memory_equal(sum, E150, 254);
    aod_session_free(s);
}

/* ---- going back ---- */

static void back_clears_pending_probes_first(void **state)
{
    struct fx *f = *state;

    walk_to_reach(f);
    ok(f, aod_session_probe_answer(f->s, 0, 0, AOD_SOURCE_USER, &f->err));
    assert_true(view(f)->probes[0].is_done);
    ok(f, aod_session_back(f->s, &f->err));
    at_node(f, "walk", "reach");
    assert_false(view(f)->probes[0].is_done);
    assert_int_equal(aod_session_depth(f->s), 2);
    fact_is(f, "vpn_host", "vpn.contoso.com");
    /* Next back undoes the host answer. */
    ok(f, aod_session_back(f->s, &f->err));
    at_node(f, "walk", "host");
    assert_int_equal(aod_session_depth(f->s), 1);
    fact_is(f, "vpn_host", NULL);
    fact_is(f, "protocol", "IKEv2");
}

static void back_from_conclusion_undoes_probe_facts(void **state)
{
    struct fx *f = *state;

    walk_to_reach(f);
    ok(f, aod_session_probe_answer(f->s, 0, 1, AOD_SOURCE_USER, &f->err));
    ok(f, aod_session_probe_answer(f->s, 1, 0, AOD_SOURCE_USER, &f->err));
    at_node(f, "walk", "fix-dns");
    ok(f, aod_session_back(f->s, &f->err));
    at_node(f, "walk", "reach");
    assert_false(aod_session_is_done(f->s));
    assert_false(view(f)->probes[0].is_done);
    fact_is(f, "dns.verdict", NULL);
    fact_is(f, "dns_broken", NULL);
    fact_is(f, "tcp.verdict", NULL);
    fact_is(f, "vpn_host", "vpn.contoso.com");
}

static void goto_drops_later_facts_keeps_presets(void **state)
{
    struct fx *f = *state;

    ok(f, aod_session_preset(f->s, "site", "Paris", &f->err));
    ok(f, aod_session_preset(f->s, "vpn_host", "preset.contoso.com", &f->err));
    choose(f, 0); /* the preset answers the host step: it is never asked going forward */
    at_node(f, "walk", "reach");
    assert_int_equal(aod_session_step(f->s, 1)->source, AOD_SOURCE_PRESET);
    assert_string_equal(aod_session_step(f->s, 1)->answer, "preset.contoso.com");
    ok(f, aod_session_back(f->s, &f->err)); /* gone back to: asked, with the preset to edit */
    at_node(f, "walk", "host");
    assert_string_equal(aod_session_input_default(f->s), "preset.contoso.com");
    input(f, "vpn.contoso.com");
    fact_is(f, "vpn_host", "vpn.contoso.com"); /* the answer wins over the preset */
    assert_null(aod_session_input_default(f->s));
    ok(f, aod_session_probe_answer(f->s, 0, 0, AOD_SOURCE_USER, &f->err));
    ok(f, aod_session_probe_answer(f->s, 1, 0, AOD_SOURCE_USER, &f->err));
    at_node(f, "walk", "ok");
    assert_int_equal(aod_session_depth(f->s), 3);

    assert_int_equal(aod_session_goto(f->s, 3, &f->err), AOD_E_STATE);
    ok(f, aod_session_goto(f->s, 1, &f->err)); /* the host step, unanswered again */
    at_node(f, "walk", "host");
    assert_int_equal(aod_session_depth(f->s), 1);
    fact_is(f, "protocol", "IKEv2");
    fact_is(f, "vpn_host", "preset.contoso.com");
    fact_is(f, "dns.verdict", NULL);
    fact_is(f, "site", "Paris");

    ok(f, aod_session_goto(f->s, 0, &f->err));
    at_node(f, "walk", "q");
    assert_int_equal(aod_session_depth(f->s), 0);
    fact_is(f, "protocol", NULL);
    fact_is(f, "site", "Paris");
}

/* Going back to an input offers its earlier answer; a preset the step refuses stays to edit. */
static void input_default_is_the_earlier_answer(void **state)
{
    struct fx *f = *state;

    choose(f, 0);
    assert_null(aod_session_input_default(f->s));
    input(f, "vpn.contoso.com");
    assert_null(aod_session_input_default(f->s));
    ok(f, aod_session_back(f->s, &f->err));
    at_node(f, "walk", "host");
    assert_string_equal(aod_session_input_default(f->s), "vpn.contoso.com");
    ok(f, aod_session_back(f->s, &f->err)); /* a question has none */
    assert_null(aod_session_input_default(f->s));
    choose(f, 0); /* reached going forward again: a fresh field */
    assert_null(aod_session_input_default(f->s));
}

static void refused_preset_is_asked_with_its_value(void **state)
{
    struct fx *f = *state;

    ok(f, aod_session_preset(f->s, "vpn_host", "1", &f->err));
    choose(f, 0);
    at_node(f, "walk", "host"); /* "1" is no host: asked, never taken */
    assert_int_equal(aod_session_depth(f->s), 1);
    assert_string_equal(aod_session_input_default(f->s), "1");
    input_refused(f, "1", "\"1\" is not a host name or IP address (example: vpn.contoso.com)");
}

static void preset_validation(void **state)
{
    struct fx *f = *state;
    char big[1026];

    assert_int_equal(aod_session_preset(f->s, "bad name", "x", &f->err), AOD_E_INPUT);
    assert_string_equal(f->err.msg,
                        "\"bad name\" is not a fact name (letters, digits, '_', '.', '-')");
    assert_int_equal(aod_session_preset(f->s, "", "x", &f->err), AOD_E_INPUT);
    assert_int_equal(aod_session_preset(f->s, "n", "a\nb", &f->err), AOD_E_INPUT);
    assert_string_equal(f->err.msg,
                        "the value of n must be one line of printable text (at most 1024 bytes)");
    assert_int_equal(aod_session_preset(f->s, "n",
                                        "a\xE2\x80\xAE"
                                        "b",
                                        &f->err),
                     AOD_E_INPUT);
    memset(big, 'a', sizeof big);
    big[1025] = '\0';
    assert_int_equal(aod_session_preset(f->s, "n", big, &f->err), AOD_E_INPUT);
    fact_is(f, "n", NULL);
    big[1024] = '\0';
    ok(f, aod_session_preset(f->s, "n", big, &f->err));
    fact_is(f, "n", big);
}

/* ---- conclusions ---- */

static void conclusion_view_quotes_facts(void **state)
{
    struct fx *f = *state;

    walk_to_reach(f);
    ok(f, aod_session_probe_answer(f->s, 0, 1, AOD_SOURCE_USER, &f->err));
    ok(f, aod_session_probe_answer(f->s, 1, 0, AOD_SOURCE_USER, &f->err));
    const struct aod_view *v = view(f);
    assert_int_equal(v->kind, AOD_NODE_CONCLUSION);
    assert_string_equal(v->title, "Fix DNS for vpn.contoso.com");
    assert_string_equal(v->text, "Or in cmd: nslookup \"vpn.contoso.com\"");
    assert_string_equal(v->reasoning, "The name does not resolve.");
    assert_string_equal(v->caveat, "");
    assert_int_equal(v->n_steps, 1);
    const struct aod_view_step *st = &v->steps[0];
    assert_string_equal(st->title, "Look it up");
    assert_string_equal(st->text, "");
    assert_string_equal(st->risk, "");
    assert_int_equal(st->run.shell, AOD_SHELL_POWERSHELL);
    assert_int_equal(st->run.n_commands, 1);
    assert_string_equal(st->run.commands[0], "Resolve-DnsName -Name 'vpn.contoso.com'");
    assert_false(st->run.is_incomplete);
    assert_int_equal(st->verify.shell, AOD_SHELL_BASH);
    assert_int_equal(st->verify.n_commands, 1);
    assert_string_equal(st->verify.commands[0], "dig +short 'vpn.contoso.com'");
    assert_false(st->verify.is_incomplete);
    assert_string_equal(st->expect, "an address");
    assert_int_equal(v->n_sources, 1);
    assert_string_equal(v->sources[0], "https://example.com/dns");
    assert_string_equal(v->checked, "2026-12-02");
}

static void conclusion_unset_fact_is_placeholder(void **state)
{
    struct fx *f = *state;
    struct aod_probe_result dns = result(AOD_VERDICT_PASS, "resolves");
    struct aod_probe_result tcp = result(AOD_VERDICT_FAIL, "filtered");

    /* This path never asks for a port. */
    walk_to_reach(f);
    add_field(&tcp, "port_open", "false");
    ok(f, aod_session_probe_result(f->s, 0, &dns, &f->err));
    ok(f, aod_session_probe_result(f->s, 1, &tcp, &f->err));
    const struct aod_view *v = view(f);
    assert_string_equal(v->node_id, "fix-fw");
    assert_string_equal(v->caveat, "Only port <port> was tested.");
    assert_string_equal(v->steps[0].risk, "None");
    assert_string_equal(v->steps[0].run.commands[0],
                        "Test-NetConnection -ComputerName 'vpn.contoso.com' -Port <port>");
    assert_true(v->steps[0].run.is_incomplete);
    assert_int_equal(v->steps[0].verify.n_commands, 0);
    assert_false(v->steps[0].verify.is_incomplete);
}

static void conclusion_registry_quoting(void **state)
{
    struct fx *f = *state;
    struct aod_probe_result dns = result(AOD_VERDICT_PASS, "resolves");
    struct aod_probe_result tcp = result(AOD_VERDICT_PASS, "open");

    walk_to_reach(f);
    add_field(&dns, "address", "a\\b\"c");
    ok(f, aod_session_probe_result(f->s, 0, &dns, &f->err));
    ok(f, aod_session_probe_result(f->s, 1, &tcp, &f->err));
    const struct aod_view *v = view(f);
    assert_string_equal(v->node_id, "ok");
    assert_string_equal(v->reasoning, "vpn.contoso.com is a\\b\"c."); /* text: as it is */
    assert_int_equal(v->steps[0].run.shell, AOD_SHELL_REG);
    assert_string_equal(v->steps[0].run.commands[0], "\"Server\"=\"a\\\\b\\\"c\"");
}

static void conclusion_hostile_text_fact(void **state)
{
    struct fx *f = *state;

    choose(f, 2);
    input(f, "12345");
    input(f, "443");
    input(f, "it's 50% tunnel");
    const struct aod_view *v = view(f);
    assert_string_equal(v->node_id, "crl");
    /* In prose a fact is as typed, unless the flow names a shell to quote it for. */
    assert_string_equal(v->text, "You said: it's 50% tunnel. Type: Write-Host 'it''s 50% tunnel' "
                                 "or echo <note>");
    assert_string_equal(v->reasoning, "Code 12345.");
    assert_int_equal(v->n_steps, 2);
    assert_string_equal(v->steps[0].run.commands[0], "Write-Host 'it''s 50% tunnel'");
    assert_false(v->steps[0].run.is_incomplete);
    /* cmd cannot quote '%' safely: placeholder, never the raw value. */
    assert_int_equal(v->steps[1].run.shell, AOD_SHELL_CMD);
    assert_string_equal(v->steps[1].run.commands[0], "echo <note>");
    assert_true(v->steps[1].run.is_incomplete);
}

static void conclusion_unset_fact_in_text(void **state)
{
    struct fx *f = *state;

    choose(f, 2);
    input(f, "0x80092013"); /* straight to crl: no note */
    const struct aod_view *v = view(f);
    assert_string_equal(v->node_id, "crl");
    assert_string_equal(v->text, "You said: <note>. Type: Write-Host <note> or echo <note>");
    assert_string_equal(v->steps[0].run.commands[0], "Write-Host <note>");
    assert_true(v->steps[0].run.is_incomplete);
    assert_int_equal(aod_session_choose(f->s, 0, AOD_SOURCE_USER, &f->err), AOD_E_STATE);
}

static void cross_flow_jump_carries_facts(void **state)
{
    struct fx *f = *state;

    choose(f, 2);
    input(f, "13801");
    const struct aod_view *v = view(f);
    assert_string_equal(v->flow_id, "other");
    assert_string_equal(v->flow_title, "Other");
    assert_string_equal(v->node_id, "entry");
    assert_string_equal(v->title, "Code 13801 over Automatic");
    assert_string_equal(v->steps[0].run.commands[0], "echo '13801' 'Automatic'");
    assert_true(aod_session_is_done(f->s));
    const struct aod_trail_step *st = aod_session_step(f->s, 1);
    assert_string_equal(st->flow_id, "walk");
    assert_string_equal(st->node_id, "code");
    /* Back returns to the other flow's caller. */
    ok(f, aod_session_back(f->s, &f->err));
    at_node(f, "walk", "code");
    fact_is(f, "code", NULL);
    fact_is(f, "protocol", "Automatic");
}

static void session_on_other_flow(void **state)
{
    struct fx *f = *state;
    struct aod_session *s = aod_session_new(f->cat, "other", &f->err);

    /* Opened directly, nothing is known: the commands keep their placeholders. */
    assert_non_null(s);
    const struct aod_view *v = aod_session_view(s, &f->err);
    assert_non_null(v);
    assert_string_equal(v->title, "Code <code> over <protocol>");
    assert_string_equal(v->steps[0].run.commands[0], "echo <code> <protocol>");
    assert_true(v->steps[0].run.is_incomplete);
    aod_session_free(s);
}

static void words(void **state)
{
    (void)state;
    assert_string_equal(aod_node_kind_word(AOD_NODE_PROBE), "probe");
    assert_string_equal(aod_input_type_word(AOD_INPUT_ERROR_CODE), "error_code");
    assert_string_equal(aod_shell_word(AOD_SHELL_REG), "registry");
    assert_string_equal(aod_shell_label(AOD_SHELL_CMD), "Command Prompt");
    assert_string_equal(aod_source_word(AOD_SOURCE_FILE), "answer file");
}

/* A question whose labels repeat {{n}} 1600 times each: harmless with the short values its
 * flow sets, but with a 1024-byte preset the step is 4.9 MB, past the view's capacity. The
 * view fails as a whole with a message; it used to hand out NULL labels (a crash in the wizard,
 * "(null)" in line mode). */
static void view_too_large_fails_cleanly(void **state)
{
    (void)state;
    static const char head[] =
        "{'id': 'big', 'title': 'Big', 'version': 1, 'start': 'q', 'nodes': ["
        " {'id': 'q', 'kind': 'question', 'title': 'Set n?', 'choices': ["
        "   {'label': 'yes', 'next': 'wide', 'set': {'n': 'x'}}, {'label': 'no', 'next': 'wide'}]},"
        " {'id': 'wide', 'kind': 'question', 'title': 'Wide', 'choices': [";
    static const char tail[] =
        "]}, {'id': 'end', 'kind': 'conclusion', 'title': 'End', 'reasoning': 'Done.',"
        "  'steps': [{'title': 'Show', 'where': 'linux', 'shell': 'bash', 'commands': ['true']}],"
        "  'sources': ['https://example.com/big'], 'checked': '2026-12-02'}]}";
    size_t cap = sizeof head + sizeof tail + 3 * (1600 * 5 + 40);
    char *json = malloc(cap);
    char *value = malloc(1025);
    assert_non_null(json);
    assert_non_null(value);
    size_t n = (size_t)snprintf(json, cap, "%s", head);
    for (int c = 0; c < 3; c++) {
        n += (size_t)snprintf(json + n, cap - n, "%s{'label': '", c > 0 ? ", " : "");
        for (int k = 0; k < 1600; k++)
            n += (size_t)snprintf(json + n, cap - n, "{{n}}");
        n += (size_t)snprintf(json + n, cap - n, "', 'next': 'end'}");
    }
    snprintf(json + n, cap - n, "%s", tail);
    char *flow = q(json);
    memset(value, 'x', 1024);
    value[1024] = '\0';

    struct aod_catalog *cat = aod_catalog_new();
    struct aod_diags *d = aod_diags_new();
    struct aod_err err;
    assert_int_equal(aod_catalog_add_buffer(cat, "big.json", flow, strlen(flow), d, &err), AOD_OK);
    assert_int_equal(aod_catalog_check(cat, d, &err), AOD_OK);
    struct aod_session *s = aod_session_new(cat, "big", &err);
    assert_non_null(s);
    assert_int_equal(aod_session_preset(s, "n", value, &err), AOD_OK);
    assert_non_null(aod_session_view(s, &err));
    assert_int_equal(aod_session_choose(s, 1, AOD_SOURCE_USER, &err), AOD_OK);
    aod_err_clear(&err);
    assert_null(aod_session_view(s, &err));
    assert_int_equal(err.code, AOD_E_NOMEM);
    assert_non_null(strstr(err.msg, "step \"wide\" of flow \"big\" is too large to show"));
    /* The session is intact: back, and the other way works. */
    assert_int_equal(aod_session_back(s, &err), AOD_OK);
    assert_int_equal(aod_session_choose(s, 0, AOD_SOURCE_USER, &err), AOD_OK);
    const struct aod_view *v = aod_session_view(s, &err);
    assert_non_null(v);
    assert_int_equal(strlen(v->choices[2]), 1600);
    aod_session_free(s);
    aod_diags_free(d);
    aod_catalog_free(cat);
    free(flow);
    free(json);
    free(value);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_on_unchecked_catalog),
        T(new_on_unknown_flow),
        T(first_view_is_the_start_question),
        T(back_at_first_step),
        T(choose_out_of_range),
        T(wrong_kind_of_answer),
        T(choose_records_step_and_sets_facts),
        T(input_host_view),
        T(input_null_and_empty),
        T(input_host_refuses_non_hosts),
        T(input_host_accepts_names_and_addresses),
        T(error_message_never_cuts_a_character),
        T(error_message_scrubs_control_characters),
        T(input_error_code_canonical),
        T(input_error_code_routes_any_form),
        T(input_number_bounds),
        T(input_text_too_long),
        T(input_text_length_counts_characters),
        T(input_text_routes_by_whole_word),
        T(probe_view),
        T(probe_answer_out_of_range),
        T(probe_manual_answers_route),
        T(probe_cant_test_is_inconclusive),
        T(probe_result_malformed),
        T(probe_results_become_facts),
        T(probe_result_routes_on_field),
        T(probe_result_scrubs_text),
        T(probe_result_reserved_fields_dropped),
        T(probe_result_replayed),
        T(probe_result_unterminated_strings),
        T(probe_revisit_forgets_old_fields),
        T(probe_long_answer_label_not_cut_mid_character),
        T(back_clears_pending_probes_first),
        T(back_from_conclusion_undoes_probe_facts),
        T(goto_drops_later_facts_keeps_presets),
        T(preset_validation),
        T(input_default_is_the_earlier_answer),
        T(refused_preset_is_asked_with_its_value),
        cmocka_unit_test(view_too_large_fails_cleanly),
        T(conclusion_view_quotes_facts),
        T(conclusion_unset_fact_is_placeholder),
        T(conclusion_registry_quoting),
        T(conclusion_hostile_text_fact),
        T(conclusion_unset_fact_in_text),
        T(cross_flow_jump_carries_facts),
        T(session_on_other_flow),
        cmocka_unit_test(words),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
