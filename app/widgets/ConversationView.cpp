#include "widgets/ConversationView.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QTimer>
#include <QVBoxLayout>

namespace veil::app {

namespace {

constexpr int kFrameMs = 33;

} // namespace

ConversationView::ConversationView(QWidget* parent)
    : QWidget(parent)
{
    m_browser = new QTextBrowser(this);
    m_browser->setObjectName(QStringLiteral("conversation"));
    m_browser->setAccessibleName(tr("Conversation"));
    m_browser->setOpenLinks(false);
    m_browser->setPlaceholderText(tr("No messages yet. Write a prompt below; you see what leaves before it is sent."));
    // Code blocks use the document's fixed-pitch font.
    m_browser->document()->setDefaultStyleSheet(QStringLiteral("pre, code { font-family: \"%1\"; }")
                                                    .arg(QFontDatabase::systemFont(QFontDatabase::FixedFont).family()));

    m_notice = new QWidget(this);
    m_notice->setObjectName(QStringLiteral("replyNotice"));
    m_noticeText = new QLabel(m_notice);
    m_noticeText->setObjectName(QStringLiteral("replyNoticeText"));
    m_noticeText->setWordWrap(true);
    m_retry = new QPushButton(tr("&Retry"), m_notice);
    m_retry->setObjectName(QStringLiteral("retry"));
    m_retry->setAccessibleName(tr("Retry the last prompt"));
    auto* noticeLayout = new QHBoxLayout(m_notice);
    noticeLayout->setContentsMargins(0, 0, 0, 0);
    noticeLayout->addWidget(m_noticeText, 1);
    noticeLayout->addWidget(m_retry);
    m_notice->hide();
    connect(m_retry, &QPushButton::clicked, this, &ConversationView::retryRequested);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_browser, 1);
    layout->addWidget(m_notice);

    m_renderTimer = new QTimer(this);
    m_renderTimer->setSingleShot(true);
    m_renderTimer->setInterval(kFrameMs);
    connect(m_renderTimer, &QTimer::timeout, this, [this] {
        if (m_dirty) {
            renderLast();
        }
    });
}

void ConversationView::setMessages(const QList<ViewMessage>& messages)
{
    m_messages = messages;
    m_streaming = false;
    m_notice->hide();
    render();
}

void ConversationView::appendMessage(const ViewMessage& message)
{
    m_messages.append(message);
    QTextCursor cursor(m_browser->document());
    cursor.movePosition(QTextCursor::End);
    m_lastStart = cursor.position();
    insertMessage(message);
    m_browser->verticalScrollBar()->setValue(m_browser->verticalScrollBar()->maximum());
}

void ConversationView::clear()
{
    setMessages({});
}

void ConversationView::beginReply(const QString& source, bool verbatim)
{
    m_decoder.resetState();
    m_streaming = true;
    m_notice->hide();
    appendMessage(
        ViewMessage{ViewMessage::Role::Assistant, QString(), source, ViewMessage::State::Streaming, verbatim});
}

void ConversationView::appendReplyBytes(const QByteArray& piece)
{
    if (!m_streaming || m_messages.isEmpty()) {
        return;
    }
    // A stateful decode: bytes of a character split across pieces wait for the rest.
    m_messages.last().text += m_decoder.decode(piece);
    m_dirty = true;
    if (!m_renderTimer->isActive()) {
        renderLast();
        m_renderTimer->start();
    }
}

void ConversationView::endReply(ViewMessage::State state, const QString& reason)
{
    if (!m_streaming || m_messages.isEmpty()) {
        return;
    }
    m_streaming = false;
    m_renderTimer->stop();
    m_decoder.resetState();
    m_messages.last().state = state;
    renderLast();
    if (state == ViewMessage::State::CutOff || state == ViewMessage::State::Failed) {
        showNotice(reason, true);
    }
}

void ConversationView::showNotice(const QString& text, bool retry)
{
    m_noticeText->setText(text);
    m_retry->setVisible(retry);
    m_notice->setVisible(!text.isEmpty());
}

QString ConversationView::renderedText() const
{
    return m_browser->toPlainText();
}

void ConversationView::render()
{
    m_browser->clear();
    m_lastStart = 0;
    for (const ViewMessage& message : std::as_const(m_messages)) {
        QTextCursor cursor(m_browser->document());
        cursor.movePosition(QTextCursor::End);
        m_lastStart = cursor.position();
        insertMessage(message);
    }
    m_browser->verticalScrollBar()->setValue(m_browser->verticalScrollBar()->maximum());
}

void ConversationView::renderLast()
{
    m_dirty = false;
    if (m_messages.isEmpty()) {
        return;
    }
    QScrollBar* bar = m_browser->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 4;
    QTextCursor cursor(m_browser->document());
    cursor.setPosition(m_lastStart);
    cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
    insertMessage(m_messages.last());
    if (atEnd) {
        bar->setValue(bar->maximum());
    }
}

QString ConversationView::headerFor(const ViewMessage& message) const
{
    if (message.role == ViewMessage::Role::User) {
        return tr("You");
    }
    QString header = message.source.isEmpty() ? tr("Assistant") : tr("Assistant (%1)").arg(message.source);
    switch (message.state) {
    case ViewMessage::State::Streaming:
        header += QLatin1Char(' ') + tr("— answering…");
        break;
    case ViewMessage::State::CutOff:
        header += QLatin1Char(' ') + tr("— cut off");
        break;
    case ViewMessage::State::Failed:
        header += QLatin1Char(' ') + tr("— failed");
        break;
    case ViewMessage::State::Complete:
        break;
    }
    return header;
}

void ConversationView::insertMessage(const ViewMessage& message)
{
    QTextCursor cursor(m_browser->document());
    cursor.movePosition(QTextCursor::End);
    QTextBlockFormat headerBlock;
    if (cursor.position() > 0) {
        headerBlock.setTopMargin(12);
        cursor.insertBlock(headerBlock, QTextCharFormat());
    } else {
        cursor.setBlockFormat(headerBlock);
    }
    QTextCharFormat header;
    header.setFontWeight(QFont::Bold);
    header.setForeground(message.role == ViewMessage::Role::User ? QColor(0x15, 0x65, 0xc0) : QColor(0x2e, 0x7d, 0x32));
    cursor.insertText(headerFor(message), header);
    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
    if (message.verbatim) {
        QTextCharFormat code;
        code.setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        cursor.insertText(message.text, code);
    } else if (!message.text.isEmpty()) {
        const int start = cursor.position();
        cursor.insertMarkdown(message.text, QTextDocument::MarkdownDialectGitHub);
        // Code blocks on a light background, so they stand apart from the prose.
        for (QTextBlock block = m_browser->document()->findBlock(start); block.isValid(); block = block.next()) {
            if (block.blockFormat().hasProperty(QTextFormat::BlockCodeFence)) {
                QTextCursor code(block);
                QTextBlockFormat format = block.blockFormat();
                format.setBackground(QColor(0xf2, 0xf2, 0xf2));
                code.setBlockFormat(format);
            }
        }
    }
}

} // namespace veil::app
