#include "redaction/BuiltinRules.h"

#include <QDir>
#include <QFile>

namespace veil::redaction {

Result<QList<RuleSource>> BuiltinRules::sources()
{
    const QString overrideDir = qEnvironmentVariable("VEIL_RULES_DIR");
    const QString folder = overrideDir.isEmpty() ? QStringLiteral(":/rules") : overrideDir;
    const QDir dir(folder);
    if (!dir.exists()) {
        return Error{Error::Code::NotFound, QStringLiteral("The rule folder %1 does not exist.").arg(folder)};
    }
    QList<RuleSource> sources;
    const QStringList names = dir.entryList({QStringLiteral("*.json")}, QDir::Files | QDir::Readable, QDir::Name);
    for (const QString& name : names) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly)) {
            return Error{Error::Code::InvalidInput,
                         QStringLiteral("The rule file %1 cannot be read: %2.").arg(name, file.errorString())};
        }
        sources.append({name, file.readAll()});
    }
    if (sources.isEmpty()) {
        return Error{Error::Code::NotFound, QStringLiteral("The rule folder %1 holds no *.json files.").arg(folder)};
    }
    return sources;
}

Result<std::shared_ptr<RuleCatalogue>> BuiltinRules::load()
{
    auto loaded = sources();
    if (!loaded) {
        return loaded.error();
    }
    return RuleCatalogue::load(loaded.value());
}

} // namespace veil::redaction
