#include "veil/MainWindow.h"

#include "providers/ContextWindow.h"

#include "chat/ChatSession.h"
#include "chat/ProviderRegistry.h"
#include "common/EngineSetup.h"
#include "policy/PolicyAuditSpool.h"
#include "veil/AppearanceMenu.h"
#include "veil/AuditLogDialog.h"
#include "veil/ConversationList.h"
#include "veil/ExportDialog.h"
#include "veil/FirstRunPage.h"
#include "veil/HistoryClient.h"
#include "veil/IncidentBanner.h"
#include "veil/LanguageMenu.h"
#include "veil/PassphraseDialog.h"
#include "veil/PolicyDialog.h"
#include "veil/PolicyRefresher.h"
#include "veil/ProviderPicker.h"
#include "veil/ProvidersDialog.h"
#include "veil/WorkspacesDialog.h"
#include "widgets/Composer.h"
#include "widgets/ConversationView.h"
#include "widgets/RedactionPreview.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <sodium.h>

namespace veil::app {

using chat::ChatSession;

namespace {

/// A redaction engine built off the GUI thread, or why it could not be.
struct EngineBuild
{
    std::shared_ptr<const redaction::RedactionEngine> engine;
    QString error;
};

} // namespace

MainWindow::MainWindow(Setup setup, QWidget* parent)
    : QMainWindow(parent)
    , m_setup(std::move(setup))
{
    setWindowTitle(tr("Veil"));
    if (m_setup.databasePath.isEmpty()) {
        m_setup.databasePath = ChatSession::defaultDatabasePath();
    }
    const int ruleCount = int(m_setup.engine->catalogue().rules().size());

    m_list = new ConversationList(this);
    m_view = new ConversationView(this);
    m_composer = new Composer(m_setup.engine, this);
    m_picker = new ProviderPicker(this);
    m_picker->setProviders(m_setup.providers, m_setup.enforcer);
    if (!m_setup.defaultProvider.isEmpty()) {
        m_picker->choose(m_setup.defaultProvider);
    }

    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("historyBanner"));
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: #fff3e0; color: #6d3b00; padding: 6px; }"));
    m_banner->hide();
    m_banner->setAccessibleName(tr("History status"));

    // Before the first prompt, a page that says what Veil does takes the conversation's place.
    m_firstRun = new FirstRunPage(this);
    m_firstRun->setPolicyState(m_setup.managed.managed, m_setup.enforcer.summary());
    m_conversationArea = new QStackedWidget(this);
    m_conversationArea->addWidget(m_view);
    m_conversationArea->addWidget(m_firstRun);
    connect(m_firstRun, &FirstRunPage::addProviderRequested, this, &MainWindow::showProviders);
    connect(m_firstRun, &FirstRunPage::tryInspectorRequested, this, [this] {
        m_picker->choose(QString::fromLatin1(chat::ProviderRegistry::kInspectorId));
        showFirstRun(false);
        m_composer->preview()->editor()->setFocus();
    });
    auto* chat = new QSplitter(Qt::Vertical, this);
    chat->addWidget(m_conversationArea);
    chat->addWidget(m_composer);
    chat->setStretchFactor(0, 3);
    chat->setStretchFactor(1, 2);
    auto* centre = new QWidget(this);
    auto* centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->addWidget(m_banner);
    centreLayout->addWidget(chat, 1);
    auto* main = new QSplitter(Qt::Horizontal, this);
    main->addWidget(m_list);
    main->addWidget(centre);
    main->setStretchFactor(0, 1);
    main->setStretchFactor(1, 4);
    main->setSizes({260, 840});
    auto* window = new QWidget(this);
    auto* windowLayout = new QVBoxLayout(window);
    windowLayout->setContentsMargins(0, 0, 0, 0);
    windowLayout->setSpacing(0);
    if (m_setup.secrets) {
        m_incident = new IncidentBanner(IncidentBanner::Setup{m_setup.engine,
                                                              m_setup.enforcer,
                                                              m_setup.secrets,
                                                              m_setup.network,
                                                              m_setup.databasePath,
                                                              m_setup.incidentLedgerPath,
                                                              m_setup.incidentFolder,
                                                              m_setup.appVersion,
                                                              {}},
                                        window);
        windowLayout->addWidget(m_incident);
    }
    m_policyWarning = new QLabel(window);
    m_policyWarning->setObjectName(QStringLiteral("policyWarning"));
    m_policyWarning->setWordWrap(true);
    m_policyWarning->setStyleSheet(QStringLiteral("QLabel { background: #fdecea; color: #611a15; padding: 6px; }"));
    m_policyWarning->setAccessibleName(tr("Policy warning"));
    m_policyWarning->hide();
    windowLayout->addWidget(m_policyWarning);
    windowLayout->addWidget(main, 1);
    setCentralWidget(window);

