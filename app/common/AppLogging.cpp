#include "common/AppLogging.h"

namespace veil::app {

Q_LOGGING_CATEGORY(lcCli, "veil.cli", QtWarningMsg)
Q_LOGGING_CATEGORY(lcGui, "veil.gui", QtWarningMsg)

} // namespace veil::app
