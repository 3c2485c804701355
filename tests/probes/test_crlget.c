/* tests/probes/test_crlget.c: the plain-HTTP CRL download's URL and response-head parsers, on
 * canned text: what a CDP URL may hold, status lines, headers, truncated and oversized heads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tls_int.h"

static int url(const char *u, char *host, char *port, char *path)
{
    return crl_parse_url(u, host, 256, port, 8, path, 1024);
}

static void url_plain(void **state)
{
    char host[256], port[8], path[1024];
    (void)state;
    assert_int_equal(url("http://crl.contoso.com/pki/Contoso-CA.crl", host, port, path), 1);
    assert_string_equal(host, "crl.contoso.com");
    assert_string_equal(port, "80");
    assert_string_equal(path, "/pki/Contoso-CA.crl");
}

static void url_port_and_ipv6(void **state)
{
    char host[256], port[8], path[1024];
    (void)state;
    assert_int_equal(url("http://127.0.0.1:8080/x.crl", host, port, path), 1);
    assert_string_equal(host, "127.0.0.1");
    assert_string_equal(port, "8080");
    assert_int_equal(url("http://[::1]:81/a", host, port, path), 1);
    assert_string_equal(host, "::1");
    assert_string_equal(port, "81");
    assert_int_equal(url("http://crl.contoso.com", host, port, path), 1);
    assert_string_equal(path, "/");
}

static void url_refused(void **state)
{
    char host[256], port[8], path[1024];
    (void)state;
    assert_int_equal(url("https://crl.contoso.com/a.crl", host, port, path), 0);
    assert_int_equal(url("ldap:///CN=Contoso,CN=CDP", host, port, path), 0);
    assert_int_equal(url("http:///a.crl", host, port, path), 0);
    assert_int_equal(url("http://user:pw@crl.contoso.com/a.crl", host, port, path), 0);
    assert_int_equal(url("http://crl.contoso.com:0/a.crl", host, port, path), 0);
    assert_int_equal(url("http://crl.contoso.com:99999/a.crl", host, port, path), 0);
    /* a space or a line break would split the request line */
    assert_int_equal(url("http://crl.contoso.com/a b.crl", host, port, path), 0);
    assert_int_equal(url("http://crl.contoso.com/a\r\nX-Evil: 1", host, port, path), 0);
}

static int head(const char *h, long *status, size_t *off, long *clen)
{
    return crl_parse_head(h, strlen(h), status, off, clen);
}

static void head_ok(void **state)
{
    long status = 0, clen = 0;
    size_t off = 0;
    const char *h = "HTTP/1.1 200 OK\r\nContent-Type: application/pkix-crl\r\n"
                    "content-LENGTH: 523\r\n\r\nBODY";
    (void)state;
    assert_int_equal(head(h, &status, &off, &clen), 1);
    assert_int_equal(status, 200);
    assert_int_equal(clen, 523);
    assert_string_equal(h + off, "BODY");
}

static void head_without_length(void **state)
{
    long status = 0, clen = 0;
    size_t off = 0;
    (void)state;
    assert_int_equal(head("HTTP/1.0 404 Not Found\r\nServer: x\r\n\r\n", &status, &off, &clen), 1);
    assert_int_equal(status, 404);
    assert_int_equal(clen, -1);
}

static void head_incomplete(void **state)
{
    long status = 0, clen = 0;
    size_t off = 0;
    (void)state;
    assert_int_equal(head("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n", &status, &off, &clen), 0);
    assert_int_equal(head("", &status, &off, &clen), 0);
    assert_int_equal(head("HTTP/1.1 2", &status, &off, &clen), 0);
}

static void head_malformed(void **state)
{
    long status = 0, clen = 0;
    size_t off = 0;
    (void)state;
    assert_int_equal(head("SSH-2.0-OpenSSH_9.2\r\n\r\n", &status, &off, &clen), -1);
    assert_int_equal(head("HTTP/1.1 2x0 OK\r\n\r\n", &status, &off, &clen), -1);
    assert_int_equal(head("HTTP/1.1 700 Odd\r\n\r\n", &status, &off, &clen), -1);
    assert_int_equal(head("HTTP/1.1200 OK\r\n\r\n", &status, &off, &clen), -1);
    /* a negative or unreadable length is ignored, not trusted */
    assert_int_equal(head("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n", &status, &off, &clen),
                     1);
    assert_int_equal(clen, -1);
}

/* The value is read from its own line only: an empty one must not be taken from the body (a DER
 * CRL starts with 0x30, '0'), and a NUL in the head must not hide the header. */
static void head_length_on_its_line(void **state)
{
    static const char nul_head[] = "HTTP/1.1 200 OK\r\nX: a\0b\r\nContent-Length: 4\r\n\r\nBODY";
    long status = 0, clen = 0;
    size_t off = 0;
    (void)state;
    assert_int_equal(head("HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n0123", &status, &off, &clen),
                     1);
    assert_int_equal(clen, -1);
    assert_int_equal(
        head("HTTP/1.1 200 OK\r\nContent-Length: \r\nX: 7\r\n\r\n", &status, &off, &clen), 1);
    assert_int_equal(clen, -1);
    assert_int_equal(head("HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n", &status, &off, &clen),
                     1);
    assert_int_equal(clen, -1);
    assert_int_equal(head("HTTP/1.1 200 OK\r\nContent-Length:\t7 \r\n\r\n", &status, &off, &clen),
                     1);
    assert_int_equal(clen, 7);
    assert_int_equal(crl_parse_head(nul_head, sizeof nul_head - 1, &status, &off, &clen), 1);
    assert_int_equal(clen, 4);
    assert_string_equal(nul_head + off, "BODY");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(url_plain),           cmocka_unit_test(url_port_and_ipv6),
        cmocka_unit_test(url_refused),         cmocka_unit_test(head_ok),
        cmocka_unit_test(head_without_length), cmocka_unit_test(head_incomplete),
        cmocka_unit_test(head_malformed),      cmocka_unit_test(head_length_on_its_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
