#include "widgets/ConversationView.h"
#include "widgets/ThemeColours.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFragment>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

namespace veil::app {

namespace {

constexpr int kFrameMs = 33;
const QString kActionScheme = QStringLiteral("veil");

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
    connect(m_browser, &QTextBrowser::anchorClicked, this, &ConversationView::activateLink);

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
    if (!m_messages.isEmpty() && m_messages.last().role == ViewMessage::Role::Assistant) {
        dropRegenerateLink(int(m_messages.size() - 1)); // only the last reply can be regenerated
    }
    m_messages.append(message);
    QTextCursor cursor(m_browser->document());
    cursor.movePosition(QTextCursor::End);
    m_lastStart = cursor.position();
    insertMessage(int(m_messages.size() - 1));
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

void ConversationView::setContainsRestored(int index, bool contains)
{
    if (index >= 0 && index < m_messages.size()) {
        m_messages[index].containsRestored = contains;
    }
}

void ConversationView::setSentAs(int index, const QList<QPair<QString, QString>>& sentAs)
{
    if (index < 0 || index >= m_messages.size() || index >= m_starts.size()) {
        return;
    }
    m_messages[index].sentAs = sentAs;
    if (m_streaming && index == m_messages.size() - 1) {
        return; // marked when the streaming message is rendered again
    }
    QTextCursor end(m_browser->document());
    end.movePosition(QTextCursor::End);
    markSentAs(index, m_starts[index], index + 1 < m_starts.size() ? m_starts[index + 1] : end.position());
}

void ConversationView::markSentAs(int index, int from, int to)
{
    // A dotted underline in a muted colour: visible to whoever looks for it, quiet for whoever does not.
    QTextDocument* document = m_browser->document();
    for (const auto& [value, placeholder] : std::as_const(m_messages[index].sentAs)) {
        if (value.isEmpty()) {
            continue;
        }
        QTextCharFormat mark;
        mark.setUnderlineStyle(QTextCharFormat::DotLine);
        mark.setUnderlineColor(palette().color(QPalette::PlaceholderText));
        mark.setToolTip(tr("Sent as %1").arg(placeholder));
        for (QTextCursor found = document->find(value, from, QTextDocument::FindCaseSensitively);
             !found.isNull() && found.selectionEnd() <= to;
             found = document->find(value, found.selectionEnd(), QTextDocument::FindCaseSensitively)) {
            found.mergeCharFormat(mark);
        }
    }
}

QString ConversationView::renderedText() const
{
    return m_browser->toPlainText();
}

void ConversationView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_messages.isEmpty()) {
        render(); // headers and code blocks take the new palette's colours
    }
}

