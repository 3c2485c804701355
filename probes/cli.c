/* probes/cli.c: the `aovpn-doctor probe KIND TARGET ...` subcommand: parses options, reads the
 * RADIUS secret without echo, runs one probe through the batch API and prints text or JSON.
 * Returns the exit code; never exits. Everything printed was cleaned of control characters. */
#include "probe_int.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "aod/exit.h"

#define SECRET_MAX 256

/* One command-line option: the parameter it sets and the kinds that take it. */
struct cli_opt {
    const char *flag;
    const char *param;
    int has_arg;
    const char *kinds; /* space-separated */
};

static const struct cli_opt opts[] = {
    {"--port", "port", 1, "ike"},
    {"--natt", "natt", 0, "ike"},
    {"--expect", "expect", 1, "dns"},
    {"--servername", "servername", 1, "tls sstp"},
    {"--cacert", "cacert", 1, "tls https"},
    {"--secret-file", "secret_file", 1, "radius"},
    {"--password-file", "password_file", 1, "radius"},
    {"--user", "user", 1, "radius"},
};

static void usage(FILE *f)
{
    size_t i;
    const struct aod_probe_ops *ops;

    fputs("usage: aovpn-doctor probe KIND TARGET [options] [--timeout MS] [--json]\n\nkinds:\n", f);
    for (i = 0, ops = probe_at(0); ops != NULL; ops = probe_at(++i))
        fprintf(f, "  %s\n", ops->usage);
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

static int kind_takes(const char *kinds, const char *kind)
{
    size_t n = strlen(kind);
    const char *p = n > 0 ? strstr(kinds, kind) : NULL;

    while (p != NULL) {
        if ((p == kinds || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
        p = strstr(p + n, kind);
    }
    return 0;
}

static volatile sig_atomic_t prompt_signal;

static void on_prompt_signal(int sig)
{
    prompt_signal = sig;
}

/* Reads the secret from the terminal with echo off. Returns 0 on success. A signal that would
 * end the process (Ctrl-C, Ctrl-\, a hang-up) interrupts the read instead, so that echo is
 * restored first; then the signal is raised again with the old handler in place. */
static int prompt_secret(char *buf, size_t cap)
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
        memset(buf, 0, cap);
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

static void print_text(const char *kind, const char *target, const struct aod_probe_result *r)
{
    char t[256];
    size_t i;

    aod_text_sanitize_n(t, sizeof t, target, strlen(target), false);
    printf("[%s] %s %s (%ld ms)\n  %s\n", aod_verdict_label(r->verdict), kind, t, r->elapsed_ms,
           r->summary);
    for (i = 0; i < r->n_fields; i++)
        printf("  %-24s %s\n", r->fields[i].name, r->fields[i].value);
}

/* Adds a parameter, unless there are too many already. */
static int add_param(struct aod_param *p, size_t *n, size_t cap, const char *name,
                     const char *value)
{
    if (*n >= cap)
        return -1;
    p[*n].name = name;
    p[*n].value = value;
    (*n)++;
    return 0;
}

/* Turns TARGET into host/port/url parameters for `kind`; ike takes its port from TARGET, else
 * --port, else 4500 with --natt, else 500. */
static int set_target(const char *kind, const char *target, char *host, size_t hcap, char *port,
                      size_t pcap, struct aod_param *p, size_t *n, size_t cap)
{
    const char *defport = "443";
    int has_port = param_find(p, *n, "port") != NULL;

    if (strcmp(kind, "https") == 0)
        return add_param(p, n, cap, "url", target);
    if (strcmp(kind, "dns") == 0)
        return add_param(p, n, cap, "host", target);
    if (strcmp(kind, "tcp") == 0)
        defport = NULL;
    else if (strcmp(kind, "radius") == 0)
        defport = "1812";
    else if (strcmp(kind, "ike") == 0)
        defport = param_find(p, *n, "natt") != NULL ? "4500" : "500";
    if (net_split_hostport(target, defport, host, hcap, port, pcap) != AOD_OK)
        return -1;
    if (add_param(p, n, cap, "host", host) != 0)
        return -1;
    if (has_port)
        return 0;
    return add_param(p, n, cap, "port", port);
}

/* What the command line asked for. */
struct cli_args {
    struct aod_param p[24];
    size_t n;
    const char *kind;
    const char *target;
    int json;
    long timeout;
    char host[256];
    char port[16];
    char secret[SECRET_MAX]; /* only from the prompt; wiped before probe_cli returns */
};

#define CLI_GO (-1) /* parse_args: go on and run the probe */

static int bad_usage(void)
{
    fputs("usage: aovpn-doctor probe KIND TARGET [options] [--timeout MS] [--json] (--help)\n",
          stderr);
    return AOD_EXIT_USAGE;
}

/* One option of the table at argv[*i]; advances *i past its value. Returns CLI_GO or a code. */
static int parse_opt(int argc, char **argv, int *i, struct cli_args *a)
{
    size_t k;

    for (k = 0; k < sizeof opts / sizeof opts[0]; k++) {
        if (strcmp(argv[*i], opts[k].flag) != 0)
            continue;
        if (a->kind == NULL || !kind_takes(opts[k].kinds, a->kind)) {
            fprintf(stderr, "aovpn-doctor probe: %s is not an option of this kind\n", argv[*i]);
            return AOD_EXIT_USAGE;
        }
        if (opts[k].has_arg && ++*i >= argc)
            return bad_usage();
        if (add_param(a->p, &a->n, 20, opts[k].param, opts[k].has_arg ? argv[*i] : "true") != 0)
            return bad_usage();
        return CLI_GO;
    }
    fprintf(stderr, "aovpn-doctor probe: unknown option (see --help)\n");
    return AOD_EXIT_USAGE;
}

/* Fills `a` from argv. Returns CLI_GO, or the exit code (0 after --help). */
static int parse_args(int argc, char **argv, struct cli_args *a)
{
    const char *timeout_s = NULL;
    int i;
    int rc;

    for (i = 1; i < argc; i++) {
        const char *s = argv[i];

        if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(s, "--json") == 0) {
            a->json = 1;
        } else if (strcmp(s, "--timeout") == 0) {
            if (++i >= argc)
                return bad_usage();
            timeout_s = argv[i];
        } else if (strcmp(s, "--secret") == 0) {
            fputs("aovpn-doctor probe: the secret is never taken from the command line; use "
                  "--secret-file FILE or AOD_RADIUS_SECRET\n",
                  stderr);
            return AOD_EXIT_USAGE;
        } else if (s[0] != '-' || s[1] == '\0') {
            if (a->kind == NULL)
                a->kind = s;
            else if (a->target == NULL)
                a->target = s;
            else
                return bad_usage();
        } else {
            rc = parse_opt(argc, argv, &i, a);
            if (rc != CLI_GO)
                return rc;
        }
    }
    if (a->kind == NULL || a->target == NULL)
        return bad_usage();
    if (probe_find(a->kind) == NULL) {
        fprintf(stderr, "aovpn-doctor probe: unknown kind (see --help)\n");
        return AOD_EXIT_USAGE;
    }
    a->timeout = AOD_PROBE_DEFAULT_TIMEOUT_MS;
    if (timeout_s != NULL)
        a->timeout = param_long(timeout_s, 1, AOD_PROBE_MAX_TIMEOUT_MS);
    if (a->timeout < 0) {
        fprintf(stderr, "aovpn-doctor probe: --timeout takes 1 to %d ms\n",
                AOD_PROBE_MAX_TIMEOUT_MS);
        return AOD_EXIT_USAGE;
    }
    if (set_target(a->kind, a->target, a->host, sizeof a->host, a->port, sizeof a->port, a->p,
                   &a->n, 20) != 0) {
        fprintf(stderr, "aovpn-doctor probe: bad TARGET for %s (see --help)\n", a->kind);
        return AOD_EXIT_USAGE;
    }
    return CLI_GO;
}

/* radius without --secret-file or AOD_RADIUS_SECRET: ask on the terminal, without echo. */
static int ask_secret(struct cli_args *a)
{
    if (strcmp(a->kind, "radius") != 0 || param_find(a->p, a->n, "secret_file") != NULL ||
        getenv("AOD_RADIUS_SECRET") != NULL)
        return CLI_GO;
    if (prompt_secret(a->secret, sizeof a->secret) != 0) {
        fputs("aovpn-doctor probe: radius needs a shared secret: --secret-file FILE, "
              "AOD_RADIUS_SECRET or a terminal to ask on\n",
              stderr);
        return AOD_EXIT_USAGE;
    }
    add_param(a->p, &a->n, sizeof a->p / sizeof a->p[0], "secret", a->secret);
    return CLI_GO;
}

/* Runs the one probe through the batch code (the same checks, deadline and result as a flow's
 * probes) on this thread, and prints it. */
static int run_one(const struct cli_args *a)
{
    struct aod_probe_batch *b = NULL;
    const struct aod_param *pp[1] = {a->p};
    const struct aod_probe_result *r;
    struct aod_err err;
    int code;

    aod_err_clear(&err);
    if (probe_batch_run(&b, 1, &a->kind, pp, &a->n, (int)a->timeout, &err) != AOD_OK) {
        fprintf(stderr, "aovpn-doctor probe: %s\n", err.msg);
        return err.code == AOD_E_USAGE ? AOD_EXIT_USAGE : AOD_EXIT_ERROR;
    }
    r = probe_batch_result(b, 0);
    if (a->json)
        printf("%s\n", r->json != NULL ? r->json : "{\"verdict\":\"error\"}");
    else
        print_text(a->kind, a->target, r);
    code = exit_code(r->verdict);
    probe_batch_free(b);
    return code;
}

/* A file option that names nothing readable is the user's typo: bad usage, before any packet,
 * naming the option and the path. (A flow's probe with such a param fails alone, at run time,
 * so the other probes of its step still run.) */
static int check_files(const struct cli_args *a)
{
    static const struct {
        const char *param, *option;
        int pipe_ok;
    } files[] = {{"cacert", "--cacert", 0},
                 {"secret_file", "--secret-file", 1},
                 {"password_file", "--password-file", 1}};
    struct aod_err err;
    size_t i;

    aod_err_clear(&err);
    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        if (param_file_ok(a->kind, files[i].option, param_find(a->p, a->n, files[i].param),
                          files[i].pipe_ok, &err) != AOD_OK) {
            fprintf(stderr, "aovpn-doctor probe: %s\n", err.msg);
            return AOD_EXIT_USAGE;
        }
    }
    return CLI_GO;
}

int probe_cli(int argc, char **argv)
{
    struct cli_args a;
    int code;

    memset(&a, 0, sizeof a);
    code = parse_args(argc, argv, &a);
    if (code == CLI_GO)
        code = check_files(&a);
    if (code == CLI_GO)
        code = ask_secret(&a);
    if (code == CLI_GO)
        code = run_one(&a);
    memset(a.secret, 0, sizeof a.secret);
    fflush(stdout);
    return code;
}
