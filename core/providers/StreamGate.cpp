#include "providers/StreamGate.h"

#include <algorithm>

namespace veil::providers {

void StreamGate::pass(StreamEvent event, std::vector<StreamEvent>& out)
{
    if (m_closed) {
        return;
    }
    if (const auto* text = std::get_if<TextDelta>(&event)) {
        if (std::find(m_openChoices.begin(), m_openChoices.end(), text->choice) == m_openChoices.end()) {
            m_openChoices.push_back(text->choice);
        }
    } else if (const auto* call = std::get_if<ToolCallDelta>(&event)) {
        if (std::find(m_openChoices.begin(), m_openChoices.end(), call->choice) == m_openChoices.end()) {
            m_openChoices.push_back(call->choice);
        }
    } else if (const auto* finished = std::get_if<Finished>(&event)) {
        std::erase(m_openChoices, finished->choice);
        m_anyFinished = true;
    } else if (std::holds_alternative<StreamDone>(event) || std::holds_alternative<StreamError>(event)) {
        m_closed = true;
    }
    out.push_back(std::move(event));
}

void StreamGate::failParser(const Error& error, std::vector<StreamEvent>& out)
{
    const auto kind = error.code == Error::Code::Capacity ? StreamError::Kind::TooLarge : StreamError::Kind::Protocol;
    pass(StreamError{kind, error.message, {}}, out);
}

void StreamGate::end(std::vector<StreamEvent>& out)
{
    if (m_closed) {
        return;
    }
    if (m_anyFinished && m_openChoices.empty()) {
        pass(StreamDone{}, out);
    } else {
        pass(StreamError{StreamError::Kind::Truncated,
                         QStringLiteral("The reply ended before the provider finished it."),
                         {}},
             out);
    }
}

} // namespace veil::providers
