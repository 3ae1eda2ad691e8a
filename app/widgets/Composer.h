#pragma once

#include "redaction/RedactionEngine.h"

#include <QWidget>

#include <memory>
#include <optional>

class QCheckBox;
class QLabel;
class QPushButton;

namespace veil::app {

class RedactionPreview;
struct PreviewResult;

/// The composer under the conversation: the redaction preview (findings highlighted as you type, a tooltip per
/// finding), a "What leaves this machine" toggle showing the exact redacted text, and Send / Stop.
///
/// Enter sends, Shift+Enter starts a new line, Esc asks to abort a streaming reply. A block finding disables
/// Send and names the rule. A warn finding asks for confirmation once per text, in a bar inside the composer
/// (no modal dialog); confirming sends with `confirmWarnings`. Before sending, the text is scanned once more
/// synchronously, so a preview result that lags the text never lets a blocked prompt through.
///
/// Beside the buttons, an estimate of the prompt's size: its characters and about how many tokens it takes, out
/// of the model's context window when that is known (setContextWindow). A prompt over the window says so; it is
/// the provider that refuses it, so Send stays on.
class Composer : public QWidget
{
    Q_OBJECT

public:
    explicit Composer(std::shared_ptr<const redaction::RedactionEngine> engine, QWidget* parent = nullptr);

    RedactionPreview* preview() const { return m_preview; }
    QString text() const;
    void setText(const QString& text);

    /// While a reply streams, Send is off and Stop on.
    void setBusy(bool busy);
    bool isBusy() const { return m_busy; }
    /// Whether prompts can be sent at all (a provider chosen, history available); `reason` says why not.
    void setAvailable(bool available, const QString& reason = {});

    /// The chosen model's context window in tokens (nullopt: unknown), for the size estimate.
    void setContextWindow(std::optional<int> tokens);
    /// The size estimate as shown, e.g. "1,234 characters · about 309 of 128,000 tokens".
    QString sizeEstimate() const;
    /// The text is larger than the context window.
    bool exceedsContextWindow() const { return m_overWindow; }

    /// Shows the confirmation bar for the warn rules `rules` (also when the pipeline asked for confirmation).
    void askConfirmation(const QStringList& rules);
    bool isAskingConfirmation() const;

    /// Sends the current text as if Enter was pressed.
    void send();

    /// Shows or hides the "What leaves this machine" pane (the toggle follows).
    void setOutgoingVisible(bool visible);
    bool isOutgoingVisible() const;

Q_SIGNALS:
    /// The user sent `text`; `confirmWarnings` when they confirmed its warn findings.
    void sendRequested(const QString& text, bool confirmWarnings);
    /// The user asked to stop the streaming reply (Esc or Stop).
    void abortRequested();
    /// The "What leaves this machine" pane was shown or hidden.
    void outgoingVisibleChanged(bool visible);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void updateState();
    void updateEstimate();
    void onResult(const PreviewResult& result);

    RedactionPreview* m_preview = nullptr;
    QCheckBox* m_outgoingToggle = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_estimate = nullptr;
    std::optional<int> m_contextWindow;
    bool m_overWindow = false;
    QWidget* m_confirmBar = nullptr;
    QLabel* m_confirmText = nullptr;
    QPushButton* m_confirm = nullptr;
    QPushButton* m_cancelConfirm = nullptr;
    QPushButton* m_send = nullptr;
    QPushButton* m_stop = nullptr;
    QString m_confirmedText; ///< the text whose warnings the user confirmed
    QString m_unavailableReason;
    bool m_busy = false;
    bool m_available = true;
    bool m_blocked = false;
};

} // namespace veil::app