void ConversationView::render()
{
    m_browser->clear();
    m_codeBlocks.clear();
    m_starts.clear();
    m_lastStart = 0;
    for (int index = 0; index < m_messages.size(); ++index) {
        QTextCursor cursor(m_browser->document());
        cursor.movePosition(QTextCursor::End);
        m_lastStart = cursor.position();
        insertMessage(index);
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
    insertMessage(int(m_messages.size() - 1));
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

void ConversationView::insertMessage(int index)
{
    const ViewMessage& message = m_messages[index];
    while (m_codeBlocks.size() <= index) {
        m_codeBlocks.append(QStringList());
    }
    m_codeBlocks[index].clear();
    QTextCursor cursor(m_browser->document());
    cursor.movePosition(QTextCursor::End);
    m_starts.resize(index + 1);
    m_starts[index] = cursor.position();
    QTextBlockFormat headerBlock;
    if (cursor.position() > 0) {
        headerBlock.setTopMargin(12);
        cursor.insertBlock(headerBlock, QTextCharFormat());
    } else {
        cursor.setBlockFormat(headerBlock);
    }
    QTextCharFormat header;
    header.setFontWeight(QFont::Bold);
    header.setForeground(message.role == ViewMessage::Role::User ? theme::userHeader(palette())
                                                                 : theme::assistantHeader(palette()));
    cursor.insertText(headerFor(message), header);
    insertActions(cursor, index);
    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
    if (message.verbatim) {
        QTextCharFormat code;
        code.setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        cursor.insertText(message.text, code);
    } else if (!message.text.isEmpty()) {
        const int start = cursor.position();
        cursor.insertMarkdown(message.text, QTextDocument::MarkdownDialectGitHub);
        // Code blocks on a light background, so they stand apart from the prose, each followed by its Copy link.
        QTextBlock block = m_browser->document()->findBlock(start);
        while (block.isValid()) {
            if (!block.blockFormat().hasProperty(QTextFormat::BlockCodeFence)) {
                block = block.next();
                continue;
            }
            QStringList lines;
            QTextBlock last = block;
            for (; block.isValid() && block.blockFormat().hasProperty(QTextFormat::BlockCodeFence);
                 block = block.next()) {
                QTextCursor code(block);
                QTextBlockFormat format = block.blockFormat();
                format.setBackground(theme::codeBackground(palette()));
                code.setBlockFormat(format);
                lines << block.text();
                last = block;
            }
            m_codeBlocks[index] << lines.join(QLatin1Char('\n'));
            QTextCursor after(last);
            after.movePosition(QTextCursor::EndOfBlock);
            after.insertBlock(QTextBlockFormat(), QTextCharFormat());
            QTextCharFormat link;
            link.setAnchor(true);
            link.setAnchorHref(QStringLiteral("veil:copy-code/%1/%2").arg(index).arg(m_codeBlocks[index].size() - 1));
            link.setForeground(palette().link());
            link.setFontPointSize(std::max(7.0, font().pointSizeF() - 1));
            after.insertText(tr("Copy code"), link);
            block = after.block().next();
        }
    }
    if (!message.sentAs.isEmpty()) {
        cursor.movePosition(QTextCursor::End);
        markSentAs(index, m_starts[index], cursor.position());
    }
}

void ConversationView::insertActions(QTextCursor& cursor, int index)
{
    const ViewMessage& message = m_messages[index];
    if (message.state == ViewMessage::State::Streaming) {
        return; // nothing to act on until the reply has ended
    }
    QList<QPair<QString, QString>> actions;
    actions.append({QStringLiteral("copy"), tr("Copy")});
    if (message.role == ViewMessage::Role::User) {
        actions.append({QStringLiteral("edit"), tr("Edit")});
    } else if (index == m_messages.size() - 1 && index > 0) {
        actions.append({QStringLiteral("regenerate"), tr("Regenerate")});
    }
    QTextCharFormat link;
    link.setAnchor(true);
    link.setForeground(palette().link());
    link.setFontWeight(QFont::Normal);
    link.setFontPointSize(std::max(7.0, font().pointSizeF() - 1));
    for (const auto& [action, label] : actions) {
        cursor.insertText(QStringLiteral("   "), QTextCharFormat());
        link.setAnchorHref(QStringLiteral("veil:%1/%2").arg(action).arg(index));
        cursor.insertText(label, link);
    }
}

void ConversationView::dropRegenerateLink(int index)
{
    const QString href = QStringLiteral("veil:regenerate/%1").arg(index);
    // The message's header is the block at m_lastStart or the one after it (see insertMessage).
    QTextBlock block = m_browser->document()->findBlock(m_lastStart);
    for (int i = 0; i < 2 && block.isValid(); ++i, block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (!fragment.isValid() || fragment.charFormat().anchorHref() != href) {
                continue;
            }
            QTextCursor cursor(m_browser->document());
            const int spaces = fragment.position() - block.position() >= 3 ? 3 : 0; // the gap before the link
            cursor.setPosition(fragment.position() - spaces);
            cursor.setPosition(fragment.position() + fragment.length(), QTextCursor::KeepAnchor);
            cursor.removeSelectedText();
            return;
        }
    }
}

void ConversationView::activateLink(const QUrl& link)
{
    if (link.scheme() != kActionScheme) {
        return;
    }
    const QStringList parts = link.path().split(QLatin1Char('/'));
    bool ok = parts.size() >= 2;
    const int index = ok ? parts[1].toInt(&ok) : -1;
    if (!ok || index < 0 || index >= m_messages.size()) {
        return;
    }
    const ViewMessage& message = m_messages[index];
    const QString& action = parts[0];
    if (action == QStringLiteral("copy") && parts.size() == 2) {
        copyText(message.text, message.containsRestored);
    } else if (action == QStringLiteral("copy-code") && parts.size() == 3) {
        const int block = parts[2].toInt(&ok);
        if (ok && index < m_codeBlocks.size() && block >= 0 && block < m_codeBlocks[index].size()) {
            copyText(m_codeBlocks[index][block], message.containsRestored);
        }
    } else if (action == QStringLiteral("edit") && message.role == ViewMessage::Role::User && !m_streaming) {
        Q_EMIT editRequested(index, message.text);
    } else if (action == QStringLiteral("regenerate") && message.role == ViewMessage::Role::Assistant
               && index == m_messages.size() - 1 && !m_streaming) {
        Q_EMIT regenerateRequested(index);
    }
}

void ConversationView::copyText(const QString& text, bool secret)
{
    auto* data = new QMimeData;
    data->setText(text);
    if (secret) {
        data->setData(QString::fromLatin1(kPasswordManagerHint), QByteArrayLiteral("secret"));
    }
    QGuiApplication::clipboard()->setMimeData(data);
    Q_EMIT copied(secret);
}

} // namespace veil::app
