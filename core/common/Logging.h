#pragma once

#include <QLoggingCategory>

/// One logging category per core module, named "veil.MODULE". Only debug and info messages are used and both
/// are off by default, so Veil is quiet unless asked: QT_LOGGING_RULES="veil.*=true" turns every category on,
/// "veil.policy.debug=true" one of them. What may be logged: counts, sizes, durations, versions, identifiers of
/// rules, providers and conversations, host names and HTTP status codes. Never a key, a header value, a prompt,
/// a reply, a matched value, a passphrase or a file's content: tests/app/VeilctlLoggingTest.cpp runs the whole
/// pipeline with every category on and checks that none of them appears.
namespace veil {

Q_DECLARE_LOGGING_CATEGORY(lcRedaction) ///< veil.redaction
Q_DECLARE_LOGGING_CATEGORY(lcPolicy) ///< veil.policy
Q_DECLARE_LOGGING_CATEGORY(lcProviders) ///< veil.providers
Q_DECLARE_LOGGING_CATEGORY(lcHistory) ///< veil.history
Q_DECLARE_LOGGING_CATEGORY(lcKeychain) ///< veil.keychain
Q_DECLARE_LOGGING_CATEGORY(lcChat) ///< veil.chat
Q_DECLARE_LOGGING_CATEGORY(lcAudit) ///< veil.audit
Q_DECLARE_LOGGING_CATEGORY(lcExport) ///< veil.export
Q_DECLARE_LOGGING_CATEGORY(lcJobs) ///< veil.jobs: every Job's start and end (class name, error code)

} // namespace veil
