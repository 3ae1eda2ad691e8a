#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace veil::app {

/// What a new user sees in place of the conversation before their first prompt: what Veil protects, in two
/// sentences; whether an organization manages this installation; and the two ways to start: add a provider, or
/// try the built-in inspector, which answers with exactly what would have left the machine and sends nothing.
class FirstRunPage : public QWidget
{
    Q_OBJECT

public:
    explicit FirstRunPage(QWidget* parent = nullptr);

    /// `managed`: an organization manages this installation; `summary`: the policy badge's line.
    void setPolicyState(bool managed, const QString& summary);
    QString stateText() const;

Q_SIGNALS:
    void addProviderRequested();
    void tryInspectorRequested();

private:
    QLabel* m_state = nullptr;
    QPushButton* m_addProvider = nullptr;
    QPushButton* m_tryInspector = nullptr;
};

} // namespace veil::app
