#include "providers/AnthropicStreamMapper.h"

#include "providers/ProviderJson.h"

#include <array>

namespace veil::providers {
namespace {

FinishReason finishReason(const std::string& raw)
{
    if (raw == "end_turn" || raw == "stop_sequence") {
        return FinishReason::Stop;
    }
    if (raw == "max_tokens" || raw == "model_context_window_exceeded") {
        return FinishReason::Length;
    }
    if (raw == "tool_use") {
        return FinishReason::ToolCalls;
    }
    if (raw == "refusal") {
        return FinishReason::ContentFilter;
    }
    return FinishReason::Other;
}

// The event types whose data we read; everything else (ping, content_block_stop, future types) is skipped.
constexpr std::array<std::string_view, 6> kReadTypes = {
    "message_start", "content_block_start", "content_block_delta", "message_delta", "message_stop", "error",
};

bool isRead(std::string_view type)
{
    for (const std::string_view known : kReadTypes) {
        if (type == known) {
            return true;
        }
    }
    return false;
}

void mapBlockStart(const QJsonObject& data, std::vector<StreamEvent>& out)
{
    const int index = data.value(QLatin1String("index")).toInt(0);
    const QJsonObject block = data.value(QLatin1String("content_block")).toObject();
    const QString type = block.value(QLatin1String("type")).toString();
    if (type == QLatin1String("tool_use")) {
        out.push_back(ToolCallDelta{0,
                                    index,
                                    json::utf8(block.value(QLatin1String("id"))),
                                    json::utf8(block.value(QLatin1String("name"))),
                                    {}});
    } else if (type == QLatin1String("text")) {
        std::string text = json::utf8(block.value(QLatin1String("text")));
        if (!text.empty()) {
            out.push_back(TextDelta{0, std::move(text)});
        }
    }
}

void mapBlockDelta(const QJsonObject& data, std::vector<StreamEvent>& out)
{
    const int index = data.value(QLatin1String("index")).toInt(0);
    const QJsonObject delta = data.value(QLatin1String("delta")).toObject();
    const QString type = delta.value(QLatin1String("type")).toString();
    if (type == QLatin1String("text_delta")) {
        std::string text = json::utf8(delta.value(QLatin1String("text")));
        if (!text.empty()) {
            out.push_back(TextDelta{0, std::move(text)});
        }
    } else if (type == QLatin1String("input_json_delta")) {
        std::string fragment = json::utf8(delta.value(QLatin1String("partial_json")));
        if (!fragment.empty()) {
            out.push_back(ToolCallDelta{0, index, {}, {}, std::move(fragment)});
        }
    }
}

} // namespace

void AnthropicStreamMapper::map(const SseEvent& event, std::vector<StreamEvent>& out)
{
    if (!event.type.empty() && !isRead(event.type)) {
        return;
    }
    const auto data = json::parseObject(event.data);
    if (!data) {
        out.push_back(json::malformed(QStringLiteral("an event")));
        return;
    }
    const std::string type = event.type.empty() ? json::utf8(data->value(QLatin1String("type"))) : event.type;
    if (type == "message_start") {
        const QJsonObject usage
            = data->value(QLatin1String("message")).toObject().value(QLatin1String("usage")).toObject();
        m_inputTokens = json::count(usage.value(QLatin1String("input_tokens")));
    } else if (type == "content_block_start") {
        mapBlockStart(*data, out);
    } else if (type == "content_block_delta") {
        mapBlockDelta(*data, out);
    } else if (type == "message_delta") {
        std::string raw
            = json::utf8(data->value(QLatin1String("delta")).toObject().value(QLatin1String("stop_reason")));
        if (!raw.empty()) {
            const FinishReason reason = finishReason(raw);
            out.push_back(Finished{0, reason, std::move(raw)});
        }
        const QJsonValue usage = data->value(QLatin1String("usage"));
        if (usage.isObject()) {
            const QJsonObject counts = usage.toObject();
            const auto input = json::count(counts.value(QLatin1String("input_tokens")));
            out.push_back(
                TokenUsage{input ? input : m_inputTokens, json::count(counts.value(QLatin1String("output_tokens")))});
        }
    } else if (type == "message_stop") {
        out.push_back(StreamDone{});
    } else if (type == "error") {
        const QJsonValue error = data->value(QLatin1String("error"));
        out.push_back(json::providerError(error.isObject() || error.isString() ? error : QJsonValue(*data)));
    }
}

} // namespace veil::providers
