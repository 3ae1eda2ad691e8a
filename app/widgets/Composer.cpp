#include "widgets/Composer.h"
#include "widgets/ThemeColours.h"

#include "providers/ContextWindow.h"

#include "widgets/RedactionPreview.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace veil::app {

namespace {

QStringList rulesWithAction(const PreviewResult& result, const QString& action)
{
    QStringList rules;
    for (const PreviewFinding& finding : result.findings) {
        if (finding.action == action && !rules.contains(finding.rule)) {
            rules << finding.rule;
        }
    }
    return rules;
}

QString blockReason(const PreviewResult& result)
{
    if (result.capacityExceeded) {
        return Composer::tr("This text is too complex to check completely, so it cannot be sent.");
    }
    for (const PreviewFinding& finding : result.findings) {
        if (finding.action == QLatin1String("block")) {
            return finding.message.isEmpty()
                ? Composer::tr("Send is off: rule %1 blocks this prompt. Remove the highlighted text.")
                      .arg(finding.rule)
                : Composer::tr("Send is off: rule %1 blocks this prompt. %2").arg(finding.rule, finding.message);
        }
    }
    return {};
}

} // namespace

Composer::Composer(std::shared_ptr<const redaction::RedactionEngine> engine, QWidget* parent)
    : QWidget(parent)
{
    m_preview = new RedactionPreview(std::move(engine), this);
    m_preview->editor()->installEventFilter(this);
    m_preview->editor()->setAccessibleName(tr("Prompt"));
    m_preview->editor()->setTabChangesFocus(true);

    m_outgoingToggle = new QCheckBox(tr("&What leaves this machine"), this);
    m_outgoingToggle->setObjectName(QStringLiteral("outgoingToggle"));
    m_outgoingToggle->setAccessibleName(tr("Show what leaves this machine"));
    m_outgoingToggle->setChecked(true);
    connect(m_outgoingToggle, &QCheckBox::toggled, this, [this](bool visible) {
        m_preview->setOutgoingVisible(visible);
        Q_EMIT outgoingVisibleChanged(visible);
    });

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("composerStatus"));
    m_status->setWordWrap(true);
    m_estimate = new QLabel(this);
    m_estimate->setObjectName(QStringLiteral("sizeEstimate"));
    m_estimate->setAccessibleName(tr("Prompt size"));

    m_confirmBar = new QWidget(this);
    m_confirmBar->setObjectName(QStringLiteral("confirmBar"));
    m_confirmText = new QLabel(m_confirmBar);
    m_confirmText->setObjectName(QStringLiteral("confirmText"));
    m_confirmText->setWordWrap(true);
    m_confirm = new QPushButton(tr("Send &anyway"), m_confirmBar);
    m_confirm->setObjectName(QStringLiteral("confirmSend"));
    m_confirm->setAccessibleName(tr("Send anyway"));
    m_cancelConfirm = new QPushButton(tr("&Edit prompt"), m_confirmBar);
    m_cancelConfirm->setObjectName(QStringLiteral("cancelConfirm"));
    m_cancelConfirm->setAccessibleName(tr("Do not send; edit the prompt"));
    auto* confirmLayout = new QHBoxLayout(m_confirmBar);
    confirmLayout->setContentsMargins(0, 0, 0, 0);
    confirmLayout->addWidget(m_confirmText, 1);
    confirmLayout->addWidget(m_confirm);
    confirmLayout->addWidget(m_cancelConfirm);
    m_confirmBar->hide();
    connect(m_confirm, &QPushButton::clicked, this, [this] {
        m_confirmedText = text();
        m_confirmBar->hide();
        send();
    });
    connect(m_cancelConfirm, &QPushButton::clicked, this, [this] {
        m_confirmBar->hide();
        m_preview->editor()->setFocus();
    });

    m_send = new QPushButton(tr("&Send"), this);
    m_send->setObjectName(QStringLiteral("send"));
    m_send->setAccessibleName(tr("Send the prompt"));
    m_send->setToolTip(tr("Send (Enter). Shift+Enter starts a new line."));
    m_stop = new QPushButton(tr("S&top"), this);
    m_stop->setObjectName(QStringLiteral("stop"));
    m_stop->setAccessibleName(tr("Stop the reply"));
    m_stop->setToolTip(tr("Stop the reply (Esc)"));
    connect(m_send, &QPushButton::clicked, this, &Composer::send);
    connect(m_stop, &QPushButton::clicked, this, &Composer::abortRequested);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_outgoingToggle);
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_estimate);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_send);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_confirmBar);
    layout->addLayout(buttons);

    connect(m_preview, &RedactionPreview::resultChanged, this, &Composer::onResult);
    connect(m_preview->editor(), &QPlainTextEdit::textChanged, this, [this] {
        if (m_confirmBar->isVisible() && text() != m_confirmedText) {
            m_confirmBar->hide();
        }
        updateState();
        updateEstimate();
    });
    updateState();
}

