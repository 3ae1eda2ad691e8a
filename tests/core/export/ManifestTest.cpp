#include "export/Manifest.h"
#include "support/CatchQt.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace veil::exports;

TEST_CASE("SHA-256 matches the FIPS 180-2 examples, in one piece and streamed", "[export][manifest]")
{
    CHECK(Sha256::hexOf("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(Sha256::hexOf("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    Sha256 streamed;
    const QByteArray text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    for (qsizetype i = 0; i < text.size(); i += 5) {
        streamed.add(text.mid(i, 5));
    }
    CHECK(streamed.hex() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(streamed.hex() == Sha256::hexOf("")); // starts over
}

TEST_CASE("the manifest lists every file with its size and hash, the range, filters, counts and audit head",
          "[export][manifest]")
{
    Manifest manifest;
    manifest.appVersion = QStringLiteral("0.1.0");
    manifest.device = QStringLiteral("desk-17");
    manifest.createdAt = 1768467600000;
    manifest.since = 1767225600000;
    manifest.until = 1768521600000;
    manifest.provider = QStringLiteral("corp-gateway");
    manifest.formats = {QStringLiteral("jsonl"), QStringLiteral("csv")};
    manifest.policyVersion = 42;
    manifest.policyMode = QStringLiteral("active");
    manifest.records = 3;
    manifest.conversations = 2;
    manifest.newFindings = 1;
    manifest.recipients = 2;
    manifest.auditSeq = 9;
    manifest.auditHash = QByteArray(64, 'a');
    const QByteArray jsonl = "{\"a\":1}\n";
    manifest.files = {ManifestFile{QStringLiteral("messages.jsonl"), jsonl.size(), Sha256::hexOf(jsonl)}};

    const QJsonObject json = QJsonDocument::fromJson(manifest.toJson()).object();
    REQUIRE_FALSE(json.isEmpty());
    CHECK(json.value(QStringLiteral("app")).toObject().value(QStringLiteral("version")).toString()
          == QStringLiteral("0.1.0"));
    CHECK(json.value(QStringLiteral("device")).toString() == QStringLiteral("desk-17"));
    CHECK(json.value(QStringLiteral("time_range")).toObject().value(QStringLiteral("since")).toString()
          == QStringLiteral("2026-01-01T00:00:00.000Z"));
    const QJsonObject filters = json.value(QStringLiteral("filters")).toObject();
    CHECK(filters.value(QStringLiteral("workspace")).isNull());
    CHECK(filters.value(QStringLiteral("provider")).toString() == QStringLiteral("corp-gateway"));
    CHECK(json.value(QStringLiteral("policy")).toObject().value(QStringLiteral("version")).toInteger() == 42);
    CHECK(json.value(QStringLiteral("rescan_policy_version")).toInteger() == 42);
    CHECK(json.value(QStringLiteral("counts")).toObject().value(QStringLiteral("records")).toInteger() == 3);
    CHECK(json.value(QStringLiteral("encryption")).toObject().value(QStringLiteral("recipients")).toInteger() == 2);
    CHECK(json.value(QStringLiteral("audit_chain_head")).toObject().value(QStringLiteral("seq")).toInteger() == 9);
    const QJsonArray files = json.value(QStringLiteral("files")).toArray();
    REQUIRE(files.size() == 1);
    const QJsonObject file = files.at(0).toObject();
    CHECK(file.value(QStringLiteral("name")).toString() == QStringLiteral("messages.jsonl"));
    CHECK(file.value(QStringLiteral("bytes")).toInteger() == jsonl.size());
    CHECK(file.value(QStringLiteral("sha256")).toString().toLatin1()
          == QCryptographicHash::hash(jsonl, QCryptographicHash::Sha256).toHex());
}
