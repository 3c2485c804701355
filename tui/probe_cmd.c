/* tui/probe_cmd.c: the `aovpn-doctor probe KIND TARGET ...` front end: prints the usage, asks
 * for the RADIUS secret without echo, runs one probe through the module table and prints text
 * or JSON. The parse itself is the probes module's (cmd_parse). Everything printed is clean. */
#include "probe_cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "aod/exit.h"
#include "probe_host.h"

#define SECRET_MAX 256

static void usage(const struct aod_probe_api *api, FILE *f)
{
    const char *line;

    fputs("usage: aovpn-doctor probe KIND TARGET [options] [--timeout MS] [--json]\n\nkinds:\n", f);
    for (size_t i = 0; (line = api->kind_usage(i)) != NULL; i++)
        fprintf(f, "  %s\n", line);
    fprintf(f, "\n--timeout MS bounds the probe, retries included (default %d).\n",
            AOD_PROBE_DEFAULT_TIMEOUT_MS);
    fprintf(f,
            "--json prints one JSON object (schema: docs/probes.md).\n"
            "radius reads the shared secret from --secret-file FILE, else from the environment\n"
            "variable AOD_RADIUS_SECRET, else asks for it without echo; never from the command "
            "line.\n"
            "Exit codes: %d pass, %d fail, %d inconclusive, %d error, %d bad usage.\n",
            AOD_EXIT_OK, AOD_EXIT_FAIL, AOD_EXIT_INCONCLUSIVE, AOD_EXIT_ERROR, AOD_EXIT_USAGE);
}

static volatile sig_atomic_t prompt_signal;

static void on_prompt_signal(int sig)
{
    prompt_signal = sig;
}

/* Reads the secret from the terminal with echo off. Returns 0 on success. A signal that would
 * end the process (Ctrl-C, Ctrl-\, a hang-up) interrupts the read instead, so that echo is
 * restored first; then the signal is raised again with the old handler in place. The wipe is
 * the module's (OPENSSL_cleanse, like the batch's): this program does not link libcrypto, so
 * that the wizard starts without it, and by the time we ask, the module is loaded anyway. */
static int prompt_secret(const struct aod_probe_api *api, char *buf, size_t cap)
{
    static const int sigs[] = {SIGINT, SIGQUIT, SIGTERM, SIGHUP};
    struct sigaction sa;
    struct sigaction old_sa[sizeof sigs / sizeof sigs[0]];
    struct termios old;
    struct termios quiet;
    int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
    int ok = -1;
    size_t len = 0;
    size_t i;
    int restore = 0;

    if (fd < 0)
        return -1;
    prompt_signal = 0;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_prompt_signal; /* no SA_RESTART: read() returns EINTR */
    for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, &old_sa[i]);
    if (tcgetattr(fd, &old) == 0) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
        quiet.c_lflag |= ICANON;
        restore = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
    }
    if (write(fd, "RADIUS shared secret: ", 22) < 0)
        goto out;
    while (len + 1 < cap && prompt_signal == 0) {
        char c;
        ssize_t r = read(fd, &c, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0 || c == '\n' || c == '\r')
            break;
        buf[len++] = c;
    }
    buf[len] = '\0';
    ok = len > 0 && prompt_signal == 0 ? 0 : -1;
out:
    if (restore)
        tcsetattr(fd, TCSAFLUSH, &old);
    if (write(fd, "\n", 1) < 0) {
        /* nothing to do: the prompt line just stays open */
    }
    close(fd);
    for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &old_sa[i], NULL);
    if (prompt_signal != 0) {
        api->wipe(buf, cap);
        raise(prompt_signal);
    }
    return ok;
}

static int exit_code(enum aod_verdict v)
{
    switch (v) {
    case AOD_VERDICT_PASS:
        return AOD_EXIT_OK;
    case AOD_VERDICT_FAIL:
        return AOD_EXIT_FAIL;
    case AOD_VERDICT_INCONCLUSIVE:
        return AOD_EXIT_INCONCLUSIVE;
    case AOD_VERDICT_ERROR:
    case AOD_VERDICT_COUNT:
        break;
    }
    return AOD_EXIT_ERROR;
}

