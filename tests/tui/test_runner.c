/* tests/tui/test_runner.c: the one probe-step runner (tui/driver.c) against two tcp probes on
 * loopback, one port listening and one closed: each result is handed over once as its probe
 * ends, a step is probed once unless forced ("test again"), and feeding records each result as
 * an answer-file line that parses back. Needs the probes module (AOD_PROBES_MODULE). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "driver.h"

struct seen {
    size_t n_done;
    size_t order[AOD_FLOW_MAX_PROBES];
    bool had_result[AOD_FLOW_MAX_PROBES];
    size_t n_lines;
    char lines[AOD_FLOW_MAX_PROBES][1024];
};

static void on_done(void *ctx, size_t i, const struct aod_probe_result *res)
{
    struct seen *s = ctx;
    assert_true(s->n_done < AOD_FLOW_MAX_PROBES);
    s->had_result[i] = res != NULL;
    s->order[s->n_done++] = i;
}

static void on_record(void *ctx, const char *line)
{
    struct seen *s = ctx;
    assert_true(s->n_lines < AOD_FLOW_MAX_PROBES);
    snprintf(s->lines[s->n_lines++], sizeof s->lines[0], "%s", line);
}

/* A listening socket on 127.0.0.1 (its port in *port), and a port nothing listens on. */
static int listen_loopback(int *port, int *closed)
{
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int fd2 = socket(AF_INET, SOCK_STREAM, 0);

    assert_true(fd >= 0 && fd2 >= 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(fd, 4), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    *port = ntohs(a.sin_port);
    a.sin_port = 0;
    assert_int_equal(bind(fd2, (struct sockaddr *)&a, sizeof a), 0); /* bound, not listening */
    len = sizeof a;
    assert_int_equal(getsockname(fd2, (struct sockaddr *)&a, &len), 0);
    *closed = ntohs(a.sin_port);
    close(fd2);
    return fd;
}

static struct aod_catalog *load_flow(int port, int closed)
{
    char json[2048];
    struct aod_err err;
    struct aod_catalog *cat = aod_catalog_new();
    const char *ans = "\"ask\": \"Does it answer?\", \"answers\": [{\"label\": \"Yes\", "
                      "\"verdict\": \"pass\"}, {\"label\": \"No\", \"verdict\": \"fail\"}]";
    int n = snprintf(
        json, sizeof json,
        "{\"id\": \"rt\", \"title\": \"Runner test\", \"version\": 1, \"summary\": \"x\", "
        "\"start\": \"reach\", \"nodes\": ["
        "{\"id\": \"reach\", \"kind\": \"probe\", \"title\": \"Reach\", \"probes\": ["
        "{\"id\": \"open\", \"kind\": \"tcp\", \"params\": {\"host\": \"127.0.0.1\", "
        "\"port\": \"%d\"}, %s},"
        "{\"id\": \"shut\", \"kind\": \"tcp\", \"params\": {\"host\": \"127.0.0.1\", "
        "\"port\": \"%d\"}, %s}], \"next\": \"end\"},"
        "{\"id\": \"end\", \"kind\": \"conclusion\", \"title\": \"End\", \"reasoning\": \"r\", "
        "\"steps\": [{\"title\": \"t\", \"where\": \"client\", \"shell\": \"powershell\", "
        "\"commands\": [\"Get-Date\"]}],"
        " \"sources\": [\"https://learn.microsoft.com/\"], \"checked\": \"2026-12-02\"}]}",
        port, ans, closed, ans);

    assert_true(n > 0 && (size_t)n < sizeof json);
    aod_err_clear(&err);
    assert_non_null(cat);
    if (aod_catalog_add_buffer(cat, "rt.json", json, (size_t)n, NULL, &err) != AOD_OK)
        fail_msg("flow: %s", err.msg);
    assert_int_equal(aod_catalog_check(cat, NULL, &err), AOD_OK);
    return cat;
}

static void each_result_once_then_test_again(void **state)
{
    int port, closed;
    int fd = listen_loopback(&port, &closed);
    struct aod_catalog *cat = load_flow(port, closed);
    struct aod_err err;
    struct aod_probe_runner r;
    struct seen seen;
    struct aod_session *s;
    const struct aod_view *v;

    (void)state;
    aod_err_clear(&err);
    memset(&seen, 0, sizeof seen);
    s = aod_session_new(cat, "rt", &err);
    assert_non_null(s);
    v = aod_session_view(s, &err);
    aod_runner_init(&r, 3000, on_done, on_record, &seen);
    assert_int_equal(aod_runner_want(&r, s, v), AOD_RUN_LIVE);
    if (aod_runner_start(&r, s, false, &err) != AOD_RUN_STARTED)
        fail_msg("start: %s", err.msg);

    /* probed once: not again, unless forced */
    v = aod_session_view(s, &err);
    assert_int_equal(aod_runner_want(&r, s, v), AOD_RUN_TRIED);
    aod_runner_wait(&r);
    assert_false(r.is_running);
    assert_int_equal(seen.n_done, 2);
    assert_true(seen.order[0] != seen.order[1]);
    assert_true(seen.had_result[0] && seen.had_result[1]);
    assert_int_equal(r.results[0].verdict, AOD_VERDICT_PASS);
    assert_int_equal(r.results[1].verdict, AOD_VERDICT_FAIL);
    assert_int_equal(aod_runner_start(&r, s, false, &err), AOD_RUN_SKIPPED);
    assert_false(r.is_running);

    memset(&seen, 0, sizeof seen);
    assert_int_equal(aod_runner_start(&r, s, true, &err), AOD_RUN_STARTED);
    aod_runner_wait(&r);
    assert_int_equal(seen.n_done, 2);

    /* feeding records one line per result, in step order, and the lines parse back */
    assert_true(aod_runner_feed(&r, s, &err));
    assert_int_equal(seen.n_lines, 2);
    assert_true(strncmp(seen.lines[0], "=open pass ", 11) == 0);
    assert_true(strncmp(seen.lines[1], "=shut fail ", 11) == 0);
    for (size_t i = 0; i < 2; i++) {
        char id[64];
        struct aod_probe_result back;
        assert_true(aod_result_line_parse(seen.lines[i], id, sizeof id, &back));
        assert_string_equal(id, i == 0 ? "open" : "shut");
        assert_int_equal(back.verdict, r.results[i].verdict);
        assert_string_equal(back.summary, r.results[i].summary);
        assert_int_equal(back.n_fields, r.results[i].n_fields);
    }
    assert_true(aod_session_is_done(s));

    aod_runner_forget(&r);
    aod_session_free(s);
    aod_catalog_free(cat);
    close(fd);
}

static void bad_lines_refused(void **state)
{
    char id[64];
    struct aod_probe_result res;

    (void)state;
    assert_false(aod_result_line_parse("=", id, sizeof id, &res));
    assert_false(aod_result_line_parse("=ike", id, sizeof id, &res));
    assert_false(aod_result_line_parse("=ike maybe", id, sizeof id, &res));
    assert_true(aod_result_line_parse("=ike fail a=x%20y -- no answer", id, sizeof id, &res));
    assert_string_equal(res.fields[0].value, "x y");
    assert_string_equal(res.summary, "no answer");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_result_once_then_test_again),
        cmocka_unit_test(bad_lines_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
