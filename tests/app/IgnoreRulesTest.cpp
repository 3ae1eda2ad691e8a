// gitignore(5) semantics of IgnoreRules; the examples follow the gitignore manual's PATTERN FORMAT section.
// VeilctlScanTest compares whole walks with what git itself lists.
#include "common/IgnoreRules.h"

#include <catch2/catch.hpp>

using veil::app::IgnoreRules;

namespace {

IgnoreRules rules(const QByteArray& content, const QString& base = {})
{
    IgnoreRules r;
    r.addFile(base, content);
    return r;
}

} // namespace

TEST_CASE("a name without a slash matches at any depth, a slash anchors it", "[scan][ignore]")
{
    const IgnoreRules r = rules("*.log\n/top.txt\ndoc/frotz\n");
    CHECK(r.isIgnored(QStringLiteral("a.log"), false));
    CHECK(r.isIgnored(QStringLiteral("x/y/b.log"), false));
    CHECK_FALSE(r.isIgnored(QStringLiteral("a.log.txt"), false));
    CHECK(r.isIgnored(QStringLiteral("top.txt"), false));
    CHECK_FALSE(r.isIgnored(QStringLiteral("sub/top.txt"), false));
    CHECK(r.isIgnored(QStringLiteral("doc/frotz"), true));
    CHECK_FALSE(r.isIgnored(QStringLiteral("a/doc/frotz"), true));
    // '*' never crosses a slash.
    CHECK_FALSE(rules("/a*z\n").isIgnored(QStringLiteral("ab/cz"), false));
}

TEST_CASE("directory-only patterns skip files of the same name", "[scan][ignore]")
{
    const IgnoreRules r = rules("build/\n");
    CHECK(r.isIgnored(QStringLiteral("build"), true));
    CHECK(r.isIgnored(QStringLiteral("src/build"), true));
    CHECK_FALSE(r.isIgnored(QStringLiteral("build"), false));
}

TEST_CASE("negation re-includes and the last matching pattern wins", "[scan][ignore]")
{
    const IgnoreRules r = rules("*.log\n!keep.log\n");
    CHECK(r.isIgnored(QStringLiteral("a.log"), false));
    CHECK_FALSE(r.isIgnored(QStringLiteral("keep.log"), false));
    const IgnoreRules reversed = rules("!keep.log\n*.log\n");
    CHECK(reversed.isIgnored(QStringLiteral("keep.log"), false));
}

TEST_CASE("a deeper ignore file overrides its parents for its own folder only", "[scan][ignore]")
{
    IgnoreRules r;
    r.addFile(QString(), "*.log\n");
    r.addFile(QStringLiteral("sub"), "!*.log\n/local.txt\n");
    CHECK(r.isIgnored(QStringLiteral("a.log"), false));
    CHECK_FALSE(r.isIgnored(QStringLiteral("sub/a.log"), false));
    CHECK_FALSE(r.isIgnored(QStringLiteral("sub/deep/a.log"), false));
    CHECK(r.isIgnored(QStringLiteral("other/a.log"), false));
    CHECK(r.isIgnored(QStringLiteral("sub/local.txt"), false));
    CHECK_FALSE(r.isIgnored(QStringLiteral("local.txt"), false));
    CHECK_FALSE(r.isIgnored(QStringLiteral("sub/deep/local.txt"), false));
    // A folder whose name only starts like the base is not inside it.
    CHECK(r.isIgnored(QStringLiteral("subway/a.log"), false));
}

TEST_CASE("double asterisks match any number of folders", "[scan][ignore]")
{
    const IgnoreRules leading = rules("**/cache\n");
    CHECK(leading.isIgnored(QStringLiteral("cache"), true));
    CHECK(leading.isIgnored(QStringLiteral("a/b/cache"), true));
    const IgnoreRules trailing = rules("abc/**\n");
    CHECK(trailing.isIgnored(QStringLiteral("abc/x"), false));
    CHECK(trailing.isIgnored(QStringLiteral("abc/x/y"), false));
    CHECK_FALSE(trailing.isIgnored(QStringLiteral("abc"), true));
    const IgnoreRules middle = rules("a/**/b\n");
    CHECK(middle.isIgnored(QStringLiteral("a/b"), false));
    CHECK(middle.isIgnored(QStringLiteral("a/x/b"), false));
    CHECK(middle.isIgnored(QStringLiteral("a/x/y/b"), false));
    CHECK_FALSE(middle.isIgnored(QStringLiteral("a/x/y/bc"), false));
    // Not next to a slash, "**" is a plain "*".
    const IgnoreRules plain = rules("/foo**bar\n");
    CHECK(plain.isIgnored(QStringLiteral("fooxbar"), false));
    CHECK_FALSE(plain.isIgnored(QStringLiteral("foo/bar"), false));
}

TEST_CASE("question marks, bracket expressions and escapes", "[scan][ignore]")
{
    const IgnoreRules r = rules("?.c\n[abc]x.txt\n[!0-9]y.txt\n[[:digit:]]z\n\\#hash\n\\!bang\nstar\\*\n");
    CHECK(r.isIgnored(QStringLiteral("a.c"), false));
    CHECK_FALSE(r.isIgnored(QStringLiteral("ab.c"), false));
    CHECK(r.isIgnored(QStringLiteral("bx.txt"), false));
    CHECK_FALSE(r.isIgnored(QStringLiteral("dx.txt"), false));
    CHECK(r.isIgnored(QStringLiteral("ay.txt"), false));
    CHECK_FALSE(r.isIgnored(QStringLiteral("1y.txt"), false));
    CHECK(r.isIgnored(QStringLiteral("7z"), false));
    CHECK(r.isIgnored(QStringLiteral("#hash"), false));
    CHECK(r.isIgnored(QStringLiteral("!bang"), false));
    CHECK(r.isIgnored(QStringLiteral("star*"), false));
    CHECK_FALSE(r.isIgnored(QStringLiteral("starx"), false));
}

TEST_CASE("comments, blank lines, CRLF and trailing spaces", "[scan][ignore]")
{
    const IgnoreRules r = rules("# a comment\n\n  \ntrailing.txt   \r\nkept\\ \n");
    CHECK(r.size() == 2); // a line of spaces loses them all as trailing spaces, leaving no pattern
    CHECK(r.isIgnored(QStringLiteral("trailing.txt"), false));
    CHECK(r.isIgnored(QStringLiteral("kept "), false));
    CHECK_FALSE(r.isIgnored(QStringLiteral("# a comment"), false));
}

TEST_CASE("malformed patterns match nothing and do not throw the others off", "[scan][ignore]")
{
    const IgnoreRules r = rules("bad\\\n[z-a]\n[unclosed\n*.tmp\n");
    CHECK(r.isIgnored(QStringLiteral("x.tmp"), false));
    CHECK(r.isIgnored(QStringLiteral("[unclosed"), false)); // an unclosed '[' is a literal, as in git
    CHECK_FALSE(r.isIgnored(QStringLiteral("bad"), false));
    CHECK_FALSE(r.isIgnored(QStringLiteral("[z-a]"), false));
    CHECK_FALSE(r.isIgnored(QStringLiteral("m"), false));
    CHECK(IgnoreRules::globToRegularExpression(QStringLiteral("bad\\")).isEmpty());
}
