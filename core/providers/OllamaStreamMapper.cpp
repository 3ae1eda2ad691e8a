#include "providers/OllamaStreamMapper.h"

#include "providers/ProviderJson.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace veil::providers {
namespace {

FinishReason finishReason(const std::string& raw)
{
    if (raw.empty() || raw == "stop") {
        return FinishReason::Stop;
    }
    if (raw == "length") {
        return FinishReason::Length;
    }
    return FinishReason::Other;
}

} // namespace

void OllamaStreamMapper::map(const std::string& line, std::vector<StreamEvent>& out)
{
    const auto data = json::parseObject(line);
    if (!data) {
        out.push_back(json::malformed(QStringLiteral("a line")));
        return;
    }
    const QJsonValue error = data->value(QLatin1String("error"));
    if (!error.isUndefined() && !error.isNull()) {
        out.push_back(json::providerError(error));
        return;
    }
    const QJsonObject message = data->value(QLatin1String("message")).toObject();
    std::string text = json::utf8(message.value(QLatin1String("content")));
    text += json::utf8(data->value(QLatin1String("response")));
    if (!text.empty()) {
        out.push_back(TextDelta{0, std::move(text)});
    }
    for (const QJsonValue& value : message.value(QLatin1String("tool_calls")).toArray()) {
        const QJsonObject call = value.toObject();
        const QJsonObject function = call.value(QLatin1String("function")).toObject();
        const QJsonValue arguments = function.value(QLatin1String("arguments"));
        std::string argumentsJson = arguments.isObject()
            ? QJsonDocument(arguments.toObject()).toJson(QJsonDocument::Compact).toStdString()
            : json::utf8(arguments);
        out.push_back(ToolCallDelta{0, m_toolCalls++, json::utf8(call.value(QLatin1String("id"))),
                                    json::utf8(function.value(QLatin1String("name"))), std::move(argumentsJson)});
    }
    if (data->value(QLatin1String("done")).toBool(false)) {
        std::string raw = json::utf8(data->value(QLatin1String("done_reason")));
        const FinishReason reason = finishReason(raw);
        out.push_back(Finished{0, reason, std::move(raw)});
        const auto input = json::count(data->value(QLatin1String("prompt_eval_count")));
        const auto output = json::count(data->value(QLatin1String("eval_count")));
        if (input || output) {
            out.push_back(TokenUsage{input, output});
        }
        out.push_back(StreamDone{});
    }
}

} // namespace veil::providers
