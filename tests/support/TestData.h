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

} // namespace veil::test

#include "redaction/RedactionEngine.h"

namespace veil::test {

/// An engine over the rules of one catalogue JSON document; fails the test when it does not load.
std::shared_ptr<const redaction::RedactionEngine> engineFromJson(const char* json);

} // namespace veil::test
