/* tests/fuzz/fuzz_answers.c: the answer-file reader of line mode (tui/plain.c, as `walk FLOW
 * --answers FILE` runs it) on any bytes, against the shipped flows. The first line of the
 * input names the flow (as the golden cases do in their file name), the rest is the answer
 * file: choices, typed values, b and q, comments, and recorded probe results ("=ID VERDICT
 * NAME=VALUE -- SUMMARY", percent-encoded). Every byte written to the terminal, the transcript
 * and the messages about a bad answer, must be clean text. */
#include "fuzz_walk.h"

#include "plain.h"

static struct aod_catalog *cat;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    struct aod_diags *diags = aod_diags_new();

    (void)argc;
    (void)argv;
    cat = aod_catalog_new();
    if (cat == NULL || diags == NULL ||
        aod_catalog_add_dir(cat, AOD_FLOWS_DIR, diags, NULL) != AOD_OK ||
        aod_catalog_check(cat, diags, NULL) != AOD_OK) {
        fprintf(stderr, "fuzz_answers: the flows in %s do not load\n", AOD_FLOWS_DIR);
        abort();
    }
    aod_diags_free(diags);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_strndup(data, size);
    char *nl = strchr(text, '\n');
    char *answers = nl != NULL ? nl + 1 : text + size;
    size_t answers_len = size - (size_t)(answers - text);
    char *out_buf = NULL, *err_buf = NULL;
    size_t out_len = 0, err_len = 0;
    struct aod_session *s = NULL;
    FILE *in = NULL, *out = NULL, *err = NULL;

    if (nl != NULL)
        *nl = '\0';
    /* Either names a flow or falls back to the start flow, as `walk` without a name does. */
    s = aod_session_new(cat, aod_catalog_find(cat, text) != NULL ? text : "start", NULL);
    /* fmemopen needs at least one byte; the input's NUL ends it early, as fgets would see. */
    in = fmemopen(answers, answers_len + 1, "r");
    out = open_memstream(&out_buf, &out_len);
    err = open_memstream(&err_buf, &err_len);
    if (s == NULL || in == NULL || out == NULL || err == NULL)
        abort();

    struct aod_plain_opts o = {
        .in = in,
        .out = out,
        .in_name = size > 0 && (data[size - 1] & 1) ? NULL : "fuzz.answers",
        .is_echo = false,
        .source = AOD_SOURCE_FILE,
        .use_probes = false,
        .probe_timeout_ms = 100,
        .record_path = NULL,
    };
    /* plain.c writes its messages about a bad answer file to stderr: catch them too. */
    FILE *saved = stderr;
    stderr = err;
    int rc = aod_plain_run(s, &o);
    stderr = saved;
    FUZZ_ASSERT(rc >= AOD_PLAIN_CONCLUDED && rc <= AOD_PLAIN_NOMEM, "aod_plain_run");
    fclose(out);
    fclose(err);
    fuzz_clean(out_buf, true, "line-mode output");
    fuzz_clean(err_buf, true, "line-mode messages");

    free(out_buf);
    free(err_buf);
    fclose(in);
    aod_session_free(s);
    free(text);
    return 0;
}
