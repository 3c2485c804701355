/* tui/explain_cmd.c: `aovpn-doctor explain CODE...`: what each code means, where it is logged,
 * what to collect and which flow to run, as text or JSON (certutil -error for this field). */
#include "explain_cmd.h"

#include <stdio.h>
#include <string.h>

#include "aod/exit.h"
#include "aod/json_out.h"
#include "aod/text.h"
#include "code_page.h"
#include "driver.h"

#define MAX_MATCHES 16

static void explain_usage(FILE *f)
{
    fprintf(f, "Usage: aovpn-doctor explain [--json] [--flows DIR] CODE...\n"
               "CODE is an error code in any form (809, 0x329, -2146885613, 0x80092013), an\n"
               "event ID (20227), an NPS reason code (48) or a symbol or name\n"
               "(ERROR_VPN_TIMEOUT, ESTS_TOKEN_ERROR). Exit 0 when every CODE is known, 1\n"
               "when one is not, 64 for bad usage.\n");
}

/* Appends one query's result; returns whether anything matched. */
static bool explain_one(struct aod_buf *b, const struct aod_codes *c, const char *query,
                        bool is_json, bool is_first)
{
    struct aod_code_info found[MAX_MATCHES];
    char clean[256];
    size_t n = aod_codes_lookup(c, query, found, MAX_MATCHES);

    if (n > MAX_MATCHES)
        n = MAX_MATCHES;
    aod_text_sanitize(clean, sizeof clean, query, false);
    if (is_json) {
        aod_buf_puts(b, is_first ? "\n  {\"query\": " : ",\n  {\"query\": ");
        aod_json_str(b, query);
        aod_buf_printf(b, ", \"known\": %s, \"matches\": [", n > 0 ? "true" : "false");
        for (size_t i = 0; i < n; i++) {
            aod_buf_puts(b, i > 0 ? ",\n    " : "\n    ");
            aod_code_page_json(b, &found[i]);
        }
        aod_buf_puts(b, "]}");
        return n > 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (!is_first || i > 0)
            aod_buf_puts(b, "\n");
        aod_code_page_text(b, &found[i], 78);
    }
    return n > 0;
}

int aod_explain_main(int argc, char **argv, const char *flows_opt)
{
    bool is_json = false;
    const char *flows = flows_opt;
    const char *queries[256];
    size_t n_queries = 0;
    struct aod_err err;
    struct aod_buf b;
    int rc = AOD_EXIT_OK;

    for (int i = 0; i < argc; i++) {
        /* A negative decimal such as -2146885613 is a code, not an option. */
        bool is_option = argv[i][0] == '-' && !(argv[i][1] >= '0' && argv[i][1] <= '9');
        if (strcmp(argv[i], "--json") == 0) {
            is_json = true;
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            explain_usage(stdout);
            return AOD_EXIT_OK;
        } else if (strcmp(argv[i], "--flows") == 0 && i + 1 < argc) {
            flows = argv[++i];
        } else if (strcmp(argv[i], "--") == 0) {
            for (i++; i < argc && n_queries < 256; i++)
                queries[n_queries++] = argv[i];
        } else if (is_option) {
            char clean[128];
            aod_text_sanitize(clean, sizeof clean, argv[i], false);
            fprintf(stderr, "aovpn-doctor explain: unknown option '%s'\n", clean);
            explain_usage(stderr);
            return AOD_EXIT_USAGE;
        } else if (n_queries < 256) {
            queries[n_queries++] = argv[i];
        } else {
            fprintf(stderr, "aovpn-doctor explain: at most 256 codes at once\n");
            return AOD_EXIT_USAGE;
        }
    }
    if (n_queries == 0) {
        fprintf(stderr, "aovpn-doctor explain: name at least one code\n");
        explain_usage(stderr);
        return AOD_EXIT_USAGE;
    }
    aod_err_clear(&err);
    struct aod_codes *c = aod_code_dict_load(aod_flows_dir(flows), &err);
    if (c == NULL) {
        fprintf(stderr, "aovpn-doctor explain: %s\n", err.msg);
        return AOD_EXIT_DATA;
    }
    aod_buf_init(&b, 16u << 20);
    if (is_json)
        aod_buf_puts(&b, "[");
    for (size_t i = 0; i < n_queries; i++) {
        if (!explain_one(&b, c, queries[i], is_json, i == 0)) {
            char clean[256];
            aod_text_sanitize(clean, sizeof clean, queries[i], false);
            fprintf(stderr,
                    "aovpn-doctor explain: '%s' is not a code or name the dictionary "
                    "knows\n",
                    clean);
            rc = AOD_EXIT_INCOMPLETE;
        }
    }
    if (is_json)
        aod_buf_puts(&b, "\n]\n");
    if (aod_buf_failed(&b)) {
        fprintf(stderr, "aovpn-doctor explain: out of memory\n");
        rc = AOD_EXIT_SOFTWARE;
    } else if (b.len > 0) {
        fwrite(b.p, 1, b.len, stdout);
    }
    aod_buf_free(&b);
    aod_codes_free(c);
    return rc;
}
