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
    text_clean(out, sizeof out, "", 0);
    assert_string_equal(out, "");
    text_clean(out, 1, "abc", 3);
    assert_string_equal(out, "");
    text_clean(out, sizeof out, "abcdef", 6);
    assert_string_equal(out, "abc");
}

static void clean_controls(void **state)
{
    char out[64];

    (void)state;
    text_clean(out, sizeof out,
               "a\x1b[2Jb\r\n\x7f"
               "c",
               10);
    assert_string_equal(out, "a?[2Jb???c");
    /* C1 CSI as a raw byte and as UTF-8 U+009B, invalid UTF-8, overlong NUL */
    text_clean(out, sizeof out,
               "\x9b"
               "1\xc2\x9b"
               "2\xff\xc0\x80",
               8);
    assert_string_equal(out, "?1??2???");
    /* bidi override and isolate (a Reply-Message that reorders the line), line separator */
    text_clean(out, sizeof out,
               "a\xe2\x80\xae"
               "b\xe2\x81\xa9"
               "c\xe2\x80\xa8"
               "d\xe2\x81\x81",
               16);
    assert_string_equal(out, "a???b???c???d\xe2\x81\x81");
}

static void clean_keeps_utf8(void **state)
{
    char out[64];

    (void)state;
    text_clean(out, sizeof out, "Zürich \xe2\x82\xac", 12);
    assert_string_equal(out, "Zürich \xe2\x82\xac");
    /* a sequence cut by the buffer is dropped whole, not split */
    text_clean(out, 9, "Zürich \xe2\x82\xac", 12);
    assert_string_equal(out, "Zürich ");
}

static void sbuf_cap(void **state)
{
    struct sbuf sb;

    (void)state;
    sb_init(&sb, 8);
    sb_puts(&sb, "12345");
    sb_puts(&sb, "6789");
    assert_true(sb.overflow);
    assert_int_equal(sb.len, 5);
    assert_string_equal(sb.p, "12345");
    sb_free(&sb);
}

static void json_escapes(void **state)
{
    struct sbuf sb;

    (void)state;
    sb_init(&sb, 256);
    sb_json_str(&sb, "a\"b\\c\n\x01\xff");
    assert_string_equal(sb.p, "\"a\\\"b\\\\c\\u000a\\u0001\\ufffd\"");
    sb_free(&sb);
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
    sb_puts(&o.extra, ",\"more\":[]");
    o.res.elapsed_ms = 12;
    j = out_json(&o, "dns", "h");
    assert_non_null(j);
    assert_string_equal(j, "{\"kind\":\"dns\",\"target\":\"h\",\"verdict\":\"fail\",\"summary\":"
                           "\"bad \\\"x?y\\\"\",\"elapsed_ms\":12,\"fields\":{\"ok\":false,"
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
        cmocka_unit_test(json_whole),
        cmocka_unit_test(hostport),
        cmocka_unit_test(numbers),
        cmocka_unit_test(usage_errors),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
