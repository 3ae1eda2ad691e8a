#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringDecoder>
#include <QStringList>
#include <QWidget>

class QLabel;
class QTextCursor;
class QUrl;
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
    /// The text holds values restored from placeholders (what was redacted before sending): a copy of it is
    /// marked for password managers and clipboard histories to leave alone.
    bool containsRestored = false;
    /// Values shown restored, each with the placeholder the provider saw instead ("ann@corp.io", "[EMAIL_1]"):
    /// they are marked subtly in the text, and hovering one says what it was sent as.
    QList<QPair<QString, QString>> sentAs{};
};

/// The conversation: messages rendered from Markdown (code blocks in a fixed-pitch font), the reply streaming in
/// piece by piece, and a notice with a Retry button when a reply was cut off or failed.
///
/// Each message's header carries its actions as links, reachable with Tab like any link: Copy (every message),
/// Edit (the user's), Regenerate (the last reply, once it ended); every code block has its own Copy link. A copy
/// puts the text as shown (restored) on the clipboard; when the message holds restored values the copy carries
/// the `x-kde-passwordManagerHint: secret` hint, which clipboard managers honour by not keeping it in their
/// history. Edit and Regenerate only ask (editRequested, regenerateRequested): the window sends through the same
/// pipeline as any prompt.
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
    /// Marks message `index` as holding restored values (or not), for its copies.
    void setContainsRestored(int index, bool contains);
    /// Gives message `index` its restored values and their placeholders (see ViewMessage::sentAs), and marks them.
    void setSentAs(int index, const QList<QPair<QString, QString>>& sentAs);
    bool isStreaming() const { return m_streaming; }
    /// The plain text of the rendered document (for tests and accessibility).
    QString renderedText() const;

    /// Carries out an action link (`veil:copy/N`, `veil:copy-code/N/K`, `veil:edit/N`, `veil:regenerate/N`), as a
    /// click or Enter on it does; anything else is ignored.
    void activateLink(const QUrl& link);

    /// The MIME type clipboard managers (Klipper and those following it) read to keep a copy out of their history.
    static constexpr const char* kPasswordManagerHint = "x-kde-passwordManagerHint";

Q_SIGNALS:
    void retryRequested();
    /// The user wants to change message `index` (one of theirs) and send it again; `text` is its text as shown.
    void editRequested(int index, const QString& text);
    /// The user wants another answer to the prompt before reply `index`.
    void regenerateRequested(int index);
    /// Text was put on the clipboard (`secret`: with the password-manager hint).
    void copied(bool secret);

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();
    void renderLast();
    void insertMessage(int index);
    void insertActions(QTextCursor& cursor, int index);
    void markSentAs(int index, int from, int to);
    void dropRegenerateLink(int index);
    void copyText(const QString& text, bool secret);
    QString headerFor(const ViewMessage& message) const;

    QTextBrowser* m_browser = nullptr;
    QWidget* m_notice = nullptr;
    QLabel* m_noticeText = nullptr;
    QPushButton* m_retry = nullptr;
    QTimer* m_renderTimer = nullptr;
    QList<ViewMessage> m_messages;
    QList<QStringList> m_codeBlocks; ///< per message, the text of each code block as rendered
    QStringDecoder m_decoder{QStringDecoder::Utf8};
    int m_lastStart = 0; ///< document position where the last message begins
    QList<int> m_starts; ///< document position where each message begins
    bool m_streaming = false;
    bool m_dirty = false;
};

} // namespace veil::app
