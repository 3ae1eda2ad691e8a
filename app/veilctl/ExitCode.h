#pragma once

namespace veil::cli {

/// veilctl's exit codes (DESIGN.md, veilctl).
enum ExitCode : int {
    Ok = 0,
    Usage = 1,
    /// `veilctl scan` found something (pre-commit and CI read any non-zero status as a failure).
    FindingsFound = 1,
    Blocked = 2,
    VerificationFailed = 3,
    Unavailable = 4,
    Other = 5,
    /// Cancelled by SIGINT (128 + 2, as a shell reports a process the signal ended); SIGTERM gives 143.
    Interrupted = 130,
};

} // namespace veil::cli
