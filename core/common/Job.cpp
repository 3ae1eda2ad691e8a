#include "common/Job.h"
#include "common/Logging.h"

#include <QMetaObject>

namespace veil {

Job::Job(QObject* parent)
    : QObject(parent)
{
}

Job::~Job() = default;

void Job::start()
{
    if (m_state != State::Idle) {
        return;
    }
    m_state = State::Running;
    qCDebug(lcJobs) << metaObject()->className() << "started";
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_state == State::Running) {
                run();
            }
        },
        Qt::QueuedConnection);
}

void Job::abort()
{
    if (m_state == State::Finished) {
        return;
    }
    m_aborted = true;
    if (m_state == State::Running) {
        cancel();
    }
    fail(Error{Error::Code::Cancelled, tr("The operation was cancelled.")});
}

void Job::succeed()
{
    if (m_state == State::Finished) {
        return;
    }
    emitFinished();
}

void Job::fail(Error error)
{
    if (m_state == State::Finished) {
        return;
    }
    m_error = std::move(error);
    emitFinished();
}

void Job::emitFinished()
{
    m_state = State::Finished;
    // The error's code only: its message is for people, and the job's data stays out of the log.
    qCDebug(lcJobs) << metaObject()->className() << (m_error ? "failed, code" : "succeeded")
                    << (m_error ? int(m_error->code) : 0);
    Q_EMIT finished(this);
}

} // namespace veil
