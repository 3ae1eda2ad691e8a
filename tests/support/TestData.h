#pragma once

#include "support/CatchQt.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace veil::test {

/// The project's source folder.
QString sourceDir();

/// The shared conformance data folder beside the checkout (corpus/, fixtures/), if it exists.
std::optional<QString> sharedDir();

/// Reads a whole file; empty on failure.
QByteArray readFile(const QString& path);

/// The recorded provider streams in the shared fixtures (empty when the folder is absent).
QStringList recordedStreams();

/// For tests that need a service or data that scripts/test provides: true when `available`. Otherwise the test
/// is skipped with a warning, except under CI (the CI variable is set), where a missing service is a failure.
bool availableOrFailInCi(bool available, const char* what);

} // namespace veil::test

#include "redaction/RedactionEngine.h"

namespace veil::test {

/// An engine over the rules of one catalogue JSON document; fails the test when it does not load.
std::shared_ptr<const redaction::RedactionEngine> engineFromJson(const char* json);

} // namespace veil::test
