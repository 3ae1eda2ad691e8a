#include "common/Logging.h"

namespace veil {

// QtWarningMsg: debug and info messages are off until QT_LOGGING_RULES (or QLoggingCategory::setFilterRules)
// enables them.
Q_LOGGING_CATEGORY(lcRedaction, "veil.redaction", QtWarningMsg)
Q_LOGGING_CATEGORY(lcPolicy, "veil.policy", QtWarningMsg)
Q_LOGGING_CATEGORY(lcProviders, "veil.providers", QtWarningMsg)
Q_LOGGING_CATEGORY(lcHistory, "veil.history", QtWarningMsg)
Q_LOGGING_CATEGORY(lcKeychain, "veil.keychain", QtWarningMsg)
Q_LOGGING_CATEGORY(lcChat, "veil.chat", QtWarningMsg)
Q_LOGGING_CATEGORY(lcAudit, "veil.audit", QtWarningMsg)
Q_LOGGING_CATEGORY(lcExport, "veil.export", QtWarningMsg)
Q_LOGGING_CATEGORY(lcJobs, "veil.jobs", QtWarningMsg)

} // namespace veil
