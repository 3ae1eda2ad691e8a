// Fuzzes the managed configuration reader (the JSON files of the managed folder). Input layout: up to four files
// separated by NUL bytes, merged in that order. Invariants: no crash; a success is managed exactly when there
// are files, lists them all, keeps at most three trusted keys, and a policy URL it keeps is an allowed one that
// comes with an organisation and a trusted key.
#include "policy/ManagedConfig.h"

#include <cstdint>
#include <cstdlib>

using namespace veil::policy;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    QList<ManagedConfigFile> files;
    qsizetype at = 0;
    while (at <= bytes.size() && !bytes.isEmpty()) {
        qsizetype end = files.size() < 3 ? bytes.indexOf('\0', at) : -1;
        if (end < 0) {
            end = bytes.size();
        }
        files.append({QStringLiteral("managed.d/%1-config.json").arg(files.size() * 10), bytes.mid(at, end - at)});
        at = end + 1;
    }
    const auto config = ManagedConfig::parse(files);
    if (!config) {
        if (config.error().message.isEmpty()) {
            std::abort();
        }
        return 0;
    }
    QStringList paths;
    for (const ManagedConfigFile& file : files) {
        paths.append(file.path);
    }
    if (config->managed != !files.isEmpty() || config->sources != paths || config->trustedKeys.size() > 3) {
        std::abort();
    }
    if (!config->policyUrl.isEmpty()
        && (!isAllowedPolicyUrl(config->policyUrl) || config->orgId.trimmed().isEmpty()
            || config->trustedKeys.isEmpty())) {
        std::abort();
    }
    return 0;
}
