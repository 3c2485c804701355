/* tests/fuzz/fuzz_flow_walk.c: the flow loader on any bytes, then the catalog checks, then, for
 * a flow that passes, walks through it (every kind of step, back and goto included) checking
 * every view. A flow that jumps into the shipped flows is checked together with them. */
#include "fuzz_walk.h"

#include <dirent.h>

#define MAX_SHIPPED 16

static char *shipped[MAX_SHIPPED];
static size_t shipped_len[MAX_SHIPPED];
static size_t n_shipped;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n);
        if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
        *len = (size_t)n;
    }
    fclose(f);
    return buf;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    DIR *d = opendir(AOD_FLOWS_DIR);
    struct dirent *e;

    (void)argc;
    (void)argv;
    while (d != NULL && (e = readdir(d)) != NULL && n_shipped < MAX_SHIPPED) {
        char path[4096];
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", AOD_FLOWS_DIR, e->d_name);
        shipped[n_shipped] = slurp(path, &shipped_len[n_shipped]);
        if (shipped[n_shipped] != NULL)
            n_shipped++;
    }
    if (d != NULL)
        closedir(d);
    return 0;
}

/* The fuzzed flow, alone or with the shipped ones; NULL when it does not load and check. */
static struct aod_catalog *load(const uint8_t *data, size_t size, bool with_shipped)
{
    struct aod_catalog *cat = aod_catalog_new();
    struct aod_diags *diags = aod_diags_new();
    bool ok = false;

    if (cat == NULL || diags == NULL)
        abort();
    if (aod_catalog_add_buffer(cat, "fuzz.json", (const char *)data, size, diags, NULL) != AOD_OK)
        goto out;
    for (size_t i = 0; with_shipped && i < n_shipped; i++)
        (void)aod_catalog_add_buffer(cat, "shipped.json", shipped[i], shipped_len[i], NULL, NULL);
    ok = aod_catalog_check(cat, diags, NULL) == AOD_OK;
out:
    for (size_t i = 0; i < aod_diags_count(diags); i++) {
        char line[1024];
        aod_diag_format(aod_diags_get(diags, i), line, sizeof line);
        fuzz_clean(line, false, "diagnostic");
    }
    aod_diags_free(diags);
    if (!ok) {
        aod_catalog_free(cat);
        return NULL;
    }
    return cat;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct aod_catalog *cat = load(data, size, false);

    if (cat == NULL && size > 0 && data[0] == '{')
        cat = load(data, size, true);
    if (cat == NULL)
        return 0;
    /* The fuzzed flow was added first. */
    const struct aod_flow *f = aod_catalog_flow(cat, 0);
    fuzz_clean(aod_flow_title(f), false, "flow title");
    fuzz_clean(aod_flow_summary(f), true, "flow summary");
    for (size_t i = 0; i < aod_flow_keyword_count(f); i++)
        fuzz_clean(aod_flow_keyword(f, i), false, "flow keyword");
    for (size_t i = 0; i < aod_flow_node_count(f); i++) {
        struct aod_node_info ni;
        char buf[256];
        aod_flow_node(f, i, &ni);
        fuzz_clean(ni.title, false, "node title");
        size_t n_edges = aod_flow_edge(f, i, 0, NULL, NULL, 0);
        for (size_t k = 0; k < n_edges; k++) {
            struct aod_edge_info e;
            FUZZ_ASSERT(aod_flow_edge(f, i, k, &e, buf, sizeof buf) == 1, "aod_flow_edge");
            fuzz_clean(e.label, false, "edge label");
        }
    }
    for (unsigned seed = 0; seed < 6; seed++) {
        struct aod_session *s = aod_session_new(cat, aod_flow_id(f), NULL);
        if (s == NULL)
            break;
        if (seed == 5)
            (void)aod_session_preset(s, "vpn_host",
                                     "a'b\xE2\x80\x99"
                                     "c",
                                     NULL);
        fuzz_walk(s, seed, 48);
        aod_session_free(s);
    }
    aod_catalog_free(cat);
    return 0;
}
