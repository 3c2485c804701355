/* tui/graph_cmd.c: `aovpn-doctor graph`: the decision trees as Graphviz DOT (for pictures:
 * `aovpn-doctor graph error-809 | dot -Tsvg > 809.svg`) or as an indented text outline. */
#include "graph_cmd.h"

#include <stdio.h>
#include <string.h>

#include "driver.h"

enum graph_format {
    GRAPH_DOT,
    GRAPH_TEXT,
};

/* A DOT string: quotes and backslashes escaped, wrapped near `width` columns with \n. */
static void dot_str(FILE *f, const char *s, size_t width)
{
    size_t col = 0;
    fputc('"', f);
    for (; *s != '\0'; s++) {
        if (*s == ' ' && col >= width) {
            fputs("\\n", f);
            col = 0;
            continue;
        }
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s == '\n' ? ' ' : *s, f);
        if (((unsigned char)*s & 0xC0u) != 0x80u)
            col++;
    }
    fputc('"', f);
}

static const char *shape_of(enum aod_node_kind k)
{
    switch (k) {
    case AOD_NODE_QUESTION:
        return "shape=box, style=rounded";
    case AOD_NODE_INPUT:
        return "shape=parallelogram";
    case AOD_NODE_PROBE:
        return "shape=hexagon";
    case AOD_NODE_CONCLUSION:
        return "shape=box, style=\"rounded,bold\", peripheries=2";
    }
    return "shape=box";
}

static void dot_flow(FILE *out, const struct aod_flow *f)
{
    const char *id = aod_flow_id(f);

    fprintf(out, "  subgraph \"cluster_%s\" {\n    label=", id);
    dot_str(out, aod_flow_title(f), 60);
    fprintf(out, ";\n");
    for (size_t i = 0; i < aod_flow_node_count(f); i++) {
        struct aod_node_info n;
        aod_flow_node(f, i, &n);
        fprintf(out, "    \"%s:%s\" [%s, label=", id, n.id, shape_of(n.kind));
        dot_str(out, n.title, 28);
        fprintf(out, "%s];\n", n.is_start ? ", color=blue" : "");
    }
    fprintf(out, "  }\n");
    for (size_t i = 0; i < aod_flow_node_count(f); i++) {
        struct aod_node_info n;
        aod_flow_node(f, i, &n);
        for (size_t k = 0; k < aod_flow_edge(f, i, 0, NULL, NULL, 0); k++) {
            struct aod_edge_info e;
            char buf[512];
            aod_flow_edge(f, i, k, &e, buf, sizeof buf);
            fprintf(out, "  \"%s:%s\" -> \"%s:%s\" [label=", id, n.id, e.flow != NULL ? e.flow : id,
                    e.node);
            dot_str(out, e.label, 24);
            fprintf(out, "%s];\n", e.flow != NULL ? ", style=dashed" : "");
        }
    }
}

static void text_flow(FILE *out, const struct aod_flow *f)
{
    fprintf(out, "%s: %s\n", aod_flow_id(f), aod_flow_title(f));
    for (size_t i = 0; i < aod_flow_node_count(f); i++) {
        struct aod_node_info n;
        aod_flow_node(f, i, &n);
        fprintf(out, "  %s%s [%s] %s\n", n.is_start ? "* " : "", n.id, aod_node_kind_word(n.kind),
                n.title);
        for (size_t k = 0; k < aod_flow_edge(f, i, 0, NULL, NULL, 0); k++) {
            struct aod_edge_info e;
            char buf[512];
            aod_flow_edge(f, i, k, &e, buf, sizeof buf);
            fprintf(out, "      %s%s-> %s%s%s\n", e.label, e.label[0] != '\0' ? " " : "",
                    e.flow != NULL ? e.flow : "", e.flow != NULL ? ":" : "", e.node);
        }
    }
}

int aod_graph_main(int argc, char **argv, const char *flows_opt)
{
    enum graph_format fmt = GRAPH_DOT;
    const char *ids[64];
    size_t n_ids = 0;

    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--flows") == 0 && i + 1 < argc) {
            flows_opt = argv[++i];
        } else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
            const char *v = argv[++i];
            if (strcmp(v, "dot") == 0) {
                fmt = GRAPH_DOT;
            } else if (strcmp(v, "text") == 0) {
                fmt = GRAPH_TEXT;
            } else {
                fprintf(stderr, "aovpn-doctor graph: --format takes dot or text, not \"%s\"\n", v);
                return AOD_EXIT_USAGE;
            }
        } else if (argv[i][0] == '-') {
            fprintf(stderr,
                    "aovpn-doctor graph: unknown option \"%s\"\n"
                    "Usage: aovpn-doctor graph [FLOW...] [--format dot|text] [--flows DIR]\n",
                    argv[i]);
            return AOD_EXIT_USAGE;
        } else if (n_ids < sizeof ids / sizeof ids[0]) {
            ids[n_ids++] = argv[i];
        }
    }
    struct aod_catalog *cat = aod_driver_load(aod_flows_dir(flows_opt), stderr);
    if (cat == NULL)
        return AOD_EXIT_DATA;
    int rc = AOD_EXIT_OK;
    for (size_t i = 0; i < n_ids; i++) {
        if (aod_catalog_find(cat, ids[i]) == NULL) {
            fprintf(stderr, "aovpn-doctor graph: no flow named \"%s\" (see 'aovpn-doctor list')\n",
                    ids[i]);
            rc = AOD_EXIT_USAGE;
        }
    }
    if (rc == AOD_EXIT_OK && fmt == GRAPH_DOT)
        printf("digraph aovpn_doctor {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n"
               "  edge [fontname=\"Helvetica\", fontsize=10];\n");
    for (size_t i = 0; rc == AOD_EXIT_OK && i < aod_catalog_count(cat); i++) {
        const struct aod_flow *f = aod_catalog_flow(cat, i);
        bool is_wanted = n_ids == 0;
        for (size_t k = 0; k < n_ids; k++)
            is_wanted = is_wanted || strcmp(ids[k], aod_flow_id(f)) == 0;
        if (!is_wanted)
            continue;
        if (fmt == GRAPH_DOT)
            dot_flow(stdout, f);
        else
            text_flow(stdout, f);
    }
    if (rc == AOD_EXIT_OK && fmt == GRAPH_DOT)
        printf("}\n");
    aod_catalog_free(cat);
    return rc;
}
