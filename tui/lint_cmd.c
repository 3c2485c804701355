/* tui/lint_cmd.c: `aovpn-doctor lint [FILE|DIR...]`: every problem of the given flows as
 * file:line:col, exit 1 when there is any. A single file is checked together with the other
 * flows of its folder, so that jumps into them resolve; only its own problems are shown. */
#include "lint_cmd.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aod/dirscan.h"
#include "driver.h"

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_named(char **names, size_t n, const char *file)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(names[i], file) == 0)
            return true;
    }
    return false;
}

/* Loads the other flows of `file`'s folder as context; their own problems are not shown. */
static void add_context(struct aod_catalog *cat, const char *file, char **named, size_t n_named)
{
    char dir[4096];
    const char *slash = strrchr(file, '/');
    char **paths = NULL;
    size_t n = 0;

    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - file), file);
    if (aod_dirscan_json(dir, &paths, &n, NULL) != AOD_OK)
        return;
    for (size_t i = 0; i < n; i++) {
        /* A file named without a folder is matched, and shown, without "./" too. */
        const char *path = slash == NULL ? paths[i] + 2 : paths[i];
        if (!is_named(named, n_named, path))
            aod_catalog_add_file(cat, path, NULL, NULL);
    }
    aod_dirscan_free(paths, n);
}

int aod_lint_main(int argc, char **argv, const char *flows_opt)
{
    struct aod_catalog *cat = aod_catalog_new();
    struct aod_diags *all = aod_diags_new();
    char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t n_files = 0;
    size_t n_shown = 0;
    int rc = AOD_EXIT_OK;

    if (cat == NULL || all == NULL || files == NULL) {
        fprintf(stderr, "aovpn-doctor lint: out of memory\n");
        rc = AOD_EXIT_SOFTWARE;
        goto out;
    }
    if (argc == 0) {
        const char *dir = aod_flows_dir(flows_opt);
        aod_catalog_add_dir(cat, dir, all, NULL);
    }
    for (int i = 0; i < argc; i++) {
        if (is_dir(argv[i]))
            aod_catalog_add_dir(cat, argv[i], all, NULL);
        else
            files[n_files++] = argv[i];
    }
    for (size_t i = 0; i < n_files; i++)
        aod_catalog_add_file(cat, files[i], all, NULL);
    for (size_t i = 0; i < n_files; i++)
        add_context(cat, files[i], files, n_files);
    struct aod_diags *linked = aod_diags_new();
    if (linked == NULL) {
        rc = AOD_EXIT_SOFTWARE;
        goto out;
    }
    struct aod_err err;
    aod_err_clear(&err);
    if (aod_catalog_check(cat, linked, &err) == AOD_E_NOMEM) {
        fprintf(stderr, "aovpn-doctor lint: %s\n", err.msg);
        aod_diags_free(linked);
        rc = AOD_EXIT_SOFTWARE;
        goto out;
    }
    aod_diags_sort(all);
    aod_diags_sort(linked);
    /* Problems of one file first, then the catalog-wide ones, each sorted by position. */
    for (int pass = 0; pass < 2; pass++) {
        const struct aod_diags *d = pass == 0 ? all : linked;
        for (size_t i = 0; i < aod_diags_count(d); i++) {
            const struct aod_diag *dg = aod_diags_get(d, i);
            char line[1024];
            bool is_context = n_files > 0 && argc > 0 && !is_named(files, n_files, dg->file);
            /* With only files named, problems of context flows are not this lint's business;
             * folders named on the command line are always reported. */
            if (is_context && pass == 1) {
                bool is_in_named_dir = false;
                for (int k = 0; k < argc; k++) {
                    size_t n = strlen(argv[k]);
                    if (is_dir(argv[k]) && strncmp(dg->file, argv[k], n) == 0)
                        is_in_named_dir = true;
                }
                if (!is_in_named_dir)
                    continue;
            }
            aod_diag_format(dg, line, sizeof line);
            printf("%s\n", line);
            n_shown++;
        }
    }
    aod_diags_free(linked);
    if (n_shown > 0) {
        fprintf(stderr, "%zu problem%s found\n", n_shown, n_shown == 1 ? "" : "s");
        rc = AOD_EXIT_INCOMPLETE;
    } else {
        size_t nodes = 0;
        for (size_t i = 0; i < aod_catalog_count(cat); i++)
            nodes += aod_flow_node_count(aod_catalog_flow(cat, i));
        printf("ok: %zu flow%s, %zu nodes\n", aod_catalog_count(cat),
               aod_catalog_count(cat) == 1 ? "" : "s", nodes);
    }
out:
    free(files);
    aod_diags_free(all);
    aod_catalog_free(cat);
    return rc;
}
