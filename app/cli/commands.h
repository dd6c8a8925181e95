#pragma once
// The CLI's subcommands. Each returns the process exit code and throws stepmotion::Error
// for anything the user can fix (main prints it).

namespace stepmotion::cli {

int runInfo(int argc, char** argv);    // stepmotion info FILE
int runConvert(int argc, char** argv); // stepmotion convert IN OUT [--to ...]
int runVersion();                      // stepmotion --version
int runData(int argc, char** argv);    // stepmotion data build --source SRC --out DIR

} // namespace stepmotion::cli
