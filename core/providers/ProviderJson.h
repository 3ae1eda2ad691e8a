#pragma once

#include "providers/StreamEvent.h"

#include <QJsonObject>
#include <QJsonValue>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Small JSON helpers the stream mappers share. Internal to core/providers.
namespace veil::providers::json {

/// Parses one JSON object from UTF-8 bytes; nullopt if the bytes are not valid JSON or not an object.
std::optional<QJsonObject> parseObject(std::string_view bytes);

/// The UTF-8 bytes of a JSON string; empty for anything else (null, missing, numbers).
std::string utf8(const QJsonValue& value);

/// An integer count, or nullopt when the value is missing or not a number.
std::optional<std::int64_t> count(const QJsonValue& value);

/// A Provider StreamError from what a provider sent as its error: a string, or an object with `message` and
/// `code` or `type` (OpenAI `{"error":{...}}`, Anthropic `error`, llama.cpp's flat `{"code","message","type"}`).
/// The provider's message is kept, shortened to 300 characters.
StreamError providerError(const QJsonValue& error);

/// A Protocol StreamError naming the kind of frame ("an event", "a line") that is not a JSON object; never quotes
/// the frame.
StreamError malformed(const QString& what);

} // namespace veil::providers::json
