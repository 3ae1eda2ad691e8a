#include "providers/OpenAiStreamMapper.h"

#include "providers/ProviderJson.h"

#include <QJsonArray>

namespace veil::providers {
namespace {

FinishReason finishReason(const std::string& raw)
{
    if (raw == "stop") {
        return FinishReason::Stop;
    }
    if (raw == "length") {
        return FinishReason::Length;
    }
    if (raw == "tool_calls" || raw == "function_call") {
        return FinishReason::ToolCalls;
    }
    if (raw == "content_filter") {
        return FinishReason::ContentFilter;
    }
    return FinishReason::Other;
}

void mapChoice(const QJsonObject& choiceObject, std::vector<StreamEvent>& out)
{
    const int choice = choiceObject.value(QLatin1String("index")).toInt(0);
    const QJsonObject delta = choiceObject.value(QLatin1String("delta")).toObject();
    for (const QLatin1String key : {QLatin1String("content"), QLatin1String("refusal")}) {
        std::string text = json::utf8(delta.value(key));
        if (!text.empty()) {
            out.push_back(TextDelta{choice, std::move(text)});
        }
    }
    for (const QJsonValue& value : delta.value(QLatin1String("tool_calls")).toArray()) {
        const QJsonObject call = value.toObject();
        const QJsonObject function = call.value(QLatin1String("function")).toObject();
        ToolCallDelta piece{
            choice, call.value(QLatin1String("index")).toInt(0), json::utf8(call.value(QLatin1String("id"))),
            json::utf8(function.value(QLatin1String("name"))), json::utf8(function.value(QLatin1String("arguments")))};
        if (!piece.id.empty() || !piece.name.empty() || !piece.arguments.empty()) {
            out.push_back(std::move(piece));
        }
    }
    std::string raw = json::utf8(choiceObject.value(QLatin1String("finish_reason")));
    if (!raw.empty()) {
        const FinishReason reason = finishReason(raw);
        out.push_back(Finished{choice, reason, std::move(raw)});
    }
}

StreamError errorField(const std::string& payload)
{
    const auto object = json::parseObject(payload);
    if (!object) {
        return json::providerError(QJsonValue(QString::fromStdString(payload)));
    }
    const QJsonValue nested = object->value(QLatin1String("error"));
    return json::providerError(nested.isUndefined() || nested.isNull() ? QJsonValue(*object) : nested);
}

} // namespace

void OpenAiStreamMapper::map(const SseEvent& event, std::vector<StreamEvent>& out) const
{
    if (event.error) {
        out.push_back(errorField(*event.error));
        return;
    }
    if (event.type == "error") {
        out.push_back(errorField(event.data));
        return;
    }
    if (event.data.starts_with("[DONE]")) {
        out.push_back(StreamDone{});
        return;
    }
    if (event.data.find_first_not_of(" \t\r\n") == std::string::npos) {
        return;
    }
    const auto chunk = json::parseObject(event.data);
    if (!chunk) {
        out.push_back(json::malformed(QStringLiteral("an event")));
        return;
    }
    const QJsonValue error = chunk->value(QLatin1String("error"));
    if (!error.isUndefined() && !error.isNull()) {
        out.push_back(json::providerError(error));
        return;
    }
    for (const QJsonValue& choice : chunk->value(QLatin1String("choices")).toArray()) {
        mapChoice(choice.toObject(), out);
    }
    const QJsonValue usage = chunk->value(QLatin1String("usage"));
    if (usage.isObject()) {
        const QJsonObject counts = usage.toObject();
        out.push_back(TokenUsage{json::count(counts.value(QLatin1String("prompt_tokens"))),
                                 json::count(counts.value(QLatin1String("completion_tokens")))});
    }
}

} // namespace veil::providers
