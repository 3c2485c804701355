/* probes/cli.c: the pure half of `aovpn-doctor probe KIND TARGET ...`: the option table (which
 * kind takes which option) and the parse of argv into a probe's parameters. Never prints, never
 * prompts; the front end that prints, asks for the secret and runs the probe is tui/probe_cmd.c. */
#include "probe_int.h"

#include <stdlib.h>
#include <string.h>

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

/* The params the options may fill; the rest of the table stays free for TARGET and the secret. */
#define OPT_PARAMS_MAX 20

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

/* Adds a parameter, unless there are too many already. */
static int add_param(struct aod_probe_cmd *c, size_t cap, const char *name, const char *value)
{
    if (c->n_params >= cap)
        return -1;
    c->params[c->n_params].name = name;
    c->params[c->n_params].value = value;
    c->n_params++;
    return 0;
}

/* Turns TARGET into host/port/url parameters for `kind`; ike takes its port from TARGET, else
 * --port, else 4500 with --natt, else 500. */
static int set_target(struct aod_probe_cmd *c)
{
    const char *defport = "443";
    const char *kind = c->kind;
    int has_port = param_find(c->params, c->n_params, "port") != NULL;

    if (strcmp(kind, "https") == 0)
        return add_param(c, OPT_PARAMS_MAX, "url", c->target);
    if (strcmp(kind, "dns") == 0)
        return add_param(c, OPT_PARAMS_MAX, "host", c->target);
    if (strcmp(kind, "tcp") == 0)
        defport = NULL;
    else if (strcmp(kind, "radius") == 0)
        defport = "1812";
    else if (strcmp(kind, "ike") == 0)
        defport = param_find(c->params, c->n_params, "natt") != NULL ? "4500" : "500";
    if (net_split_hostport(c->target, defport, c->host, sizeof c->host, c->port, sizeof c->port) !=
        AOD_OK)
        return -1;
    if (add_param(c, OPT_PARAMS_MAX, "host", c->host) != 0)
        return -1;
    if (has_port)
        return 0;
    return add_param(c, OPT_PARAMS_MAX, "port", c->port);
}

/* An empty message: the front end shows its one-line usage. */
static enum aod_status bad_usage(struct aod_err *err)
{
    return aod_err_set(err, AOD_E_USAGE, "%s", "");
}

/* One option of the table at argv[*i]; advances *i past its value. */
static enum aod_status parse_opt(struct aod_probe_cmd *c, int argc, char **argv, int *i,
                                 struct aod_err *err)
{
    size_t k;

    for (k = 0; k < sizeof opts / sizeof opts[0]; k++) {
        if (strcmp(argv[*i], opts[k].flag) != 0)
            continue;
        if (c->kind == NULL || !kind_takes(opts[k].kinds, c->kind))
            return aod_err_set(err, AOD_E_USAGE, "%s is not an option of this kind", argv[*i]);
        if (opts[k].has_arg && ++*i >= argc)
            return bad_usage(err);
        if (add_param(c, OPT_PARAMS_MAX, opts[k].param, opts[k].has_arg ? argv[*i] : "true") != 0)
            return bad_usage(err);
        return AOD_OK;
    }
    return aod_err_set(err, AOD_E_USAGE, "unknown option (see --help)");
}

/* The words and options of argv, in order; stops at the first --help. */
static enum aod_status parse_words(struct aod_probe_cmd *c, int argc, char **argv,
                                   const char **timeout_s, struct aod_err *err)
{
    enum aod_status rc;
    int i;

    for (i = 1; i < argc; i++) {
        const char *s = argv[i];

        if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
            c->is_help = 1;
            return AOD_OK;
        }
        if (strcmp(s, "--json") == 0) {
            c->is_json = 1;
        } else if (strcmp(s, "--timeout") == 0) {
            if (++i >= argc)
                return bad_usage(err);
            *timeout_s = argv[i];
        } else if (strcmp(s, "--secret") == 0) {
            return aod_err_set(err, AOD_E_USAGE,
                               "the secret is never taken from the command line; use "
                               "--secret-file FILE or AOD_RADIUS_SECRET");
        } else if (s[0] != '-' || s[1] == '\0') {
            if (c->kind == NULL)
                c->kind = s;
            else if (c->target == NULL)
                c->target = s;
            else
                return bad_usage(err);
        } else {
            rc = parse_opt(c, argc, argv, &i, err);
            if (rc != AOD_OK)
                return rc;
        }
    }
    return AOD_OK;
}

/* A file option that names nothing readable is the user's typo: bad usage, before any packet,
 * naming the option and the path. (A flow's probe with such a param fails alone, at run time,
 * so the other probes of its step still run.) */
static enum aod_status check_files(const struct aod_probe_cmd *c, struct aod_err *err)
{
    static const struct {
        const char *param, *option;
        int pipe_ok;
    } files[] = {{"cacert", "--cacert", 0},
                 {"secret_file", "--secret-file", 1},
                 {"password_file", "--password-file", 1}};
    enum aod_status rc;
    size_t i;

    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        rc = param_file_ok(c->kind, files[i].option,
                           param_find(c->params, c->n_params, files[i].param), files[i].pipe_ok,
                           err);
        if (rc != AOD_OK)
            return rc;
    }
    return AOD_OK;
}

enum aod_status probe_cmd_parse(struct aod_probe_cmd *c, int argc, char **argv, struct aod_err *err)
{
    const char *timeout_s = NULL;
    enum aod_status rc;
    long timeout;

    memset(c, 0, sizeof *c);
    rc = parse_words(c, argc, argv, &timeout_s, err);
    if (rc != AOD_OK || c->is_help)
        return rc;
    if (c->kind == NULL || c->target == NULL)
        return bad_usage(err);
    if (probe_find(c->kind) == NULL)
        return aod_err_set(err, AOD_E_USAGE, "unknown kind (see --help)");
    timeout = AOD_PROBE_DEFAULT_TIMEOUT_MS;
    if (timeout_s != NULL)
        timeout = param_long(timeout_s, 1, AOD_PROBE_MAX_TIMEOUT_MS);
    if (timeout < 0)
        return aod_err_set(err, AOD_E_USAGE, "--timeout takes 1 to %d ms",
                           AOD_PROBE_MAX_TIMEOUT_MS);
    c->timeout_ms = (int)timeout;
    if (set_target(c) != 0)
        return aod_err_set(err, AOD_E_USAGE, "bad TARGET for %s (see --help)", c->kind);
    aod_text_sanitize(c->target_shown, sizeof c->target_shown, c->target, false);
    rc = check_files(c, err);
    if (rc != AOD_OK)
        return rc;
    c->needs_secret = strcmp(c->kind, "radius") == 0 &&
                      param_find(c->params, c->n_params, "secret_file") == NULL &&
                      getenv("AOD_RADIUS_SECRET") == NULL;
    return AOD_OK;
}

const char *probe_kind_usage(size_t i)
{
    const struct aod_probe_ops *ops = probe_at(i);

    return ops != NULL ? ops->usage : NULL;
}
