/* tests/probes/test_result.c: the result builder: text cleaning, capped buffers, JSON output,
 * host:port splitting and number parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "probe_int.h"

static void clean_empty_and_tiny(void **state)
{
    char out[4] = "xyz";

    (void)state;
    aod_text_sanitize_n(out, sizeof out, "", 0, false);
    assert_string_equal(out, "");
    aod_text_sanitize_n(out, 1, "abc", 3, false);
    assert_string_equal(out, "");
    aod_text_sanitize_n(out, sizeof out, "abcdef", 6, false);
    assert_string_equal(out, "abc");
}

static void clean_controls(void **state)
{
    char out[64];

    (void)state;
    aod_text_sanitize_n(out, sizeof out,
                        "a\x1b[2Jb\r\n\x7f"
                        "c",
                        10, false);
    assert_string_equal(out, "a?[2Jb???c");
    /* C1 CSI as a raw byte and as UTF-8 U+009B (one '?' per character), invalid UTF-8,
     * overlong NUL */
    aod_text_sanitize_n(out, sizeof out,
                        "\x9b"
                        "1\xc2\x9b"
                        "2\xff\xc0\x80",
                        8, false);
    assert_string_equal(out, "?1?2???");
}

static void clean_keeps_utf8(void **state)
{
    char out[64];

    (void)state;
    aod_text_sanitize_n(out, sizeof out, "Zürich \xe2\x82\xac", 12, false);
    assert_string_equal(out, "Zürich \xe2\x82\xac");
    /* a sequence cut by the buffer is dropped whole, not split */
    aod_text_sanitize_n(out, 9, "Zürich \xe2\x82\xac", 12, false);
    assert_string_equal(out, "Zürich ");
}

static void sbuf_cap(void **state)
{
    struct aod_buf sb;

    (void)state;
    aod_buf_init(&sb, 8);
    aod_buf_puts(&sb, "12345");
    aod_buf_puts(&sb, "6789");
    assert_true(sb.is_overflow);
    assert_int_equal(sb.len, 5);
    assert_string_equal(sb.p, "12345");
    aod_buf_free(&sb);
}

static void json_escapes(void **state)
{
    struct aod_buf sb;

    (void)state;
    aod_buf_init(&sb, 256);
    aod_json_str(&sb, "a\"b\\c\n\x01\xff");
    assert_string_equal(sb.p, "\"a\\\"b\\\\c\\n\\u0001\\ufffd\"");
    aod_buf_free(&sb);
}

static void fields_replace_and_cap(void **state)
{
    struct probe_out o;
    char name[16];
    int i;

    (void)state;
    out_init(&o);
    out_bool(&o, "responded", 0);
    out_bool(&o, "responded", 1);
    assert_int_equal(o.res.n_fields, 1);
    assert_string_equal(out_get(&o, "responded"), "true");
    for (i = 0; i < AOD_PROBE_FIELDS_MAX + 5; i++) {
        snprintf(name, sizeof name, "f%d", i);
        out_num(&o, name, i);
    }
    assert_int_equal(o.res.n_fields, AOD_PROBE_FIELDS_MAX);
    out_field(&o, "responded", FT_STR, "%s", "\x1b]0;pwned\x07");
    assert_string_equal(out_get(&o, "responded"), "?]0;pwned?");
    assert_null(out_get(&o, "nope"));
    out_free(&o);
}

/* Every character that can reorder or break a terminal line becomes '?' in a field and in the
 * summary, so neither the text output nor the JSON carries it, raw or escaped. */
static void fields_drop_bidi_controls(void **state)
{
    static const char *const bad[] = {
        "\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac", "\xe2\x80\xad",
        "\xe2\x80\xae",                                                 /* LRE..RLO */
        "\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8", "\xe2\x81\xa9", /* LRI..PDI */
        "\xe2\x80\xa8", "\xe2\x80\xa9",             /* line and paragraph separators */
        "\xe2\x80\x8e", "\xe2\x80\x8f", "\xd8\x9c", /* LRM, RLM, ALM */
        "\xc2\x9b",     "\x1b",         "\x7f",
    };
    struct probe_out o;
    char *j;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        out_init(&o);
        out_field(&o, "server", FT_STR, "a%sb", bad[i]);
        out_verdict(&o, AOD_VERDICT_FAIL, "saw %s", bad[i]);
        assert_string_equal(out_get(&o, "server"), "a?b");
        assert_string_equal(o.res.summary, "saw ?");
        j = out_json(&o, "sstp", "h");
        assert_non_null(j);
        assert_null(strstr(j, bad[i]));
        assert_null(strstr(j, "\\u"));
        free(j);
        out_free(&o);
    }
}

/* The JSON writer escapes what the cleaner would drop, for text that did not pass it. */
static void json_escapes_bidi(void **state)
{
    struct aod_buf b;

    (void)state;
    aod_buf_init(&b, 256);
    aod_json_str(&b, "a\xe2\x80\xae"
                     "b\xc2\x9b"
                     "c\x1b");
    assert_string_equal(b.p, "\"a\\u202eb\\u009bc\\u001b\"");
    aod_buf_free(&b);
}

