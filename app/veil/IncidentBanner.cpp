#include "veil/IncidentBanner.h"

#include "export/ExportUploader.h"
#include "export/IncidentLedger.h"
#include "export/IncidentResponder.h"
#include "history/Database.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QSysInfo>
#include <QVBoxLayout>

#include <algorithm>

namespace veil::app {

using exports::Exporter;
using exports::IncidentLedger;
using exports::IncidentResponder;

namespace {

QString day(const QDateTime& at)
{
    return QLocale().toString(at.toUTC().date(), QLocale::ShortFormat);
}

} // namespace

IncidentBanner::IncidentBanner(Setup setup, QWidget* parent)
    : QFrame(parent)
    , m_setup(std::move(setup))
{
    if (m_setup.ledgerPath.isEmpty()) {
        m_setup.ledgerPath = IncidentLedger::defaultPath();
    }
    setObjectName(QStringLiteral("incidentBanner"));
    setAccessibleName(tr("Incident request"));
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(QStringLiteral("#incidentBanner { background: #e3f2fd; color: #0d3c61; }"));

    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("incidentText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("incidentProgress"));
    m_progress->setAccessibleName(tr("Incident export progress"));
    m_progress->hide();
    m_respond = new QPushButton(tr("Export and upload"), this);
    m_respond->setObjectName(QStringLiteral("incidentRespond"));
    m_notNow = new QPushButton(tr("Not now"), this);
    m_notNow->setObjectName(QStringLiteral("incidentNotNow"));
    connect(m_respond, &QPushButton::clicked, this, &IncidentBanner::respond);
    connect(m_notNow, &QPushButton::clicked, this, &IncidentBanner::dismiss);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_progress, 1);
    buttons->addStretch();
    buttons->addWidget(m_respond);
    buttons->addWidget(m_notNow);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addLayout(buttons);
    hide();
}

IncidentBanner::~IncidentBanner()
{
    // No result to show any more: cancel quietly (an upload cut off here leaves the request pending).
    for (Job* job : std::initializer_list<Job*>{m_opening, m_responder}) {
        if (job) {
            job->disconnect(this);
            job->abort();
        }
    }
}

bool IncidentBanner::isRunning() const
{
    return m_opening || m_responder;
}

QString IncidentBanner::text() const
{
    return m_text->text();
}

void IncidentBanner::refresh()
{
    if (isRunning() || m_showingResult) {
        return;
    }
    const IncidentLedger ledger(m_setup.ledgerPath);
    auto pending = IncidentResponder::pending(m_setup.enforcer, ledger);
    if (!pending) {
        m_incident.reset();
        m_text->setText(tr("The incident ledger cannot be read: %1").arg(pending.error().message));
        m_respond->hide();
        m_notNow->setText(tr("Close"));
        setVisible(!m_dismissed);
        return;
    }
    m_incident = pending.value();
    if (!m_incident || m_dismissed) {
        hide();
        return;
    }
    const QString until = m_incident->until.isValid() ? day(m_incident->until.addMSecs(-1)) : tr("now");
    m_text->setText(
        tr("%1 asks for an export of your redacted history for incident %2, from %3 to %4, encrypted to them and "
           "uploaded to %5.")
            .arg(m_setup.enforcer.orgId(), m_incident->id, day(m_incident->since), until,
                 exports::ExportUploader::displayUrl(m_incident->uploadUrl)));
    m_respond->show();
    m_respond->setEnabled(true);
    m_notNow->setText(tr("Not now"));
    m_progress->hide();
    show();
    if (m_incident->automatic && !m_autoStarted) {
        m_autoStarted = true;
        respond();
    }
}

void IncidentBanner::dismiss()
{
    if (m_opening) {
        m_opening->abort();
    }
    if (m_responder) {
        m_responder->abort();
        return; // finished() follows and says where things stand
    }
    m_dismissed = true;
    m_showingResult = false;
    hide();
}

void IncidentBanner::showResult(const QString& sentence)
{
    m_showingResult = true;
    m_text->setText(sentence);
    m_progress->hide();
    m_respond->hide();
    m_notNow->setText(tr("Close"));
    m_notNow->setEnabled(true);
    show();
}

void IncidentBanner::respond()
{
    if (!m_incident || isRunning() || !m_setup.secrets) {
        return;
    }
    const policy::IncidentRequest incident = *m_incident;
    const int64_t now = QDateTime::currentMSecsSinceEpoch();
    auto prepared = IncidentResponder::prepare(m_setup.enforcer, incident, now);
    if (!prepared) {
        showResult(tr("The incident export cannot be made: %1").arg(prepared.error().message));
        Q_EMIT responseFinished(false);
        return;
    }
    IncidentResponder::Request request;
    request.incident = incident;
    request.orgId = m_setup.enforcer.orgId();
    request.exportOptions = prepared.value();
    Exporter::Options& options = request.exportOptions;
    options.policyMode = policy::PolicyEnforcer::modeName(m_setup.enforcer.mode());
    options.appVersion = m_setup.appVersion;
    options.device = QSysInfo::machineHostName();
    QString folder = m_setup.outFolder;
    if (folder.isEmpty()) {
        folder
            = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/veil/incidents");
    }
    if (!QDir().mkpath(folder)
        || !QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner)) {
        showResult(tr("The folder %1 cannot be created for the incident export.").arg(folder));
        Q_EMIT responseFinished(false);
        return;
    }
    const QString name = IncidentResponder::fileName(incident.id, options.device, now);
    options.outPath = folder + QLatin1Char('/') + name;
    for (int n = 2; QFileInfo::exists(options.outPath) && n < 100; ++n) {
        options.outPath
            = folder + QLatin1Char('/') + name.chopped(int(qstrlen(".tar.age"))) + QStringLiteral("-%1.tar.age").arg(n);
    }
    request.uploadFileName = QFileInfo(options.outPath).fileName();