/* The probe's own text is clean already (the module cleans all it stores). */
static void print_text(const struct aod_probe_cmd *c, const struct aod_probe_result *r)
{
    const char *from = NULL;

    for (size_t i = 0; i < r->n_fields; i++) {
        if (strcmp(r->fields[i].name, "source_address") == 0)
            from = r->fields[i].value;
    }
    printf("[%s] %s %s (%ld ms%s%s)\n  %s\n", aod_result_label(r->verdict, r->fields, r->n_fields),
           c->kind, c->target_shown, r->elapsed_ms, from != NULL ? " from " : "",
           from != NULL ? from : "", r->summary);
    for (size_t i = 0; i < r->n_fields; i++)
        printf("  %-24s %s\n", r->fields[i].name, r->fields[i].value);
}

/* radius without --secret-file or AOD_RADIUS_SECRET: ask on the terminal, without echo. */
static int ask_secret(const struct aod_probe_api *api, struct aod_probe_cmd *c, char *secret,
                      size_t cap)
{
    if (!c->needs_secret)
        return 0;
    if (prompt_secret(api, secret, cap) != 0 || c->n_params >= AOD_PROBE_CMD_PARAMS_MAX) {
        fputs("aovpn-doctor probe: radius needs a shared secret: --secret-file FILE, "
              "AOD_RADIUS_SECRET or a terminal to ask on\n",
              stderr);
        return AOD_EXIT_USAGE;
    }
    c->params[c->n_params].name = "secret";
    c->params[c->n_params].value = secret;
    c->n_params++;
    return 0;
}

/* Runs the one probe through the batch code (the same checks, deadline and result as a flow's
 * probes) on this thread, and prints it. */
static int run_one(const struct aod_probe_api *api, const struct aod_probe_cmd *c)
{
    struct aod_probe_batch *b = NULL;
    const struct aod_param *pp[1] = {c->params};
    const struct aod_probe_result *r;
    struct aod_err err;
    int code;

    aod_err_clear(&err);
    if (api->batch_run(&b, 1, &c->kind, pp, &c->n_params, c->timeout_ms, &err) != AOD_OK) {
        fprintf(stderr, "aovpn-doctor probe: %s\n", err.msg);
        return err.code == AOD_E_USAGE ? AOD_EXIT_USAGE : AOD_EXIT_ERROR;
    }
    r = api->batch_result(b, 0);
    if (c->is_json)
        printf("%s\n", r->json != NULL ? r->json : "{\"verdict\":\"error\"}");
    else
        print_text(c, r);
    code = exit_code(r->verdict);
    api->batch_free(b);
    return code;
}

int aod_probe_cmd(int argc, char **argv)
{
    struct aod_err err;
    struct aod_probe_cmd c;
    char secret[SECRET_MAX] = ""; /* only from the prompt; wiped before returning */
    const struct aod_probe_api *api;
    int code;

    aod_err_clear(&err);
    api = aod_probe_host(&err);
    if (api == NULL) {
        fprintf(stderr, "aovpn-doctor probe: %s\n", err.msg);
        return AOD_EXIT_ERROR;
    }
    if (api->cmd_parse(&c, argc, argv, &err) != AOD_OK) {
        if (err.msg[0] == '\0')
            fputs("usage: aovpn-doctor probe KIND TARGET [options] [--timeout MS] [--json] "
                  "(--help)\n",
                  stderr);
        else
            fprintf(stderr, "aovpn-doctor probe: %s\n", err.msg);
        return AOD_EXIT_USAGE;
    }
    if (c.is_help) {
        usage(api, stdout);
        fflush(stdout);
        return 0;
    }
    code = ask_secret(api, &c, secret, sizeof secret);
    if (code == 0)
        code = run_one(api, &c);
    api->wipe(secret, sizeof secret);
    fflush(stdout);
    return code;
}
