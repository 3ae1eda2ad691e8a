#pragma once

#include "redaction/RedactionEngine.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>

#include <memory>

class QLabel;
class QPlainTextEdit;
class QTableWidget;
class QTimer;

namespace veil::app {

/// One finding as the widgets show it: a span of the composer's text in QString (UTF-16) positions.
struct PreviewFinding
{
    int start = 0; ///< QString position in the composer text
    int length = 0; ///< QString length
    QString rule;
    QString description;
    QString message;
    QString category;
    QString action;
    QString placeholder;
};

/// The result of one background redaction of the composer text.
struct PreviewResult
{
    quint64 generation = 0;
    QString redacted;
    QList<PreviewFinding> findings;
    bool blocked = false;
    bool needsConfirmation = false;
    bool capacityExceeded = false;
};

/// The composer with its redaction preview: as the user types or pastes, every finding is highlighted in its
/// category's colour with a tooltip (rule, action, placeholder), listed below, and the text that would leave
/// the machine is shown beside it. Scanning runs off the GUI thread, debounced; stale results are dropped.
///
/// Reusable: the chat window's composer embeds this widget.
class RedactionPreview : public QWidget
{
    Q_OBJECT

public:
    explicit RedactionPreview(std::shared_ptr<const redaction::RedactionEngine> engine, QWidget* parent = nullptr);
    ~RedactionPreview() override;

    QString text() const;
    void setText(const QString& text);

    /// The text editor the user types into (for key handling by an embedding widget).
    QPlainTextEdit* editor() const { return m_editor; }
    /// The engine the preview redacts with.
    const std::shared_ptr<const redaction::RedactionEngine>& engine() const { return m_engine; }
    /// Redacts with `engine` from now on (a new policy's rules); the text is scanned again.
    void setEngine(std::shared_ptr<const redaction::RedactionEngine> engine);

    /// The most recent completed result (may lag the text by the debounce interval).
    const PreviewResult& result() const { return m_result; }

    /// Shows or hides the "What leaves this machine" pane.
    void setOutgoingVisible(bool visible);

    /// Redacts `text` with `engine` (any thread): the pure step behind the preview.
    static PreviewResult redactText(const redaction::RedactionEngine& engine, const QString& text, quint64 generation);

Q_SIGNALS:
    /// A new result is shown.
    void resultChanged(const veil::app::PreviewResult& result);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void scheduleScan();
    void startScan();
    void applyResult(const PreviewResult& result);
    const PreviewFinding* findingAt(int position) const;

    std::shared_ptr<const redaction::RedactionEngine> m_engine;
    QPlainTextEdit* m_editor = nullptr;
    QPlainTextEdit* m_outgoing = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_summary = nullptr;
    QWidget* m_outgoingPane = nullptr;
    QTimer* m_debounce = nullptr;
    QFutureWatcher<PreviewResult>* m_watcher = nullptr;
    quint64 m_generation = 0;
    bool m_rescanPending = false;
    PreviewResult m_result;
};

} // namespace veil::app
