// Copyright 2026 The asyncsim Authors.
//
// -----------------------------------------------------------------------------
// File: file_output.h
// -----------------------------------------------------------------------------
//
// Writing the files the CLI makes (--trace, --svg) so that they are never
// half-written, and keeping the standard descriptors from being reused for
// them.
//
// `CheckFileWritable(path)` says before a run whether `WriteFileAtomically`
// can create `path` at its end, without touching an existing file.
// `WriteFileAtomically(path, contents)` writes a regular file as a
// temporary file in the same folder, renamed over `path` only once it is
// complete:
//   * `path` holds either its old contents (or does not exist) or all of
//     `contents`, never a part: a failed write (a full disk, EFBIG under
//     `ulimit -f`) removes the temporary file and returns an error.
//   * SIGINT, SIGTERM, SIGHUP and SIGQUIT are held while the file is
//     written and renamed, so a kill then takes effect after the rename,
//     and leaves no temporary file behind.
//   * A `path` that exists and is not a regular file (/dev/null, a FIFO,
//     /dev/stdout) is written in place: a rename would replace it.
//
// `GuardStandardDescriptors()`, first thing in `main`: a descriptor 0, 1 or
// 2 that the caller closed (`asyncsim ... >&-`) is opened on /dev/null
// read-only. A file the program opens later can then never be given
// descriptor 1 and receive stdout, and a write to the closed stream fails
// (EBADF), which the CLI reports as for any failed write.
//
// Example:
//
//   if (absl::Status s = CheckFileWritable(path); !s.ok()) return s;
//   ... run ...
//   return WriteFileAtomically(path, RenderSvg(recording));

#ifndef ASYNCSIM_CLI_FILE_OUTPUT_H_
#define ASYNCSIM_CLI_FILE_OUTPUT_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace asyncsim::cli {

// OK if `path` names a file that can be created or replaced: its folder
// exists and is writable, and it is not a folder. Error messages say why,
// as strerror does ("Permission denied").
absl::Status CheckFileWritable(const std::string& path);

// Replaces `path` with `contents`, completely or not at all (see above).
absl::Status WriteFileAtomically(const std::string& path,
                                 std::string_view contents);

// Opens each of descriptors 0, 1 and 2 that is closed on /dev/null,
// read-only.
void GuardStandardDescriptors();

}  // namespace asyncsim::cli

#endif  // ASYNCSIM_CLI_FILE_OUTPUT_H_
