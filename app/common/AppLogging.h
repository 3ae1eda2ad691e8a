#pragma once

#include <QLoggingCategory>

/// The front ends' logging categories, with the rules of core/common/Logging.h: off unless QT_LOGGING_RULES
/// enables them, and never any content, key or secret.
namespace veil::app {

Q_DECLARE_LOGGING_CATEGORY(lcCli) ///< veil.cli: veilctl
Q_DECLARE_LOGGING_CATEGORY(lcGui) ///< veil.gui: the desktop application

} // namespace veil::app
