/* unit_suggest.c: "did you mean": edit distances worked out by hand, and the suggestions made from them. */
#include "harness.h"

#include "suggest.h"

int main(void)
{
    /* kitten -> sitten -> sittin -> sitting: three edits */
    CHECK(suggest_distance("kitten", "sitting", 5) == 3, "kitten/sitting");
    CHECK(suggest_distance("kitten", "sitting", 2) == 3, "beyond max: max + 1");
    /* a swap of two neighbours is one edit, not two */
    CHECK(suggest_distance("explian", "explain", 2) == 1, "swap");
    CHECK(suggest_distance("ab", "ba", 2) == 1, "swap of two");
    CHECK(suggest_distance("", "abc", 5) == 3, "from nothing");
    CHECK(suggest_distance("same", "same", 2) == 0, "equal");
    CHECK(suggest_distance("lessn", "lesson", 2) == 1, "one left out");

    const char *cmds[] = {"load", "step", "set", "show", "explain", "lesson", "plot", "print"};
    size_t n = sizeof cmds / sizeof cmds[0];
    CHECK_STR(suggest_nearest("explian", cmds, n), "explain");
    CHECK_STR(suggest_nearest("stpe", cmds, n), "step");
    CHECK_STR(suggest_nearest("lesosn", cmds, n), "lesson");
    /* "sep" is one edit from both set and step: no guess */
    CHECK(suggest_nearest("sep", cmds, n) == NULL, "a tie suggests nothing");
    /* words of up to 6 letters allow one edit only: "stp" -> step is one insertion; "bogus" is
     * two edits from "focus" and suggests nothing */
    CHECK(suggest_nearest("bogus", (const char *[]){"focus", "load"}, 2) == NULL, "bogus is not focus");
    CHECK_STR(suggest_nearest("stp", cmds, n), "step");
    CHECK(suggest_nearest("xyzzy", cmds, n) == NULL, "nothing near");
    /* two edits for longer words, never three */
    CHECK_STR(suggest_nearest("exlpian", cmds, n), "explain");
    CHECK(suggest_nearest("xxplaxx", cmds, n) == NULL, "four edits away");
    return harness_finish();
}
