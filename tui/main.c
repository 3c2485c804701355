/* tui/main.c: the one entry point: parses the command line and hands over to the wizard, line
 * mode, or a subcommand (walk, lint, list, probe). The only place that decides to exit. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"
#include "explain_cmd.h"
#include "graph_cmd.h"
#include "lint_cmd.h"
#include "plain.h"
#include "probe_cmd.h"
#include "report.h"
#include "wizard.h"

#define MAX_FACTS 64

struct opts {
    const char *flows_dir;
    const char *flow;
    const char *answers;
    const char *transcript;
    const char *record;
    enum aod_report_format format;
    bool is_plain;
    bool no_probes;
    bool is_mono;
    bool is_ascii;
    int timeout_ms;
    long max_steps;
    char *facts[MAX_FACTS];
    size_t n_facts;
};

static void usage(FILE *f)
{
    fprintf(f,
            "Usage:\n"
            "  aovpn-doctor [OPTIONS] [FLOW]        troubleshoot Always On VPN, RRAS and NPS\n"
            "  aovpn-doctor --plain [OPTIONS] [FLOW] the same in line mode (no full screen)\n"
            "  aovpn-doctor walk FLOW --answers FILE [--fact NAME=VALUE]... "
            "[--format text|json|markdown]\n"
            "  aovpn-doctor lint [FILE|DIR...]      check flow files; exit 1 on any problem\n"
            "  aovpn-doctor list                    list the symptom flows\n"
            "  aovpn-doctor graph [FLOW...] [--format dot|text]\n"
            "                                       draw the decision trees (DOT for Graphviz)\n"
            "  aovpn-doctor probe KIND TARGET ...   run one live test (see 'probe --help')\n"
            "  aovpn-doctor explain CODE... [--json]\n"
            "                                       what an error code, event ID, NPS reason\n"
            "                                       code or NPS extension error means\n"
            "\n"
            "Options:\n"
            "  --plain             line mode: numbered choices, answers typed on a line\n"
            "  --flows DIR         load flows from DIR instead of the bundled ones\n"
            "  --no-probes         never test live; ask for every result instead\n"
            "  --fact NAME=VALUE   preset a fact, e.g. --fact vpn_host=vpn.contoso.com\n"
            "  --timeout MS        time limit of each live test (default %d)\n"
            "  --transcript FILE   write the session to FILE at the end (Markdown; .json, .txt)\n"
            "  --record FILE       write the answers, live results included, as an answer file\n"
            "                      that 'walk FLOW --no-probes --answers FILE' replays\n"
            "  --mono, --ascii     no colour; ASCII line drawing (full-screen mode)\n"
            "  --max-steps N       end the full-screen loop after N iterations (tests)\n"
            "  -h, --help          this text\n"
            "  --version           the version\n"
            "\n"
            "In line mode type a number to pick, b to go back, q to quit.\n"
            "FLOW is a flow id from 'aovpn-doctor list'; without it you start at the symptom "
            "list.\n",
            AOD_PROBE_DEFAULT_TIMEOUT_MS);
}

static int bad_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "aovpn-doctor: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'aovpn-doctor --help'.\n");
    return AOD_EXIT_USAGE;
}

/* Takes the value of an option that needs one; returns NULL (after a message) when missing. */
static const char *value_of(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        bad_usage("option %s needs a value", argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

/* Parses options shared by the wizard and walk. Returns -1 when fine, else an exit code. */
static int parse(int argc, char **argv, int start, struct opts *o, bool is_walk)
{
    for (int i = start; i < argc; i++) {
        const char *a = argv[i];
        const char *v = NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return AOD_EXIT_OK;
        } else if (strcmp(a, "--version") == 0) {
            printf("aovpn-doctor %s\n", AOD_VERSION);
            return AOD_EXIT_OK;
        } else if (strcmp(a, "--plain") == 0) {
            o->is_plain = true;
        } else if (strcmp(a, "--no-probes") == 0) {
            o->no_probes = true;
        } else if (strcmp(a, "--mono") == 0) {
            o->is_mono = true;
        } else if (strcmp(a, "--ascii") == 0) {
            o->is_ascii = true;
        } else if (strcmp(a, "--flows") == 0) {
            if ((o->flows_dir = value_of(argc, argv, &i)) == NULL)
                return AOD_EXIT_USAGE;
        } else if (strcmp(a, "--record") == 0) {
            if ((o->record = value_of(argc, argv, &i)) == NULL)
                return AOD_EXIT_USAGE;
        } else if (strcmp(a, "--transcript") == 0) {
            if ((o->transcript = value_of(argc, argv, &i)) == NULL)
                return AOD_EXIT_USAGE;
        } else if (strcmp(a, "--fact") == 0) {
            if ((v = value_of(argc, argv, &i)) == NULL)
                return AOD_EXIT_USAGE;
            if (o->n_facts == MAX_FACTS)
                return bad_usage("too many --fact options (at most 64): %s", v);
            o->facts[o->n_facts++] = argv[i];
        } else if (strcmp(a, "--max-steps") == 0) {
            char *end = NULL;
            if ((v = value_of(argc, argv, &i)) == NULL)
                return AOD_EXIT_USAGE;
            long n = strtol(v, &end, 10);
            if (end == v || *end != '\0' || n < 1 || n > 100000000L)
                return bad_usage("--max-steps takes a number from 1 to 100000000, not \"%s\"", v);
            o->max_steps = n;
        } else if (strcmp(a, "--timeout") == 0) {
            char *end = NULL;
            if ((v = value_of(argc, argv, &i)) == NULL)
                return AOD_EXIT_USAGE;
            long ms = strtol(v, &end, 10);
            if (end == v || *end != '\0' || ms < 100 || ms > 60000)
                return bad_usage("--timeout takes milliseconds from 100 to 60000, not \"%s\"", v);
            o->timeout_ms = (int)ms;
        } else if (is_walk && strcmp(a, "--answers") == 0) {
            if ((o->answers = value_of(argc, argv, &i)) == NULL)
                return AOD_EXIT_USAGE;
        } else if (is_walk && strcmp(a, "--format") == 0) {
            if ((v = value_of(argc, argv, &i)) == NULL)
                return AOD_EXIT_USAGE;
            if (!aod_report_parse_format(v, &o->format))
                return bad_usage("--format takes text, json or markdown, not \"%s\"", v);
        } else if (a[0] == '-' && a[1] != '\0') {
            return bad_usage("unknown option \"%s\"", a);
        } else if (o->flow == NULL) {
            o->flow = a;
        } else {
            return bad_usage("unexpected argument \"%s\" (only one FLOW)", a);
        }
    }
    return -1;
}

/* Opens a session on the flow the user named, with the presets; NULL after a message, with the
 * exit code in *rc (a broken flow is bad data, anything else bad usage). */
static struct aod_session *open_session(struct aod_catalog *cat, const struct opts *o, int *rc)
{
    struct aod_err err;
    aod_err_clear(&err);
    *rc = AOD_EXIT_USAGE;
    struct aod_session *s = aod_session_new(cat, o->flow, &err);
    if (s == NULL) {
        fprintf(stderr, "aovpn-doctor: %s", err.msg);
        if (err.code == AOD_E_NOTFOUND)
            fprintf(stderr, " (see 'aovpn-doctor list')");
        fprintf(stderr, "\n");
        if (err.code == AOD_E_FLOW)
            *rc = AOD_EXIT_DATA;
        return NULL;
    }
    if (!aod_driver_presets(s, (char **)o->facts, o->n_facts, stderr)) {
        aod_session_free(s);
        return NULL;
    }
    return s;
}

/* The header every transcript carries: the flows' versions, the timeout, whether tests ran. */
static struct aod_report_meta report_meta(const struct opts *o, const struct aod_catalog *cat)
{
    struct aod_report_meta m = {cat, o->timeout_ms, !o->no_probes};
    return m;
}

static int save_transcript(const struct opts *o, struct aod_session *s,
                           const struct aod_catalog *cat)
{
    struct aod_report_meta meta = report_meta(o, cat);
    struct aod_err err;
    aod_err_clear(&err);
    if (o->transcript == NULL)
        return AOD_EXIT_OK;
    /* The file name picks the format: .json and .txt, anything else Markdown for a ticket. */
    enum aod_report_format fmt = AOD_REPORT_MARKDOWN;
    size_t n = strlen(o->transcript);
    if (n > 5 && strcmp(o->transcript + n - 5, ".json") == 0)
        fmt = AOD_REPORT_JSON;
    else if (n > 4 && strcmp(o->transcript + n - 4, ".txt") == 0)
        fmt = AOD_REPORT_TEXT;
    if (!aod_report_save(o->transcript, s, fmt, &meta, &err)) {
        fprintf(stderr, "aovpn-doctor: cannot write the transcript: %s\n", err.msg);
        return AOD_EXIT_INCOMPLETE;
    }
    fprintf(stderr, "Transcript written to %s\n", o->transcript);
    return AOD_EXIT_OK;
}

/* The exit code of a line-mode run, after writing the transcript when one was asked for. */
static int finish(const struct opts *o, struct aod_session *s, const struct aod_catalog *cat,
                  int plain_rc)
{
    int rc = plain_rc == AOD_PLAIN_CONCLUDED ? AOD_EXIT_OK
             : plain_rc == AOD_PLAIN_NOMEM   ? AOD_EXIT_SOFTWARE
                                             : AOD_EXIT_INCOMPLETE;
    if (save_transcript(o, s, cat) != AOD_EXIT_OK && rc == AOD_EXIT_OK)
        rc = AOD_EXIT_INCOMPLETE;
    return rc;
}

static int run_walk(int argc, char **argv)
{
    struct opts o;
    int rc;
    FILE *in = NULL;
    struct aod_catalog *cat = NULL;
    struct aod_session *s = NULL;

    memset(&o, 0, sizeof o);
    o.timeout_ms = AOD_PROBE_DEFAULT_TIMEOUT_MS;
    rc = parse(argc, argv, 2, &o, true);
    if (rc >= 0)
        return rc;
    if (o.flow == NULL)
        return bad_usage("walk needs a FLOW%s", " (see 'aovpn-doctor list')");
    if (o.answers == NULL)
        return bad_usage("walk needs --answers FILE%s", "");
    in = strcmp(o.answers, "-") == 0 ? stdin : fopen(o.answers, "r");
    if (in == NULL) {
        perror(o.answers);
        return AOD_EXIT_USAGE;
    }
    rc = AOD_EXIT_DATA;
    cat = aod_driver_index(aod_flows_dir(o.flows_dir), stderr);
    if (cat == NULL)
        goto out;
    s = open_session(cat, &o, &rc);
    if (s == NULL)
        goto out;
    struct aod_plain_opts po = {
        .in = in,
        .out = o.format == AOD_REPORT_TEXT ? stdout : NULL,
        .in_name = o.answers,
        .is_echo = true,
        .source = AOD_SOURCE_FILE,
        .use_probes = !o.no_probes,
        .probe_timeout_ms = o.timeout_ms,
        .record_path = o.record,
        .cat = cat,
        .flows_dir = aod_flows_dir(o.flows_dir),
    };
    int prc = aod_plain_run(s, &po);
    if (o.format != AOD_REPORT_TEXT) {
        struct aod_report_meta meta = report_meta(&o, cat);
        aod_report_write(stdout, s, o.format, &meta);
    }
    rc = finish(&o, s, cat, prc);
out:
    aod_session_free(s);
    aod_catalog_free(cat);
    if (in != stdin)
        fclose(in);
    return rc;
}

static int run_list(int argc, char **argv)
{
    struct opts o;
    int rc;

    memset(&o, 0, sizeof o);
    rc = parse(argc, argv, 2, &o, false);
    if (rc >= 0)
        return rc;
    struct aod_catalog *cat = aod_driver_index(aod_flows_dir(o.flows_dir), stderr);
    if (cat == NULL)
        return AOD_EXIT_DATA;
    const struct aod_flow *found[64];
    size_t n = aod_catalog_search(cat, o.flow != NULL ? o.flow : "", found, 64);
    for (size_t i = 0; i < n; i++)
        printf("%-22s %s\n", aod_flow_id(found[i]), aod_flow_title(found[i]));
    aod_catalog_free(cat);
    return n > 0 ? AOD_EXIT_OK : AOD_EXIT_INCOMPLETE;
}

static int run_wizard(int argc, char **argv)
{
    struct opts o;
    int rc;
    struct aod_catalog *cat = NULL;
    struct aod_session *s = NULL;
    const char *term = getenv("TERM");

    memset(&o, 0, sizeof o);
    o.timeout_ms = AOD_PROBE_DEFAULT_TIMEOUT_MS;
    rc = parse(argc, argv, 1, &o, false);
    if (rc >= 0)
        return rc;
    /* Line mode serves pipes, logs and dumb terminals; a null display (tests) stays curses. */
    const char *nd = getenv("AOD_NO_DISPLAY");
    bool is_headless = nd != NULL && nd[0] != '\0' && strcmp(nd, "0") != 0;
    if (!is_headless && (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO) || term == NULL ||
                         strcmp(term, "dumb") == 0))
        o.is_plain = true;
    cat = aod_driver_index(aod_flows_dir(o.flows_dir), stderr);
    if (cat == NULL)
        return AOD_EXIT_DATA;
    /* Opening a session also checks the presets before the screen is taken over; the wizard
     * needs no "start" flow, so check them on any flow when there is none. */
    struct opts first = o;
    const struct aod_flow *any = NULL;
    if (!o.is_plain && o.flow == NULL && aod_catalog_find(cat, "start") == NULL &&
        aod_catalog_search(cat, "", &any, 1) == 1)
        first.flow = aod_flow_id(any);
    s = open_session(cat, &first, &rc);
    if (s == NULL)
        goto out;
    if (!o.is_plain) {
        struct aod_wizard_opts wo = {
            .flow = o.flow,
            .facts = o.facts,
            .n_facts = o.n_facts,
            .is_mono = o.is_mono,
            .is_ascii = o.is_ascii,
            .no_probes = o.no_probes,
            .timeout_ms = o.timeout_ms,
            .max_steps = o.max_steps,
            .flows_dir = aod_flows_dir(o.flows_dir),
        };
        if (o.flow == NULL) { /* the wizard starts at the symptom list */
            aod_session_free(s);
            s = NULL;
        }
        rc = aod_wizard_run(cat, &wo, &s);
        if (s != NULL && save_transcript(&o, s, cat) != AOD_EXIT_OK && rc == AOD_EXIT_OK)
            rc = AOD_EXIT_INCOMPLETE;
        goto out;
    }
    struct aod_plain_opts po = {
        .in = stdin,
        .out = stdout,
        .in_name = NULL,
        .is_echo = !isatty(STDIN_FILENO), /* a log or a screen reader shows what was chosen */
        .source = AOD_SOURCE_USER,
        .use_probes = !o.no_probes,
        .probe_timeout_ms = o.timeout_ms,
        .record_path = o.record,
        .cat = cat,
        .flows_dir = aod_flows_dir(o.flows_dir),
    };
    int prc = aod_plain_run(s, &po);
    rc = finish(&o, s, cat, prc);
out:
    aod_session_free(s);
    aod_catalog_free(cat);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "walk") == 0)
        return run_walk(argc, argv);
    if (argc > 1 && strcmp(argv[1], "probe") == 0)
        return aod_probe_cmd(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "list") == 0)
        return run_list(argc, argv);
    if (argc > 1 && strcmp(argv[1], "graph") == 0)
        return aod_graph_main(argc - 2, argv + 2, NULL);
    if (argc > 1 && strcmp(argv[1], "explain") == 0)
        return aod_explain_main(argc - 2, argv + 2, NULL);
    if (argc > 1 && strcmp(argv[1], "lint") == 0) {
        const char *flows = NULL;
        int first = 2;
        if (argc > 3 && strcmp(argv[2], "--flows") == 0) {
            flows = argv[3];
            first = 4;
        }
        for (int i = first; i < argc; i++) {
            if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
                printf("Usage: aovpn-doctor lint [FILE|DIR...]\n"
                       "Checks flow files, and the code dictionary (codes/codes.json of a flows\n"
                       "folder, or a dictionary file named), and prints each problem as\n"
                       "file:line:col: message.\n"
                       "Without arguments it checks the bundled flows. Exit status 1 when any "
                       "problem is found.\n");
                return AOD_EXIT_OK;
            }
        }
        return aod_lint_main(argc - first, argv + first, flows);
    }
    return run_wizard(argc, argv);
}
