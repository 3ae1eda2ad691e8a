#include "support/TestData.h"

#include <QDir>
#include <QFile>

namespace veil::test {

QString sourceDir()
{
    return QStringLiteral(VEIL_SOURCE_DIR);
}

std::optional<QString> sharedDir()
{
    const QString fromEnvironment = qEnvironmentVariable("VEIL_SHARED_DIR");
    const QString path = fromEnvironment.isEmpty() ? QStringLiteral(VEIL_SHARED_DIR) : fromEnvironment;
    if (QDir(path).exists()) {
        return QDir(path).canonicalPath();
    }
    return std::nullopt;
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return file.readAll();
}

QStringList recordedStreams()
{
    QStringList files;
    const auto shared = sharedDir();
    if (!shared) {
        return files;
    }
    QDir dir(*shared + QStringLiteral("/fixtures/streams"));
    for (const QString& name : dir.entryList({QStringLiteral("*.txt")}, QDir::Files, QDir::Name)) {
        files << dir.filePath(name);
    }
    return files;
}

} // namespace veil::test

#include <catch2/catch.hpp>

namespace veil::test {

bool availableOrFailInCi(bool available, const char* what)
{
    if (available) {
        return true;
    }
    if (qEnvironmentVariableIsSet("CI")) {
        FAIL("missing under CI: " << what);
    }
    WARN("skipped: " << what << " is not available (run the suite through scripts/test)");
    return false;
}

std::shared_ptr<const redaction::RedactionEngine> engineFromJson(const char* json)
{
    auto catalogue = redaction::RuleCatalogue::load({{QStringLiteral("test.json"), QByteArray(json)}});
    INFO((catalogue ? QString() : catalogue.error().message).toStdString());
    REQUIRE(catalogue);
    auto engine = redaction::RedactionEngine::create(catalogue.value());
    REQUIRE(engine);
    return engine.value();
}

} // namespace veil::test