    m_respond->setEnabled(false);
    m_notNow->setText(tr("Cancel"));
    m_progress->setRange(0, 0);
    m_progress->show();
    m_text->setText(tr("Opening the history for incident %1…").arg(incident.id));

    chat::OpenHistoryJob::Options open;
    open.databasePath = m_setup.databasePath;
    open.askPassphrase = m_setup.passphrase;
    auto* job = new chat::OpenHistoryJob(*m_setup.secrets, std::move(open), this);
    m_opening = job;
    connect(job, &Job::finished, this, [this, job, request] {
        job->deleteLater();
        m_opening = nullptr;
        if (!job->ok()) {
            showResult(job->wasAborted() ? tr("Cancelled; nothing was exported, and the request stays pending.")
                           : job->noHistory()
                           ? tr("There is no history on this machine yet, so there is nothing to "
                                "export for incident %1.")
                                 .arg(request.incident.id)
                           : tr("The history cannot be opened for the incident export: %1").arg(job->error().message));
            Q_EMIT responseFinished(false);
            return;
        }
        QNetworkAccessManager* network = m_setup.network;
        if (!network) {
            if (!m_ownNetwork) {
                m_ownNetwork = new QNetworkAccessManager(this);
            }
            network = m_ownNetwork;
        }
        auto* responder = new IncidentResponder(job->takeDatabase(), m_setup.engine, request,
                                                IncidentLedger(m_setup.ledgerPath), network, this);
        m_responder = responder;
        m_text->setText(tr("Exporting your redacted history for incident %1…").arg(request.incident.id));
        connect(responder, &IncidentResponder::exportProgress, this,
                [this](Exporter::Phase, qint64 done, qint64 total) {
                    m_progress->setRange(0, int(std::min<qint64>(total, 1 << 30)));
                    m_progress->setValue(int(std::min<qint64>(done, 1 << 30)));
                });
        connect(responder, &IncidentResponder::uploadStarted, this, [this, responder] {
            m_progress->setRange(0, 0);
            m_text->setText(tr("Uploading the encrypted export to %1…")
                                .arg(exports::ExportUploader::displayUrl(responder->target())));
        });
        connect(responder, &IncidentResponder::uploadProgress, this, [this](qint64 sent, qint64 total) {
            if (total > 0) {
                m_progress->setRange(0, 1000);
                m_progress->setValue(int(sent * 1000 / total));
            }
        });
        connect(responder, &Job::finished, this, [this, responder] {
            responder->deleteLater();
            m_responder = nullptr;
            const QString where = exports::ExportUploader::displayUrl(responder->target());
            if (responder->ok()) {
                showResult(tr("Incident %1 is answered: the encrypted export was uploaded to %2, and the local file "
                              "is kept at %3.")
                               .arg(m_incident ? m_incident->id : QString(), where, responder->summary().path));
                Q_EMIT responseFinished(true);
                return;
            }
            if (responder->exported()) {
                showResult(tr("The upload to %1 failed (%2); the local file is kept at %3, and the request stays "
                              "pending.")
                               .arg(where, responder->error().message, responder->summary().path));
            } else {
                showResult(responder->wasAborted()
                               ? tr("Cancelled; no file was written, and the request stays pending.")
                               : tr("The incident export failed: %1").arg(responder->error().message));
            }
            Q_EMIT responseFinished(false);
        });
        responder->start();
    });
    job->start();
}

} // namespace veil::app