    auto* top = addToolBar(tr("Provider"));
    top->setObjectName(QStringLiteral("providerBar"));
    top->setMovable(false);
    top->addWidget(m_picker);
    // The workspace the list keeps to and new conversations are created in (with its context).
    m_workspacePicker = new QComboBox(this);
    m_workspacePicker->setObjectName(QStringLiteral("workspacePicker"));
    m_workspacePicker->setAccessibleName(tr("Workspace"));
    m_workspacePicker->setToolTip(tr("Workspace: its conversations are listed, and its context is sent with its "
                                     "prompts"));
    m_workspacePicker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_workspacePicker->addItem(tr("All conversations"));
    m_workspacePicker->setEnabled(false); // until the history is open
    top->addWidget(m_workspacePicker);
    auto* spacer = new QWidget(top);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    top->addWidget(spacer);
    // The badge is a link to the policy's details, reachable with Tab like any link.
    m_policyBadge = new QLabel(this);
    m_policyBadge->setObjectName(QStringLiteral("policyBadge"));
    m_policyBadge->setAccessibleName(tr("Policy status"));
    m_policyBadge->setTextFormat(Qt::RichText);
    m_policyBadge->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    m_policyBadge->setToolTip(tr("Show the policy in force"));
    connect(m_policyBadge, &QLabel::linkActivated, this, &MainWindow::showPolicyDialog);
    setPolicyBadge(m_setup.enforcer.summary());
    top->addWidget(m_policyBadge);

    buildMenus();
    m_ruleCount = new QLabel(tr("%n rule(s) active", nullptr, ruleCount), this);
    statusBar()->addPermanentWidget(m_ruleCount);
    if (!m_setup.providersError.isEmpty()) {
        statusBar()->showMessage(tr("Your providers cannot be read: %1").arg(m_setup.providersError));
    }

    connect(m_composer, &Composer::sendRequested, this, &MainWindow::send);
    connect(m_composer, &Composer::abortRequested, this, [this] {
        if (m_session) {
            m_session->abort();
        }
    });
    connect(m_view, &ConversationView::retryRequested, this, [this] {
        if (!m_lastPrompt.isEmpty()) {
            send(m_lastPrompt, m_lastConfirmed);
        }
    });
    // Edit puts the message back into the composer, where it is checked and sent like any prompt.
    connect(m_view, &ConversationView::editRequested, this, [this](int, const QString& text) {
        if (!m_session) {
            m_composer->setText(text);
            m_composer->setFocus();
        }
    });
    // Regenerate sends the prompt before that reply again, through the same pipeline (warnings are asked again).
    connect(m_view, &ConversationView::regenerateRequested, this, [this](int index) {
        const QList<ViewMessage>& messages = m_view->messages();
        for (int i = std::min(index, int(messages.size())) - 1; i >= 0; --i) {
            if (messages[i].role == ViewMessage::Role::User) {
                send(messages[i].text, false);
                return;
            }
        }
    });
    connect(m_picker, &ProviderPicker::choiceChanged, this, &MainWindow::updateAvailability);
    connect(m_picker, &ProviderPicker::choiceChanged, this, [this] {
        const auto provider = m_picker->currentProvider();
        m_composer->setContextWindow(provider ? providers::contextWindowTokens(provider->kind, m_picker->currentModel())
                                              : std::nullopt);
    });
    connect(m_list, &ConversationList::newConversationRequested, this, &MainWindow::newConversation);
    connect(m_list, &ConversationList::filterChanged, this, &MainWindow::refreshList);
    connect(m_list, &ConversationList::conversationSelected, this, [this](qint64 id) {
        if (m_session) {
            m_list->select(m_current); // one conversation at a time while a reply streams
            return;
        }
        m_current = id;
        m_unstored.reset();
        m_view->clear();
        if (m_history) {
            m_history->loadMessages(id);
        }
    });

