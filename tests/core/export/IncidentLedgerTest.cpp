#include "export/IncidentLedger.h"

#include <QFile>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

#include <sys/stat.h>

using veil::exports::IncidentLedger;

TEST_CASE("the incident ledger records ids per organization in a 0600 file, and a missing file is empty",
          "[export][incident]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("veil/incidents.json"));
    IncidentLedger ledger(path);
    auto empty = ledger.entries();
    REQUIRE(empty);
    CHECK(empty.value().empty());

    REQUIRE(ledger.record({QStringLiteral("acme"), QStringLiteral("INC-1"), 1000, QStringLiteral("dav.example.com"),
                           QStringLiteral("ab")}));
    REQUIRE(ledger.record(
        {QStringLiteral("other"), QStringLiteral("INC-1"), 2000, QStringLiteral("h"), QStringLiteral("cd")}));
    REQUIRE(ledger.record({QStringLiteral("acme"), QStringLiteral("INC-1"), 3000, QStringLiteral("dav.example.com"),
                           QStringLiteral("ef")}));

    // Read again by another object, as another process would.
    const IncidentLedger reread(path);
    auto acme = reread.find(QStringLiteral("acme"), QStringLiteral("INC-1"));
    REQUIRE(acme);
    REQUIRE(acme.value());
    CHECK(acme.value()->at == 3000); // replaced, not duplicated
    CHECK(acme.value()->fileSha256 == QStringLiteral("ef"));
    CHECK(reread.entries().value().size() == 2);
    auto unknown = reread.find(QStringLiteral("acme"), QStringLiteral("INC-2"));
    REQUIRE(unknown);
    CHECK_FALSE(unknown.value());

    struct stat info = {};
    REQUIRE(::stat(QFile::encodeName(path).constData(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK_FALSE(QFile::exists(path + QStringLiteral(".tmp")));
}

TEST_CASE("a damaged incident ledger is an error, not an empty ledger", "[export][incident]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("incidents.json"));
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write("{\"handled\": [");
    file.close();
    IncidentLedger ledger(path);
    CHECK_FALSE(ledger.find(QStringLiteral("acme"), QStringLiteral("INC-1")));
    CHECK_FALSE(ledger.record({QStringLiteral("acme"), QStringLiteral("INC-1"), 1, {}, {}}));
}
