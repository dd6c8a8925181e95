#pragma once
// The CLI's subcommands. Each returns the process exit code and throws stepmotion::Error
// for anything the user can fix (main prints it).

#include "stepmotion/core/character/character.h"

#include <string>

namespace stepmotion::cli {

/// The complete mapping of a character: from `mappingFile` (guessing what it leaves out) or,
/// when it is empty, guessed. Throws Error naming what stays unmapped.
CharacterMapping mappingFor(const Character& character, const std::string& mappingFile);

int runInfo(int argc, char** argv);    // stepmotion info FILE
int runConvert(int argc, char** argv); // stepmotion convert IN OUT [--to ...]
int runExport(int argc, char** argv); // stepmotion export IN --format F --out FILE
int runCharacter(int argc, char** argv); // stepmotion character FILE [--rig-mapping M] [--write-mapping M]
int runDescribe(int argc, char** argv); // stepmotion describe FILE [--out STEPS.json]
int runDescriberCheck(int argc, char** argv); // stepmotion describer-check DATA_TREE [--set auto|human]
int runVersion();                      // stepmotion --version
int runData(int argc, char** argv);    // stepmotion data build --source SRC --out DIR
int runTrainTokenizer(int argc, char** argv); // stepmotion train-tokenizer --out PREFIX ...
int runBench(int argc, char** argv);   // stepmotion bench generate [--repeats N] ...
int runTrainEvaluator(int argc, char** argv); // stepmotion train-evaluator --data DIR --tokenizer M --out DIR
int runEval(int argc, char** argv);    // stepmotion eval --evaluator DIR --data DIR [--model DIR] ...
int runTrain(int argc, char** argv);   // stepmotion train --data DIR --tokenizer M --out DIR ...
int runPretrainText(int argc, char** argv); // stepmotion pretrain-text --tokenizer M --out F ...
int runGenerate(int argc, char** argv); // stepmotion generate --steps F | --text T --out FILE
int runStudy(int argc, char** argv);    // stepmotion study init|prepare|report|export-csv|simulate DIR ...

} // namespace stepmotion::cli
