#pragma once

namespace veil::app {

/// Keeps secrets in this process's memory out of core files and away from other processes of the same user:
/// sets RLIMIT_CORE to 0 (soft and hard, so a child cannot raise it again) and marks the process not dumpable
/// (PR_SET_DUMPABLE 0: no core file, no ptrace attach and no /proc/PID/mem by other processes of the same
/// user). Called first thing in main() of both programs, in every build type (DESIGN.md, Secrets; KeePassXC's
/// Bootstrap does the same): a developer who needs a debugger starts the program under it, or attaches as
/// root. Returns false when either call failed (the programs go on; nothing secret has been loaded yet).
bool disableCoreDumps();

} // namespace veil::app