QString Composer::text() const
{
    return m_preview->text();
}

void Composer::setText(const QString& text)
{
    m_preview->setText(text);
}

void Composer::setBusy(bool busy)
{
    m_busy = busy;
    updateState();
}

void Composer::setAvailable(bool available, const QString& reason)
{
    m_available = available;
    m_unavailableReason = reason;
    updateState();
}

bool Composer::isAskingConfirmation() const
{
    return !m_confirmBar->isHidden();
}

void Composer::askConfirmation(const QStringList& rules)
{
    m_confirmText->setText(
        tr("Rule(s) %1 ask you to confirm before this prompt leaves. The highlighted text will be replaced by "
           "placeholders. Send it?")
            .arg(rules.join(QStringLiteral(", "))));
    m_confirmBar->show();
    m_confirm->setFocus();
}

void Composer::send()
{
    const QString prompt = text();
    if (m_busy || !m_available || prompt.trimmed().isEmpty()) {
        return;
    }
    // The preview may lag the text by its debounce interval: decide on the text as it is now.
    const PreviewResult result = RedactionPreview::redactText(*m_preview->engine(), prompt, 0);
    if (result.blocked || result.capacityExceeded) {
        m_blocked = true;
        m_status->setText(blockReason(result));
        updateState();
        return;
    }
    if (result.needsConfirmation && prompt != m_confirmedText) {
        askConfirmation(rulesWithAction(result, QStringLiteral("warn")));
        return;
    }
    m_confirmBar->hide();
    Q_EMIT sendRequested(prompt, result.needsConfirmation);
}

void Composer::setOutgoingVisible(bool visible)
{
    m_outgoingToggle->setChecked(visible);
}

bool Composer::isOutgoingVisible() const
{
    return m_outgoingToggle->isChecked();
}

void Composer::setContextWindow(std::optional<int> tokens)
{
    m_contextWindow = tokens;
    updateEstimate();
}

QString Composer::sizeEstimate() const
{
    return m_estimate->text();
}

void Composer::updateEstimate()
{
    const QString current = text();
    const int characters = int(current.size());
    size_t utf8Bytes = 0; // counted in place: the prompt is not copied
    for (const QChar c : current) {
        const char16_t u = c.unicode();
        utf8Bytes += u < 0x80 ? 1 : u < 0x800 ? 2 : c.isSurrogate() ? 2 : 3;
    }
    const int tokens = providers::estimateTokens(utf8Bytes);
    m_overWindow = m_contextWindow && tokens > *m_contextWindow;
    if (characters == 0) {
        m_estimate->clear();
        m_estimate->setToolTip(QString());
        return;
    }
    const QLocale locale;
    QString estimate = m_contextWindow
        ? tr("%1 characters · about %2 of %3 tokens")
              .arg(locale.toString(characters), locale.toString(tokens), locale.toString(*m_contextWindow))
        : tr("%1 characters · about %2 tokens").arg(locale.toString(characters), locale.toString(tokens));
    m_estimate->setText(estimate);
    m_estimate->setToolTip(m_overWindow ? tr("This prompt is probably longer than the model's context window; the "
                                             "provider may refuse it or cut it short.")
                                        : tr("An estimate: about four characters per token."));
    if (m_overWindow) {
        QPalette warning = palette();
        warning.setColor(QPalette::WindowText, theme::warningText(palette()));
        m_estimate->setPalette(warning);
    } else {
        m_estimate->setPalette(QPalette()); // the window's, whatever it becomes
    }
}

void Composer::onResult(const PreviewResult& result)
{
    m_blocked = result.blocked || result.capacityExceeded;
    updateState();
}

void Composer::updateState()
{
    const bool empty = text().trimmed().isEmpty();
    m_send->setEnabled(!m_busy && m_available && !m_blocked && !empty);
    m_stop->setEnabled(m_busy);
    if (!m_available) {
        m_status->setText(m_unavailableReason);
    } else if (m_blocked) {
        m_status->setText(blockReason(m_preview->result()));
    } else if (m_busy) {
        m_status->setText(tr("Answering… Esc stops the reply."));
    } else {
        m_status->clear();
    }
}

bool Composer::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_preview->editor() && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && !(key->modifiers() & (Qt::ShiftModifier | Qt::ControlModifier | Qt::AltModifier))) {
            send();
            return true;
        }
        if (key->key() == Qt::Key_Escape) {
            if (m_confirmBar->isVisible()) {
                m_confirmBar->hide();
            } else if (m_busy) {
                Q_EMIT abortRequested();
            }
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace veil::app