    if (m_setup.secrets) {
        m_history = new HistoryClient(*m_setup.secrets, m_setup.databasePath, this);
        m_history->setRetentionDays(m_setup.enforcer.historyRetentionDays());
        m_list->setRetentionDays(m_setup.enforcer.historyRetentionDays());
        m_history->setLogRetentionDays(m_setup.enforcer.logRetentionDays());
        m_incident->setPassphraseSource(m_history->passphraseSource());
        connect(m_history, &HistoryClient::stateChanged, this, &MainWindow::onHistoryState);
        connect(m_history, &HistoryClient::retentionApplied, this, [this](qint64 conversations) {
            if (conversations > 0) {
                statusBar()->showMessage(
                    tr("%n conversation(s) older than the retention period were purged.", nullptr, int(conversations)),
                    10000);
                refreshList();
            }
        });
        connect(m_history, &HistoryClient::conversationsListed, this,
                [this](const QList<history::Conversation>& conversations, const QString& filter) {
                    if (filter == m_list->filter()) {
                        m_list->setConversations(conversations);
                        m_list->select(m_current);
                    }
                });
        connect(m_history, &HistoryClient::messagesLoaded, this, [this](qint64 id, const QList<ViewMessage>& messages) {
            if (m_current == id && !m_session) {
                m_view->setMessages(messages);
            }
        });
        connect(m_history, &HistoryClient::conversationDeleted, this, [this](qint64 id) {
            if (m_current == id) {
                newConversation();
            }
            statusBar()->showMessage(tr("The conversation was deleted."), 5000);
            refreshList();
        });
        connect(m_history, &HistoryClient::policyAuditFlushed, this, [this](int entries) {
            if (entries > 0 && m_auditLog) {
                m_history->listAuditEntries(); // the open audit view shows them
            }
        });
        connect(m_history, &HistoryClient::queryFailed, this,
                [this](const QString& message) { statusBar()->showMessage(message, 10000); });
        connect(m_history, &HistoryClient::conversationRenamed, this, &MainWindow::refreshList);
        connect(m_history, &HistoryClient::workspacesListed, this, &MainWindow::showWorkspaces);
        connect(m_history, &HistoryClient::workspacesChanged, this, [this] { m_history->listWorkspaces(); });
        connect(m_workspacePicker, &QComboBox::currentIndexChanged, this, [this](int index) {
            const auto id
                = index > 0 ? std::optional<qint64>(m_workspacePicker->itemData(index).toLongLong()) : std::nullopt;
            if (id == m_history->workspace()) {
                return;
            }
            if (m_session) { // one conversation at a time while a reply streams
                const QSignalBlocker blocker(m_workspacePicker);
                m_workspacePicker->setCurrentIndex(
                    std::max(0, m_workspacePicker->findData(m_history->workspace().value_or(-1))));
                return;
            }
            m_history->setWorkspace(id);
            newConversation();
            refreshList();
        });
        connect(m_list, &ConversationList::deleteRequested, this, [this](qint64 id) {
            if (m_session && m_current == id) {
                statusBar()->showMessage(tr("Wait for the reply (or stop it) before deleting this conversation."),
                                         5000);
                return;
            }
            if (m_current == id) {
                newConversation();
            }
            m_list->removeWithUndo(id); // deletionConfirmed follows unless the user undoes it
        });
        connect(m_list, &ConversationList::deletionConfirmed, m_history, &HistoryClient::deleteConversation);
        connect(m_list, &ConversationList::renameRequested, m_history, &HistoryClient::renameConversation);
    }
    startPolicyRefresh();
    updateAvailability();
    resize(1100, 760);
    m_composer->preview()->editor()->setFocus();
}

void MainWindow::startPolicyRefresh()
{
    if (!m_setup.secrets || !m_setup.managed.managed || m_setup.managed.policyUrl.isEmpty()) {
        return;
    }
    PolicyRefresher::Setup setup;
    setup.config = m_setup.managed;
    setup.cacheDir = m_setup.policyCacheDir;
    setup.stateDir = m_setup.policyStateDir;
    setup.network = m_setup.network;
    setup.caCertificates = m_setup.caCertificates;
    setup.auditSpoolPath = policy::PolicyAuditSpool::pathFor(m_setup.databasePath);
    setup.appVersion = m_setup.appVersion;
    m_refresher = new PolicyRefresher(std::move(setup), m_setup.enforcer, this);
    connect(m_refresher, &PolicyRefresher::policyChanged, this, &MainWindow::applyPolicy);
    connect(m_refresher, &PolicyRefresher::statusChanged, this, &MainWindow::showPolicyStatus);
    connect(m_refresher, &PolicyRefresher::auditQueued, this, [this] {
        if (m_history) {
            m_history->flushPolicyAudit(); // when closed, the next open moves them into the log
        }
    });
    m_refresher->start();
}

