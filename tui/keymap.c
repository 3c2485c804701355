/* tui/keymap.c: keys as data: which key asks for which request, with the label the footer and
 * the help screen show (tig keys.c). Screens never see raw keys except in text entry. */
#include "keymap.h"

#include <curses.h>
#include <string.h>

#define CTRL(c) ((c)&0x1f)

struct key_bind {
    int key;
    enum aod_request req;
    const char *label;
    bool is_text; /* also bound while typing (only keys that cannot be text) */
};

static const struct key_bind binds[] = {
    {'1', REQ_PICK1, "1-9", false},
    {'2', REQ_PICK2, "2", false},
    {'3', REQ_PICK3, "3", false},
    {'4', REQ_PICK4, "4", false},
    {'5', REQ_PICK5, "5", false},
    {'6', REQ_PICK6, "6", false},
    {'7', REQ_PICK7, "7", false},
    {'8', REQ_PICK8, "8", false},
    {'9', REQ_PICK9, "9", false},
    {'\n', REQ_ENTER, "Enter", true},
    {'\r', REQ_ENTER, "Enter", true},
    {KEY_ENTER, REQ_ENTER, "Enter", true},
    {KEY_UP, REQ_UP, "Up", true},
    {'k', REQ_UP, "k", false},
    {KEY_DOWN, REQ_DOWN, "Down", true},
    {'j', REQ_DOWN, "j", false},
    {KEY_PPAGE, REQ_PAGE_UP, "PgUp", true},
    {KEY_NPAGE, REQ_PAGE_DOWN, "PgDn", true},
    {' ', REQ_PAGE_DOWN, "Space", false},
    /* Listed for the footer and help of the conclusion, which reads Space itself: the entry
     * above wins the lookup, so Space pages everywhere else. */
    {' ', REQ_MARK_DONE, "Space", false},
    {KEY_HOME, REQ_FIRST, "Home", false},
    {'g', REQ_FIRST, "g", false},
    {KEY_END, REQ_LAST, "End", false},
    {'G', REQ_LAST, "G", false},
    {'b', REQ_BACK, "b", false},
    {KEY_LEFT, REQ_BACK, "Left", false},
    {KEY_BACKSPACE, REQ_BACK, "Backspace", false},
    {127, REQ_BACK, "Backspace", false},
    {CTRL('h'), REQ_BACK, "Backspace", false},
    {'t', REQ_TRAIL, "t", false},
    {CTRL('t'), REQ_TRAIL, "Ctrl-T", true},
    {KEY_F(2), REQ_TRAIL, "F2", true},
    {'s', REQ_SEARCH, "s", false},
    {'/', REQ_FIND, "/", false},
    {'n', REQ_FIND_NEXT, "n", false},
    {'N', REQ_FIND_PREV, "N", false},
    {'y', REQ_COPY, "y", false},
    {'Y', REQ_COPY_ALL, "Y", false},
    {'w', REQ_WRITE, "w", false},
    {'r', REQ_RETEST, "r", false},
    {'e', REQ_EVIDENCE, "e", false},
    {27, REQ_CANCEL, "Esc", true},
    {'?', REQ_HELP, "?", false},
    {CTRL('g'), REQ_HELP, "Ctrl-G", true},
    {KEY_F(1), REQ_HELP, "F1", true},
    {CTRL('l'), REQ_REDRAW, "Ctrl-L", true},
    {'q', REQ_QUIT, "q", false},
    {CTRL('x'), REQ_QUIT, "Ctrl-X", true},
    {KEY_F(10), REQ_QUIT, "F10", true},
};

#define N_BINDS (sizeof binds / sizeof binds[0])

static const char *const words[] = {
#define REQ_WORD(name, word, help) word,
    REQUEST_LIST(REQ_WORD)
#undef REQ_WORD
};

static const char *const helps[] = {
#define REQ_HELP_TEXT(name, word, help) help,
    REQUEST_LIST(REQ_HELP_TEXT)
#undef REQ_HELP_TEXT
};

const char *wz_request_word(enum aod_request r)
{
    return (size_t)r < REQ_COUNT ? words[r] : "";
}

const char *wz_request_help(enum aod_request r)
{
    return (size_t)r < REQ_COUNT ? helps[r] : "";
}

enum aod_request wz_key_request(int key)
{
    for (size_t i = 0; i < N_BINDS; i++) {
        if (binds[i].key == key)
            return binds[i].req;
    }
    return REQ_NONE;
}

enum aod_request wz_key_request_text(int key)
{
    for (size_t i = 0; i < N_BINDS; i++) {
        if (binds[i].key == key && binds[i].is_text)
            return binds[i].req;
    }
    return REQ_NONE;
}

void wz_key_labels(enum aod_request r, bool is_text, size_t max, char *buf, size_t cap)
{
    size_t n = 0;
    size_t len = 0;

    if (cap == 0)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < N_BINDS && n < max; i++) {
        if (binds[i].req != r || (is_text && !binds[i].is_text) || binds[i].label[0] == '\0')
            continue;
        /* Keys sharing a label (the three Enter codes) are listed once. */
        bool is_dup = false;
        for (size_t k = 0; k < i; k++)
            is_dup = is_dup || (binds[k].req == r && strcmp(binds[k].label, binds[i].label) == 0);
        if (is_dup)
            continue;
        int w = snprintf(buf + len, cap - len, "%s%s", n > 0 ? "/" : "", binds[i].label);
        if (w < 0 || (size_t)w >= cap - len) {
            buf[len] = '\0'; /* snprintf left part of a label: drop it */
            break;
        }
        len += (size_t)w;
        n++;
    }
}

static const struct {
    const char *name;
    int key;
} named[] = {
    {"Enter", '\n'},
    {"Esc", 27},
    {"Up", KEY_UP},
    {"Down", KEY_DOWN},
    {"Left", KEY_LEFT},
    {"Right", KEY_RIGHT},
    {"Home", KEY_HOME},
    {"End", KEY_END},
    {"PgUp", KEY_PPAGE},
    {"PgDn", KEY_NPAGE},
    {"Backspace", KEY_BACKSPACE},
    {"Space", ' '},
    {"Tab", '\t'},
    {"F1", KEY_F(1)},
    {"F2", KEY_F(2)},
    {"F10", KEY_F(10)},
    {"Del", KEY_DC},
    {"Lt", '<'},
    {"Gt", '>'},
};

int wz_key_parse(const char *name, size_t len)
{
    if (len == 3 && name[0] == 'C' && name[1] == '-' && name[2] >= 'a' && name[2] <= 'z')
        return CTRL(name[2]);
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        if (strlen(named[i].name) == len && memcmp(named[i].name, name, len) == 0)
            return named[i].key;
    }
    return -1;
}
