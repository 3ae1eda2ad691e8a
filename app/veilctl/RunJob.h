#pragma once

#include "common/Job.h"

#include <QCoreApplication>
#include <QObject>

namespace veil::cli {

/// Starts `job` and runs the application's event loop until it finishes (veilctl's one event loop per job;
/// never a nested loop).
inline void runToCompletion(Job& job)
{
    QObject::connect(&job, &Job::finished, QCoreApplication::instance(), [] { QCoreApplication::exit(0); });
    job.start();
    QCoreApplication::exec();
}

} // namespace veil::cli