void MainWindow::applyPolicy(const policy::PolicyEnforcer& enforcer)
{
    m_setup.enforcer = enforcer;
    setPolicyBadge(enforcer.summary());
    m_firstRun->setPolicyState(m_setup.managed.managed, enforcer.summary());
    if (m_providersDialog) {
        m_providersDialog->setPolicy(enforcer);
    }
    if (m_policyDialog) {
        m_policyDialog->setPolicy(enforcer, nullptr); // the rules follow once the engine is built
    }
    const QString chosen = m_picker->currentProvider() ? m_picker->currentProvider()->id : QString();
    const QString model = m_picker->currentModel();
    m_picker->setProviders(m_setup.providers, enforcer);
    if (!chosen.isEmpty()) {
        m_picker->choose(chosen, model);
    }
    if (m_history) {
        m_history->setRetentionDays(enforcer.historyRetentionDays());
    }
    m_list->setRetentionDays(enforcer.historyRetentionDays());
    // The bundle's redaction rules: compiled off the GUI thread; Send waits for them.
    const quint64 generation = ++m_engineGeneration;
    m_engineBuilding = true;
    updateAvailability();
    QtConcurrent::run([redaction = enforcer.redaction(),
                       origin = QStringLiteral("policy v%1").arg(enforcer.version())] {
        auto built = makeRedactionEngine(redaction, origin);
        return built ? EngineBuild{built.value(), QString()} : EngineBuild{nullptr, built.error().message};
    }).then(this, [this, generation](const EngineBuild& build) {
        if (generation != m_engineGeneration) {
            return; // a newer policy arrived meanwhile
        }
        m_engineBuilding = false;
        if (!build.engine) {
            // Verified bundles have compiling rules (PolicyUpdate checks them); keep the rules in force if not.
            statusBar()->showMessage(tr("The new policy's redaction rules cannot be used: %1").arg(build.error));
        } else {
            m_setup.engine = build.engine;
            m_composer->preview()->setEngine(m_setup.engine);
            if (m_policyDialog) {
                m_policyDialog->setPolicy(m_setup.enforcer, m_setup.engine);
            }
            m_ruleCount->setText(tr("%n rule(s) active", nullptr, int(m_setup.engine->catalogue().rules().size())));
        }
        if (m_incident) {
            m_incident->setPolicy(m_setup.enforcer, m_setup.engine);
            m_incident->refresh();
        }
        updateAvailability();
        Q_EMIT policyApplied();
    });
}

void MainWindow::showPolicyStatus()
{
    const QString checked = QLocale().toString(m_refresher->lastPollAt().toLocalTime(), QLocale::ShortFormat);
    const int minutes = (m_refresher->remainingMs() + 59999) / 60000;
    m_policyBadge->setToolTip(tr("Last checked %1; next check in about %n minute(s).", nullptr, minutes).arg(checked));
    if (!m_refresher->lastPollFailed()) {
        m_policyWarning->hide();
        return;
    }
    const policy::PolicyEnforcer& enforcer = m_setup.enforcer;
    const QString inForce = enforcer.version() > 0
        ? tr("The last known good policy (version %1) stays in force.").arg(enforcer.version())
        : tr("No policy has been received yet: %1.").arg(enforcer.summary());
    m_policyWarning->setText(
        m_refresher->lastPollRefused()
            ? tr("The organization's newest policy was refused: %1 %2").arg(m_refresher->lastError(), inForce)
            : tr("The organization's policy could not be fetched: %1 %2").arg(m_refresher->lastError(), inForce));
    m_policyWarning->show();
}

MainWindow::~MainWindow()
{
    if (m_session) {
        m_session->abort();
    }
    m_list->commitPendingDeletion(); // quitting within the Undo time still deletes
}

chat::ChatSession* MainWindow::session() const
{
    return m_session;
}

