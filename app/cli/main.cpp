// stepmotion — the command-line entry point. It only dispatches to subcommands; the work
// is done by core.

#include "commands.h"

#include "stepmotion/core/runtime/error.h"

#include <cstring>
#include <iostream>
#include <string>

namespace {

void printUsage(std::ostream& out)
{
    out << "usage: stepmotion COMMAND [ARGS]   (stepmotion COMMAND --help: that command's options)\n\n"
           "commands:\n"
           "  info FILE                      frames, fps, joints, duration of a .bvh, .amc (ASF/AMC),\n"
           "                                 .npy, or StepMotion's own .fbx/.gltf/.glb\n"
           "  convert IN OUT [--to KIND]     BVH/npy conversion; KIND = joints|features|bvh\n"
           "                 [--units m|cm]  (BVH output units, default m)\n"
           "  describe FILE [--out S.json]   timed fine-grained steps read off a motion\n"
           "                 [--json]        (rule-based describer; prints a table by default)\n"
           "  describer-check DATA_TREE      body-part recall/precision of the describer against\n"
           "                 [--set auto|human]  FineMotion snippets on the CMU clips (unpack.sh tree)\n"
           "  data build --source SRC --out DIR  HumanML3D-layout training set from the public\n"
           "             [--threads N] [--no-mirror]   sources (unpack.sh tree); --only picks\n"
           "             [--only cmu,bandai-1,bandai-2] some of them\n"
           "  data encode DIR [--threads N]  new_joint_vecs from new_joints (+ missing M mirrors)\n"
           "  data tokenize --tokenizer M --out C.jsonl [--data DIR] [--finemotion DIR]  token cache\n"
           "                                 for train/pretrain-text --token-cache (no sentencepiece)\n"
           "  data stats DIR [--split S]     clips, hours, captions, steps, vocabulary, lengths of a\n"
           "                                 HumanML3D-layout directory (ours or a real HumanML3D)\n"
           "  train-tokenizer --out PREFIX   sentencepiece tokenizer from FineMotion JSON, dataset\n"
           "    [--finemotion DIR] [--data DIR] [--text FILE...] [--vocab 4000]   texts, plain text\n"
           "  pretrain-text --tokenizer M --out F  masked-language-model pre-training of the text\n"
           "    [--data DIR] [--finemotion DIR] [--steps N] [--device cpu|cuda]   encoder\n"
           "  train --data DIR --tokenizer M --out DIR  train the model (AdamW, EMA, checkpoints,\n"
           "    [--config F] [--variant V] [--steps N] [--resume] [--device cpu|cuda] ...  --resume)\n"
           "  generate (--steps F.json | --text \"0-1 s: ...\") --out F.npy|.bvh|.json  motion from\n"
           "    [--coarse S] [--seconds S] [--seed N] [--variants N] [--model DIR]    timed steps\n"
           "  train-evaluator --data DIR --tokenizer M --out DIR  contrastive text-motion evaluator\n"
           "    [--token-cache C] [--steps N] [--batch 64] [--threads N]  (InfoNCE) for `eval`\n"
           "  eval --evaluator E --data D [--model M] [--split test] [--repeats N] [--limit K]  R-Precision,\n"
           "    [--sampling-steps S] [--out results.json]   FID, MM-Dist, Diversity vs ground truth\n"
           "  export IN --format F --out FILE  F = bvh|fbx|fbxa|gltf|glb|npy (FBX, glTF via Assimp;\n"
           "                                 fbxa = ASCII FBX, which Blender cannot open: use fbx)\n"
           "         [--fps N] [--units m|cm] [--rig smpl22|bandai|cmu]   (default 20 fps; m, cm on bandai|cmu)\n"
           "         [--bvh-channels root|rig]   BVH translation on the root only (default) or as the rig's files\n"
           "  export IN --rig-file CHARACTER --out FILE  onto your own character (.fbx/.gltf/.glb/.bvh),\n"
           "         [--rig-mapping MAP.json] [--fps N]   written in its format, names, rest pose and axes\n"
           "  character CHARACTER [--rig-mapping MAP.json] [--write-mapping MAP.json]  which node each of the\n"
           "                                 22 joints goes to, and the character's unit and axes\n"
           "  bench generate [--model DIR]   time full sampling calls (batch 1 and 4); fresh default\n"
           "    [--repeats 5] [--threads N] [--steps 50] [--frames 196]   model without --model\n"
           "  bench peers [--model DIR]      the same clip through MDM, MLD and MotionLCM denoiser shapes\n"
           "                                 and StepMotion, with the ratios\n"
           "  study init DIR --prompts P.json --system ID=MODEL [--system ...] [--ground-truth] [--seeds 1,2]\n"
           "                                 human-evaluation study design (STUDY_DIR/study.json)\n"
           "  study prepare DIR [--threads N]  generate every missing clip (resumable)\n"
           "  study report DIR [--out D] [--include-failed-raters]  win rates, Likert, steps, tags,\n"
           "                                 agreement: markdown + CSV + SVG charts\n"
           "  study export-csv DIR --out F.csv  every response as CSV\n"
           "  study simulate DIR --rater ID --answers N [--seed S] [--careless] [--abort-after K]\n"
           "                                 scripted rater writing through the response log\n"
           "  --version                      version, LibTorch version, CUDA availability\n";
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        printUsage(std::cerr);
        return 2;
    }
    const std::string command = argv[1];
    try {
        if (command == "--version" || command == "version")
            return stepmotion::cli::runVersion();
        if (command == "--help" || command == "-h" || command == "help") {
            printUsage(std::cout);
            return 0;
        }
        if (command == "info")
            return stepmotion::cli::runInfo(argc, argv);
        if (command == "export")
            return stepmotion::cli::runExport(argc, argv);
        if (command == "character")
            return stepmotion::cli::runCharacter(argc, argv);
        if (command == "convert")
            return stepmotion::cli::runConvert(argc, argv);
        if (command == "describe")
            return stepmotion::cli::runDescribe(argc, argv);
        if (command == "describer-check")
            return stepmotion::cli::runDescriberCheck(argc, argv);
        if (command == "data")
            return stepmotion::cli::runData(argc, argv);
        if (command == "train-tokenizer")
            return stepmotion::cli::runTrainTokenizer(argc, argv);
        if (command == "train-evaluator")
            return stepmotion::cli::runTrainEvaluator(argc, argv);
        if (command == "eval")
            return stepmotion::cli::runEval(argc, argv);
        if (command == "train")
            return stepmotion::cli::runTrain(argc, argv);
        if (command == "pretrain-text")
            return stepmotion::cli::runPretrainText(argc, argv);
        if (command == "generate")
            return stepmotion::cli::runGenerate(argc, argv);
        if (command == "study")
            return stepmotion::cli::runStudy(argc, argv);
        if (command == "bench")
            return stepmotion::cli::runBench(argc, argv);
    } catch (const stepmotion::Error& e) {
        std::cerr << "stepmotion " << command << ": " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "stepmotion " << command << ": internal error: " << e.what() << "\n";
        return 3;
    }
    std::cerr << "stepmotion: unknown command '" << command << "'\n\n";
    printUsage(std::cerr);
    return 2;
}
