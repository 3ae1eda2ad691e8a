#pragma once

#include <QList>
#include <QString>
#include <QStringDecoder>
#include <QWidget>

class QLabel;
class QPushButton;
class QTextBrowser;
class QTimer;

namespace veil::app {

/// One message as the conversation view shows it: Markdown text, already restored for display.
struct ViewMessage
{
    enum class Role { User, Assistant };
    enum class State { Complete, Streaming, CutOff, Failed };

    Role role = Role::User;
    QString text; ///< Markdown
    QString source; ///< "provider · model" for replies; empty for the user's messages
    State state = State::Complete;
    bool verbatim = false; ///< shown as preformatted text, not Markdown (the inspector's request bodies)
};

/// The conversation: messages rendered from Markdown (code blocks in a fixed-pitch font), the reply streaming in
/// piece by piece, and a notice with a Retry button when a reply was cut off or failed.
///
/// Streamed pieces are UTF-8 bytes that may end inside a character: a stateful decoder holds an incomplete
/// sequence back until the next piece completes it. Rendering of a streaming reply is coalesced (at most one
/// re-render of the last message per frame). GUI thread only.
class ConversationView : public QWidget
{
    Q_OBJECT

public:
    explicit ConversationView(QWidget* parent = nullptr);

    /// Replaces everything shown.
    void setMessages(const QList<ViewMessage>& messages);
    void appendMessage(const ViewMessage& message);
    void clear();

    /// Starts a streaming reply from `source` ("provider · model").
    void beginReply(const QString& source, bool verbatim = false);
    /// Appends the next UTF-8 piece of the streaming reply.
    void appendReplyBytes(const QByteArray& piece);
    /// Ends the streaming reply in `state`; for CutOff and Failed, `reason` is shown with a Retry button.
    void endReply(ViewMessage::State state, const QString& reason = {});

    /// Shows a notice under the conversation (empty: hides it); `retry` adds the Retry button.
    void showNotice(const QString& text, bool retry);

    const QList<ViewMessage>& messages() const { return m_messages; }
    bool isStreaming() const { return m_streaming; }
    /// The plain text of the rendered document (for tests and accessibility).
    QString renderedText() const;

Q_SIGNALS:
    void retryRequested();

private:
    void render();
    void renderLast();
    void insertMessage(const ViewMessage& message);
    QString headerFor(const ViewMessage& message) const;

    QTextBrowser* m_browser = nullptr;
    QWidget* m_notice = nullptr;
    QLabel* m_noticeText = nullptr;
    QPushButton* m_retry = nullptr;
    QTimer* m_renderTimer = nullptr;
    QList<ViewMessage> m_messages;
    QStringDecoder m_decoder{QStringDecoder::Utf8};
    int m_lastStart = 0; ///< document position where the last message begins
    bool m_streaming = false;
    bool m_dirty = false;
};

} // namespace veil::app
