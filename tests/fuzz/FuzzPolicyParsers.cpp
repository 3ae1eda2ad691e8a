// Fuzzes the parsers that read what a policy server sends: the bundle JSON, its trusted comment, minisign
// signature files and public keys. None may crash, hang or accept what verification would then misread.
#include "policy/BundleVerifier.h"
#include "policy/Minisign.h"
#include "policy/PolicyBundle.h"

#include <cstdint>
#include <cstdlib>

using namespace veil::policy;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    auto bundle = PolicyBundle::parse(bytes);
    if (bundle && (bundle.value().version <= 0 || !bundle.value().expiresAt.isValid())) {
        std::abort();
    }
    static_cast<void>(TrustedComment::parse(bytes));
    static_cast<void>(MinisignPublicKey::parse(bytes));
    auto signature = MinisignSignature::parse(bytes);
    if (signature) {
        // Verifying against no trusted key must always refuse.
        if (verifyMinisign(bytes, signature.value(), {})) {
            std::abort();
        }
    }
    ManagedConfig config;
    static_cast<void>(BundleVerifier::verify(bytes, bytes, config, {}, QDateTime::currentDateTimeUtc()));
    return 0;
}