static void json_whole(void **state)
{
    struct probe_out o;
    char *j;

    (void)state;
    out_init(&o);
    out_verdict(&o, AOD_VERDICT_FAIL, "bad \"%s\"", "x\ty");
    out_bool(&o, "ok", 0);
    out_null(&o, "n");
    out_num(&o, "k", -3);
    out_field(&o, "addresses", FT_LIST, "%s", "1.2.3.4,::1");
    out_field(&o, "empty", FT_LIST, "%s", "");
    out_field(&o, "s", FT_STR, "%s", "v");
    aod_buf_puts(&o.extra, ",\"more\":[]");
    o.res.elapsed_ms = 12;
    j = out_json(&o, "dns", "h");
    assert_non_null(j);
    assert_string_equal(j, "{\"kind\":\"dns\",\"target\":\"h\",\"verdict\":\"fail\",\"summary\":"
                           "\"bad \\\"x y\\\"\",\"elapsed_ms\":12,\"fields\":{\"ok\":false,"
                           "\"n\":null,\"k\":-3,\"addresses\":[\"1.2.3.4\",\"::1\"],"
                           "\"empty\":[],\"s\":\"v\"},\"more\":[]}");
    free(j);
    out_free(&o);
}

static void hostport(void **state)
{
    char h[64];
    char p[8];

    (void)state;
    assert_int_equal(net_split_hostport("vpn.example.com", "443", h, sizeof h, p, sizeof p),
                     AOD_OK);
    assert_string_equal(h, "vpn.example.com");
    assert_string_equal(p, "443");
    assert_int_equal(net_split_hostport("h:8443", "443", h, sizeof h, p, sizeof p), AOD_OK);
    assert_string_equal(p, "8443");
    assert_int_equal(net_split_hostport("[::1]:500", NULL, h, sizeof h, p, sizeof p), AOD_OK);
    assert_string_equal(h, "::1");
    assert_int_equal(net_split_hostport("fe80::1", "500", h, sizeof h, p, sizeof p), AOD_OK);
    assert_string_equal(h, "fe80::1");
    assert_int_equal(net_split_hostport(NULL, "1", h, sizeof h, p, sizeof p), AOD_E_USAGE);
    assert_int_equal(net_split_hostport("", "1", h, sizeof h, p, sizeof p), AOD_E_USAGE);
    assert_int_equal(net_split_hostport(":443", "1", h, sizeof h, p, sizeof p), AOD_E_USAGE);
    assert_int_equal(net_split_hostport("h:0", "1", h, sizeof h, p, sizeof p), AOD_E_USAGE);
    assert_int_equal(net_split_hostport("h:65536", "1", h, sizeof h, p, sizeof p), AOD_E_USAGE);
    assert_int_equal(net_split_hostport("h:12x", "1", h, sizeof h, p, sizeof p), AOD_E_USAGE);
    assert_int_equal(net_split_hostport("h", NULL, h, sizeof h, p, sizeof p), AOD_E_USAGE);
    assert_int_equal(net_split_hostport("[::1", "1", h, sizeof h, p, sizeof p), AOD_E_USAGE);
    assert_int_equal(net_split_hostport("[::1]x", "1", h, sizeof h, p, sizeof p), AOD_E_USAGE);
    assert_int_equal(net_split_hostport("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                        "aaaaaaaaaaaaaaaaaaaaaa",
                                        "1", h, sizeof h, p, sizeof p),
                     AOD_E_USAGE);
}

static void numbers(void **state)
{
    (void)state;
    assert_int_equal(param_long(NULL, 1, 10), -1);
    assert_int_equal(param_long("", 1, 10), -1);
    assert_int_equal(param_long("-1", 1, 10), -1);
    assert_int_equal(param_long("+1", 1, 10), -1);
    assert_int_equal(param_long("11", 1, 10), -1);
    assert_int_equal(param_long("99999999999999999999999", 1, 10), -1);
    assert_int_equal(param_long("10", 1, 10), 10);
}

static void usage_errors(void **state)
{
    const struct aod_probe_api *api = aod_probe_api();
    struct aod_probe_batch *b = NULL;
    const char *kinds[1] = {"nope"};
    struct aod_param p[1] = {{"host", "127.0.0.1"}};
    const struct aod_param *pp[1] = {p};
    size_t n[1] = {1};
    struct aod_err err;

    (void)state;
    assert_int_equal(api->version, AOD_PROBE_API_VERSION);
    assert_int_equal(api->batch_start(&b, 1, kinds, pp, n, 1000, &err), AOD_E_USAGE);
    assert_null(b);
    kinds[0] = "tcp"; /* no port */
    assert_int_equal(api->batch_start(&b, 1, kinds, pp, n, 1000, &err), AOD_E_USAGE);
    assert_non_null(strstr(err.msg, "port"));
    assert_int_equal(api->batch_start(&b, 0, kinds, pp, n, 1000, &err), AOD_E_USAGE);
    assert_int_equal(api->batch_start(&b, 1, kinds, pp, n, 0, &err), AOD_E_USAGE);
    api->batch_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clean_empty_and_tiny),
        cmocka_unit_test(clean_controls),
        cmocka_unit_test(clean_keeps_utf8),
        cmocka_unit_test(sbuf_cap),
        cmocka_unit_test(json_escapes),
        cmocka_unit_test(fields_replace_and_cap),
        cmocka_unit_test(fields_drop_bidi_controls),
        cmocka_unit_test(json_escapes_bidi),
        cmocka_unit_test(json_whole),
        cmocka_unit_test(hostport),
        cmocka_unit_test(numbers),
        cmocka_unit_test(usage_errors),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
