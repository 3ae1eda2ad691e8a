#include "common/Job.h"

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
    Q_EMIT finished(this);
}

} // namespace veil