RedactionPreview* MainWindow::preview() const
{
    return m_composer->preview();
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* newChat = file->addAction(tr("&New conversation"));
    newChat->setShortcut(QKeySequence::New);
    connect(newChat, &QAction::triggered, this, &MainWindow::newConversation);
    QAction* exportHistory = file->addAction(tr("&Export history…"));
    exportHistory->setObjectName(QStringLiteral("exportAction"));
    exportHistory->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    exportHistory->setEnabled(m_setup.secrets != nullptr);
    connect(exportHistory, &QAction::triggered, this, &MainWindow::showExportDialog);
    QAction* unlock = file->addAction(tr("&Unlock history…"));
    unlock->setObjectName(QStringLiteral("unlockAction"));
    unlock->setEnabled(m_setup.secrets != nullptr);
    connect(unlock, &QAction::triggered, this, &MainWindow::askPassphrase);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, qApp, &QApplication::quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* search = view->addAction(tr("&Search history"));
    search->setShortcut(QKeySequence::Find);
    connect(search, &QAction::triggered, this, [this] {
        if (auto* box = m_list->findChild<QWidget*>(QStringLiteral("search"))) {
            box->setFocus();
        }
    });
    QAction* outgoing = view->addAction(tr("&What leaves this machine"));
    outgoing->setObjectName(QStringLiteral("outgoingAction"));
    outgoing->setCheckable(true);
    outgoing->setChecked(m_composer->isOutgoingVisible());
    outgoing->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(outgoing, &QAction::toggled, m_composer, &Composer::setOutgoingVisible);
    connect(m_composer, &Composer::outgoingVisibleChanged, outgoing, &QAction::setChecked);
    QAction* prompt = view->addAction(tr("&Prompt"));
    prompt->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    connect(prompt, &QAction::triggered, this, [this] { m_composer->preview()->editor()->setFocus(); });
    view->addSeparator();
    QAction* auditLog = view->addAction(tr("&Audit log"));
    auditLog->setObjectName(QStringLiteral("auditLogAction"));
    auditLog->setEnabled(m_setup.secrets != nullptr);
    connect(auditLog, &QAction::triggered, this, &MainWindow::showAuditLog);

    QAction* policy = view->addAction(tr("P&olicy"));
    policy->setObjectName(QStringLiteral("policyAction"));
    connect(policy, &QAction::triggered, this, &MainWindow::showPolicyDialog);

    QMenu* settings = menuBar()->addMenu(tr("&Settings"));
    QAction* providers = settings->addAction(tr("&Providers…"));
    providers->setObjectName(QStringLiteral("providersAction"));
    providers->setEnabled(m_setup.secrets != nullptr);
    connect(providers, &QAction::triggered, this, &MainWindow::showProviders);
    QAction* workspaces = settings->addAction(tr("&Workspaces…"));
    workspaces->setObjectName(QStringLiteral("workspacesAction"));
    workspaces->setEnabled(m_setup.secrets != nullptr);
    connect(workspaces, &QAction::triggered, this, &MainWindow::showWorkspacesDialog);
    settings->addMenu(new AppearanceMenu(settings));
    settings->addMenu(new LanguageMenu(settings));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Veil"));
    connect(about, &QAction::triggered, this, [this] {
        auto* box = new QMessageBox(
            QMessageBox::Information, tr("About Veil"),
            tr("<b>Veil %1</b><p>A privacy-aware shell for AI assistants: secrets and personal data are "
               "replaced by placeholders on this machine before a prompt is sent.</p>")
                .arg(QApplication::applicationVersion()),
            QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

void MainWindow::openHistory()
{
    if (m_history) {
        m_history->open();
    }
}

void MainWindow::showDemo(const QList<history::Conversation>& conversations, const QList<ViewMessage>& messages,
                          const QString& prompt)
{
    m_list->setConversations(conversations);
    if (!conversations.isEmpty()) {
        m_current = conversations.first().id;
        m_list->select(m_current);
    }
    m_view->setMessages(messages);
    m_composer->setText(prompt);
}

void MainWindow::onHistoryState()
{
    switch (m_history->state()) {
    case HistoryClient::State::Open:
        showFirstRun(false);
        m_banner->hide();
        m_workspacePicker->setEnabled(true);
        m_history->listWorkspaces();
        m_incident->refresh();
        refreshList();
        if (m_current) {
            m_history->loadMessages(*m_current);
        }
        break;
    case HistoryClient::State::Unavailable:
    case HistoryClient::State::Failed:
        m_banner->setText(m_history->message());
        m_banner->show();
        break;
    case HistoryClient::State::NeedsPassphrase:
        m_banner->setText(m_history->message() + QLatin1Char(' ')
                          + tr("Use File > Unlock history (Send stays off until then)."));
        m_banner->show();
        askPassphrase();
        break;
    case HistoryClient::State::Empty:
        showFirstRun(m_view->messages().isEmpty()); // no history yet: a first run
        m_banner->hide();
        m_incident->refresh();
        m_list->setConversations({});
        break;
    case HistoryClient::State::Opening:
    case HistoryClient::State::Closed:
        break;
    }
    updateAvailability();
}

void MainWindow::refreshList()
{
    if (m_history) {
        m_history->listConversations(m_list->filter());
    }
}

void MainWindow::newConversation()
{
    if (m_session) {
        return;
    }
    m_current.reset();
    m_unstored.reset();
    m_list->select(std::nullopt);
    m_view->clear();
    m_composer->preview()->editor()->setFocus();
}

void MainWindow::updateAvailability()
{
    if (!m_setup.secrets) {
        m_composer->setAvailable(false, tr("Demo: nothing is sent."));
    } else if (m_history && m_history->state() == HistoryClient::State::Unavailable) {
        m_composer->setAvailable(false, tr("Sending is off: there is no keychain to hold the history key."));
    } else if (m_history && m_history->state() == HistoryClient::State::NeedsPassphrase) {
        m_composer->setAvailable(false, tr("Sending is off until the history is unlocked with its passphrase."));
    } else if (m_engineBuilding) {
        m_composer->setAvailable(false, tr("Applying the organization's new policy…"));
    } else if (m_picker->isEmpty()) {
        m_composer->setAvailable(false, tr("The organization's policy allows no provider here."));
    } else {
        m_composer->setAvailable(true);
    }
}

void MainWindow::send(const QString& prompt, bool confirmWarnings)
{
    const auto provider = m_picker->currentProvider();
    if (m_session || !m_setup.secrets || !provider) {
        return;
    }
    // Enforcement lives in PolicyEnforcer: ask it again for this exact choice.
    if (const Status allowed = m_setup.enforcer.checkProvider(*provider, m_picker->currentModel()); !allowed) {
        m_view->showNotice(allowed.error().message, false);
        return;
    }
    ChatSession::Options options;
    options.provider = *provider;
    options.model = m_picker->currentModel();
    options.conversationId = m_current;
    if (m_workspacePicker->currentIndex() > 0) {
        options.workspace = m_workspacePicker->currentText();
    }
    QByteArray utf8 = prompt.toUtf8();
    options.prompt.assign(utf8.constData(), size_t(utf8.size()));
    sodium_memzero(utf8.data(), size_t(utf8.size()));
    options.confirmWarnings = confirmWarnings;
    options.databasePath = m_setup.databasePath;
    options.policyVersion = m_setup.enforcer.version();
    options.retentionDays = m_setup.enforcer.historyRetentionDays();
    options.logRetentionDays = m_setup.enforcer.logRetentionDays();
    options.storeHistory = m_setup.enforcer.storeHistory();
    options.storeOriginals = m_setup.enforcer.storeOriginals();
    options.unstored = m_unstored; // the conversation so far when the policy keeps no history
    if (m_history) {
        options.askPassphrase = m_history->passphraseSource();
    }

    showFirstRun(false);
    m_lastPrompt = prompt;
    m_lastConfirmed = confirmWarnings;
    m_view->appendMessage(ViewMessage{ViewMessage::Role::User, prompt, QString(), ViewMessage::State::Complete, false});
    const int promptIndex = int(m_view->messages().size()) - 1;
    const bool inspector = provider->kind == providers::ProviderKind::Inspector;
    m_view->beginReply(provider->id + QStringLiteral(" · ") + options.model, inspector);

    auto* session = new ChatSession(*m_setup.secrets, m_setup.network, m_setup.engine, std::move(options), this);
    m_session = session;
    connect(session, &ChatSession::restoredText, m_view, &ConversationView::appendReplyBytes);
    // What was typed still holds the values redaction replaced: a copy of it is marked secret.
    connect(session, &ChatSession::promptRedacted, m_view, [this, session, promptIndex](bool valuesReplaced) {
        m_view->setContainsRestored(promptIndex, valuesReplaced);
        m_view->setSentAs(promptIndex, session->promptSentAs());
    });
    connect(session, &Job::finished, this, [this, session] { onSessionFinished(session); });
    if (m_composer->text() == prompt) {
        m_composer->setText(QString()); // sent from the composer; a retry or regenerate leaves a draft alone
    }
    m_composer->setBusy(true);
    session->start();
}

void MainWindow::onSessionFinished(ChatSession* session)
{
    session->deleteLater();
    m_session = nullptr;
    m_composer->setBusy(false);
    const bool isNew = !m_current.has_value();
    if (session->conversationId()) {
        m_current = *session->conversationId();
    }
    if (session->unstoredConversation()) {
        m_unstored = session->unstoredConversation(); // the next prompt continues it, in memory only
    }
    QStringList rules;
    for (const std::string& rule : session->stoppingRules()) {
        rules << QString::fromStdString(rule);
    }
    if (session->wasAborted()) {
        const bool anyText = !m_view->messages().isEmpty() && !m_view->messages().last().text.isEmpty();
        m_view->endReply(anyText ? ViewMessage::State::CutOff : ViewMessage::State::Failed,
                         anyText ? tr("You stopped the reply; what arrived is kept.")
                                 : tr("You stopped the request before a reply arrived."));
    } else {
        showOutcome(session, rules);
    }
    const QList<ViewMessage>& shown = m_view->messages();
    if (!session->replySentAs().isEmpty() && !shown.isEmpty() && shown.last().role == ViewMessage::Role::Assistant) {
        m_view->setSentAs(int(shown.size()) - 1, session->replySentAs());
    }
    if (m_history) {
        if (m_history->state() == HistoryClient::State::Open) {
            refreshList();
        } else if (m_history->state() == HistoryClient::State::Empty) {
            m_history->open(); // the first prompt created the database
        }
    }
    if (isNew && m_current) {
        m_list->select(m_current);
    }
    Q_EMIT sessionFinished();
}

void MainWindow::showOutcome(ChatSession* session, const QStringList& rules)
{
    switch (session->outcome()) {
    case ChatSession::Outcome::Answered:
        m_view->endReply(ViewMessage::State::Complete);
        break;
    case ChatSession::Outcome::Blocked:
    case ChatSession::Outcome::NeedsConfirmation: {
        // Nothing was sent: take the turn back out of the view and give the text back to the composer.
        QList<ViewMessage> messages = m_view->messages();
        if (messages.size() >= 2) {
            messages.resize(messages.size() - 2);
        }
        m_view->setMessages(messages);
        m_composer->setText(m_lastPrompt);
        if (session->outcome() == ChatSession::Outcome::NeedsConfirmation) {
            m_composer->askConfirmation(rules);
        } else {
            m_view->showNotice(session->error().message, false);
        }
        break;
    }
    case ChatSession::Outcome::CutOff:
        m_view->endReply(ViewMessage::State::CutOff, tr("The reply was cut off: %1").arg(session->error().message));
        break;
    case ChatSession::Outcome::Failed:
    case ChatSession::Outcome::None:
        m_view->endReply(ViewMessage::State::Failed,
                         session->ok() ? QString() : tr("No reply: %1").arg(session->error().message));
        break;
    }
}

void MainWindow::showExportDialog()
{
    if (!m_setup.secrets) {
        return;
    }
    ExportDialog::Setup setup;
    setup.engine = m_setup.engine;
    setup.enforcer = m_setup.enforcer;
    setup.secrets = m_setup.secrets;
    setup.databasePath = m_setup.databasePath;
    setup.appVersion = m_setup.appVersion;
    setup.network = m_setup.network;
    for (const providers::ProviderConfig& provider : m_setup.providers) {
        setup.providers << provider.id;
    }
    if (m_history) {
        setup.passphrase = m_history->passphraseSource();
    }
    auto* dialog = new ExportDialog(std::move(setup), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showWorkspaces(const QList<history::Workspace>& workspaces)
{
    const qint64 chosen = m_history->workspace().value_or(-1);
    const QSignalBlocker blocker(m_workspacePicker);
    m_workspacePicker->clear();
    m_workspacePicker->addItem(tr("All conversations"), qint64(-1));
    for (const history::Workspace& workspace : workspaces) {
        m_workspacePicker->addItem(workspace.name, qint64(workspace.id));
    }
    const int index = m_workspacePicker->findData(chosen);
    if (index < 0 && chosen >= 0) {
        // The chosen workspace is gone (removed in the Workspaces dialog): back to every conversation.
        m_history->setWorkspace(std::nullopt);
        newConversation();
        refreshList();
    }
    m_workspacePicker->setCurrentIndex(std::max(0, index));
}

WorkspacesDialog* MainWindow::showWorkspacesDialog()
{
    if (!m_history || !m_setup.secrets) {
        return nullptr;
    }
    if (!m_workspacesDialog) {
        m_workspacesDialog = new WorkspacesDialog(m_history, *m_setup.secrets, this);
        m_workspacesDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_workspacesDialog->show();
    m_workspacesDialog->raise();
    return m_workspacesDialog;
}

void MainWindow::showFirstRun(bool show)
{
    m_conversationArea->setCurrentWidget(show ? static_cast<QWidget*>(m_firstRun) : m_view);
}

bool MainWindow::isFirstRunShown() const
{
    return m_conversationArea->currentWidget() == m_firstRun;
}

void MainWindow::setPolicyBadge(const QString& summary)
{
    m_policyBadge->setText(QStringLiteral("<a href=\"veil:policy\">%1</a>").arg(summary.toHtmlEscaped()));
}

PolicyDialog* MainWindow::showPolicyDialog()
{
    if (!m_policyDialog) {
        PolicyDialog::Setup setup;
        setup.managed = m_setup.managed;
        setup.enforcer = m_setup.enforcer;
        setup.engine = m_setup.engine;
        setup.cacheDir = m_setup.policyCacheDir;
        setup.stateDir = m_setup.policyStateDir;
        setup.refresher = m_refresher;
        m_policyDialog = new PolicyDialog(std::move(setup), this);
        m_policyDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_policyDialog->show();
    m_policyDialog->raise();
    return m_policyDialog;
}

AuditLogDialog* MainWindow::showAuditLog()
{
    if (!m_history) {
        return nullptr;
    }
    if (!m_auditLog) {
        m_auditLog = new AuditLogDialog(m_history, this);
        m_auditLog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_auditLog->show();
    m_auditLog->raise();
    return m_auditLog;
}

ProvidersDialog* MainWindow::showProviders()
{
    if (!m_setup.secrets) {
        return nullptr;
    }
    if (!m_providersDialog) {
        const QString path
            = m_setup.providersPath.isEmpty() ? chat::ProviderRegistry::defaultPath() : m_setup.providersPath;
        m_providersDialog = new ProvidersDialog(*m_setup.secrets, path, this);
        m_providersDialog->setAttribute(Qt::WA_DeleteOnClose);
        m_providersDialog->setPolicy(m_setup.enforcer);
        connect(m_providersDialog, &ProvidersDialog::providersChanged, this, [this, path] {
            chat::ProviderRegistry registry(path);
            if (const Status loaded = registry.load(); !loaded) {
                statusBar()->showMessage(tr("Your providers cannot be read: %1").arg(loaded.error().message));
                return;
            }
            m_setup.providers = registry.all();
            const QString chosen = m_picker->currentProvider() ? m_picker->currentProvider()->id : QString();
            m_picker->setProviders(m_setup.providers, m_setup.enforcer);
            if (!chosen.isEmpty()) {
                m_picker->choose(chosen);
            }
            updateAvailability();
        });
        connect(m_providersDialog, &ProvidersDialog::keyWritten, this, [this](const QString& provider, bool ok) {
            if (ok && m_history) {
                m_history->recordKeySet(provider);
            }
        });
    }
    m_providersDialog->show();
    m_providersDialog->raise();
    return m_providersDialog;
}

PassphraseDialog* MainWindow::askPassphrase()
{
    if (!m_history) {
        return nullptr;
    }
    if (!m_passphraseDialog) {
        m_passphraseDialog = new PassphraseDialog(m_history, this);
        m_passphraseDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_passphraseDialog->show();
    m_passphraseDialog->raise();
    return m_passphraseDialog;
}

} // namespace veil::app
