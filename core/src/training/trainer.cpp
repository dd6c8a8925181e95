// The generator's training loop: AdamW with warm-up + cosine decay, gradient clipping, EMA
// weights (what ships), random crops, periodic checkpoints with everything --resume needs.

#include "network/checkpoint.h"
#include "training/diffusion_loss.h"
#include "text/text_encoder_weights.h"
#include "training/training_inputs.h"
#include "training/training_loop.h"
#include "training/training_schedule.h"
#include "training/training_set.h"

#include "stepmotion/core/formats/file_paths.h"
#include "stepmotion/core/formats/atomic_file.h"
#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/training/training.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace stepmotion {
namespace {

namespace fs = std::filesystem;
using namespace model;

constexpr const char* kStateFileName = "training_state.pt";
constexpr const char* kLogFileName = "train_log.csv";
constexpr int kValidationClips = 128;
constexpr double kGradientClip = 1.0;

std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

ModelConfig chooseConfig(const TrainOptions& options, int tokenizerVocab)
{
    const std::string initConfig = options.initModel.empty() ? std::string() : joinPath(options.initModel, "config.json");
    ModelConfig config = !options.configPath.empty() ? configFromJson(readWholeFile(options.configPath), options.configPath)
                         : !initConfig.empty()      ? configFromJson(readWholeFile(initConfig), initConfig)
                                                    : defaultConfig(Variant::Full);
    if (!initConfig.empty() && config.vocabSize != tokenizerVocab)
        throw fileError(initConfig, "has a vocabulary of " + std::to_string(config.vocabSize)
                                        + " but the tokenizer holds " + std::to_string(tokenizerVocab)
                                        + " pieces: fine-tune with the model's own tokenizer.model");
    if (!options.variant.empty())
        config.blocks = blocksForVariant(variantFromName(options.variant));
    config.vocabSize = tokenizerVocab; // the tokenizer decides the vocabulary
    config.validate(options.configPath.empty() ? "default config" : options.configPath);
    return config;
}

SamplingPolicy policyFor(const TrainOptions& options, const ConditionBlocks& blocks)
{
    SamplingPolicy policy;
    // Dropping a path the variant does not have would only add unconditional samples.
    policy.coarseDropout = blocks.useCoarse && blocks.useFine ? options.coarseDropout : 0.0;
    policy.stepsDropout = blocks.useCoarse && blocks.useFine ? options.stepsDropout : 0.0;
    policy.paraphraseChance = options.paraphraseChance;
    policy.chainChance = blocks.useFine ? options.chainChance : 0.0; // a chain is its steps
    policy.balanceSteps = options.balanceSteps;
    policy.captionSteps = options.captionSteps;
    return policy;
}

void validateOptions(const TrainOptions& o)
{
    if (o.dataDir.empty() || o.outDir.empty() || o.tokenizerPath.empty())
        throw Error("training needs a dataset directory, an output directory and a tokenizer model");
    if (o.steps < 1 || o.batchSize < 1 || o.checkpointEvery < 1 || o.logEvery < 1 || o.warmupSteps < 0)
        throw Error("training: steps, batch size, checkpoint and log intervals must be at least 1");
    if (!(o.learningRate > 0) || o.weightDecay < 0 || o.emaDecay < 0 || o.emaDecay >= 1)
        throw Error("training: learning rate must be > 0, weight decay >= 0, EMA decay in [0, 1)");
    if (o.paraphraseChance < 0 || o.paraphraseChance > 1 || o.chainChance < 0 || o.chainChance > 1)
        throw Error("paraphrase and chain chances must lie in [0, 1]");
    if (o.balanceSteps < 0 || o.balanceSteps > 1)
        throw Error("training: --balance-steps must lie in [0, 1]");
    if (o.captionSteps < 0 || o.captionSteps > 1)
        throw Error("training: --caption-steps must lie in [0, 1]");
    if (o.coarseDropout < 0 || o.stepsDropout < 0 || o.coarseDropout + o.stepsDropout > 1)
        throw Error("training: text dropouts must be >= 0 and sum to at most 1");
}

struct Networks {
    FineMotionDiffuse model{nullptr}; // trained
    FineMotionDiffuse ema{nullptr};   // exponential moving average: what the checkpoint ships
};

void updateEma(FineMotionDiffuse& ema, FineMotionDiffuse& model, double decay)
{
    torch::NoGradGuard noGrad;
    auto target = ema->parameters();
    auto source = model->parameters();
    for (std::size_t i = 0; i < target.size(); ++i)
        target[i].mul_(decay).add_(source[i].detach(), 1.0 - decay);
}

void copyWeights(FineMotionDiffuse& to, FineMotionDiffuse& from)
{
    torch::NoGradGuard noGrad;
    auto target = to->parameters();
    auto source = from->parameters();
    for (std::size_t i = 0; i < target.size(); ++i)
        target[i].copy_(source[i]);
}

std::vector<torch::optim::OptimizerParamGroup> parameterGroups(FineMotionDiffuse& model, const TrainOptions& o)
{
    // No weight decay on biases, norms, embeddings' null token and the time-aligned beta.
    std::vector<torch::Tensor> decay, noDecay;
    for (const auto& p : model->parameters())
        (p.dim() >= 2 ? decay : noDecay).push_back(p);
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(
                                   torch::optim::AdamWOptions(o.learningRate).weight_decay(o.weightDecay)));
    groups.emplace_back(noDecay,
                        std::make_unique<torch::optim::AdamWOptions>(torch::optim::AdamWOptions(o.learningRate).weight_decay(0)));
    return groups;
}

void saveState(const std::string& dir, int step, Networks& nets, torch::optim::AdamW& optimiser)
{
    const std::string path = joinPath(dir, kStateFileName);
    std::ostringstream bytes;
    try {
        torch::serialize::OutputArchive archive;
        archive.write("step", c10::IValue(static_cast<int64_t>(step)));
        archive.write("config", c10::IValue(configToJson(nets.model->config())));
        torch::serialize::OutputArchive weights;
        for (const auto& item : nets.model->named_parameters())
            weights.write(item.key(), item.value().detach().to(torch::kCPU));
        archive.write("model", weights);
        torch::serialize::OutputArchive moments;
        optimiser.save(moments);
        archive.write("optimizer", moments);
        archive.save_to(bytes);
    } catch (const c10::Error& e) {
        throw fileError(path, "cannot serialise the training state: " + firstLine(e.msg()));
    }
    // The EMA checkpoint first: if the state write is interrupted, both files still match a step.
    saveCheckpoint(dir, nets.ema);
    writeFileAtomically(path, bytes.str());
}

int loadState(const std::string& dir, Networks& nets, torch::optim::AdamW& optimiser, const torch::Device& device)
{
    const std::string path = joinPath(dir, kStateFileName);
    if (!fs::exists(path))
        throw fileError(path, "--resume: no training state here (start without --resume)");
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(path, device);
    } catch (const std::exception& e) {
        throw fileError(path, "cannot read the training state: " + firstLine(e.what()));
    }
    c10::IValue step, config;
    if (!archive.try_read("step", step) || !step.isInt() || !archive.try_read("config", config) || !config.isString())
        throw fileError(path, "not a StepMotion training state");
    const ModelConfig stored = configFromJson(config.toStringRef(), path + " (stored config)");
    const std::string differences = describeConfigDifferences(nets.model->config(), stored);
    if (!differences.empty())
        throw fileError(path, "was saved with a different model config (now vs then: " + differences + ")");
    torch::serialize::InputArchive weights, moments;
    if (!archive.try_read("model", weights) || !archive.try_read("optimizer", moments))
        throw fileError(path, "truncated training state (weights or optimiser missing)");
    {
        torch::NoGradGuard noGrad;
        for (auto& item : nets.model->named_parameters()) {
            torch::Tensor t;
            if (!weights.try_read(item.key(), t) || t.sizes() != item.value().sizes())
                throw fileError(path, "missing or wrongly shaped tensor '" + item.key() + "'");
            item.value().copy_(t);
        }
    }
    try {
        optimiser.load(moments);
    } catch (const c10::Error& e) {
        throw fileError(path, "cannot restore the optimiser: " + firstLine(e.msg()));
    }
    FineMotionDiffuse ema = loadCheckpoint(dir);
    ema->to(device);
    copyWeights(nets.ema, ema);
    return static_cast<int>(step.toInt());
}

// Diffusion loss at fixed timesteps and noise: comparable from one checkpoint to the next.
double validationLoss(FineMotionDiffuse& model, const DiffusionSchedule& schedule, const TrainingBatch& batch)
{
    torch::NoGradGuard noGrad;
    model->eval();
    auto generator = at::detail::createCPUGenerator(4321);
    const auto condition = model->encode(batch.condition);
    double total = 0;
    const int timesteps[] = {50, 200, 400, 600, 800, 950};
    for (const int t : timesteps) {
        const auto ts = torch::full({batch.motion.size(0)}, t, batch.motion.options().dtype(torch::kLong));
        const auto noise = torch::randn(batch.motion.sizes(), generator, torch::TensorOptions()).to(batch.motion.device());
        const auto prediction = model->denoise(schedule.qSample(batch.motion, ts, noise), ts, condition, batch.framePadding);
        const auto& target = model->config().prediction == PredictionTarget::X0 ? batch.motion : noise;
        total += maskedMse(prediction, target, batch.framePadding).item<double>();
    }
    return total / std::size(timesteps);
}

TrainingBatch toDevice(TrainingBatch batch, const torch::Device& device)
{
    if (device.is_cpu())
        return batch;
    batch.motion = batch.motion.to(device, /*non_blocking=*/true);
    batch.framePadding = batch.framePadding.to(device, true);
    auto& c = batch.condition;
    c.coarseIds = c.coarseIds.to(device, true);
    c.stepIds = c.stepIds.to(device, true);
    c.stepSpans = c.stepSpans.to(device, true);
    c.stepPadding = c.stepPadding.to(device, true);
    return batch;
}

class CsvLog {
public:
    CsvLog(const std::string& path, bool append) : m_path(path)
    {
        const bool fresh = !append || !fs::exists(path);
        m_out.open(path, fresh ? std::ios::trunc : std::ios::app);
        if (!m_out)
            throw fileError(path, "cannot write the training log");
        if (fresh)
            m_out << "step,loss,learning_rate,samples_per_second,elapsed_seconds,validation_loss\n";
    }
    void write(const TrainProgress& p)
    {
        m_out << p.step << ',' << p.loss << ',' << p.learningRate << ',' << p.samplesPerSecond << ','
              << p.elapsedSeconds << ',';
        if (p.validationLoss >= 0)
            m_out << p.validationLoss;
        m_out << '\n' << std::flush;
        if (!m_out)
            throw fileError(m_path, "write error in the training log");
    }

private:
    std::string m_path;
    std::ofstream m_out;
};

// What a run reads before its first step: the texts' tokens, the config, the statistics (the
// dataset's, or those of the model it fine-tunes) and the train and validation sets.
struct RunData {
    TextTokens text;
    ModelConfig config;
    std::string meanPath, stdPath;
    std::unique_ptr<TrainingSet> train, validation;
};

std::unique_ptr<RunData> loadRunData(const TrainOptions& options)
{
    auto d = std::make_unique<RunData>();
    d->text = loadTextTokens(options.tokenizerPath, options.tokenCachePath);
    d->config = chooseConfig(options, d->text.vocabSize);
    const DatasetIndex trainIndex = readDatasetIndex(options.dataDir, "train", options.dataOptions);
    d->meanPath = options.initModel.empty() ? trainIndex.meanPath : joinPath(options.initModel, "Mean.npy");
    d->stdPath = options.initModel.empty() ? trainIndex.stdPath : joinPath(options.initModel, "Std.npy");
    const auto mean = readFeatureStatistic(d->meanPath, d->config.featureDim, false);
    const auto stddev = readFeatureStatistic(d->stdPath, d->config.featureDim, true);
    TrainingTextOptions textOptions;
    textOptions.paraphrases = options.paraphraseChance > 0;
    textOptions.standStillSteps = options.standStillSteps;
    d->train = std::make_unique<TrainingSet>(trainIndex, mean, stddev, d->text.tokenize, d->config, textOptions);
    if (d->train->size() == 0)
        throw Error(options.dataDir + ": the train split has no usable clips");
    if (fs::exists(joinPath(options.dataDir, "val.txt"))) { // the dataset's own texts: comparable across runs
        const DatasetIndex valIndex = readDatasetIndex(options.dataDir, "val", options.dataOptions);
        d->validation = std::make_unique<TrainingSet>(valIndex, mean, stddev, d->text.tokenize, d->config);
    }
    return d;
}

// The trained network and its EMA copy, from the text-encoder or model weights asked for.
Networks buildNetworks(const TrainOptions& options, const ModelConfig& config, const torch::Device& device)
{
    torch::manual_seed(options.seed);
    Networks nets{FineMotionDiffuse(config), FineMotionDiffuse(config)};
    if (!options.textEncoderInit.empty() && !options.resume) {
        auto encoder = nets.model->conditionEncoder()->textEncoder();
        loadTextEncoder(options.textEncoderInit, encoder, config);
    }
    if (!options.initModel.empty() && !options.resume) {
        FineMotionDiffuse init = loadCheckpoint(options.initModel);
        copyWeights(nets.model, init);
    }
    nets.model->to(device);
    nets.ema->to(device);
    copyWeights(nets.ema, nets.model);
    return nets;
}

TrainingLoopSettings loopSettings(const TrainOptions& options)
{
    TrainingLoopSettings loop;
    loop.steps = options.steps;
    loop.warmupSteps = options.warmupSteps;
    loop.peakLearningRate = options.learningRate;
    loop.reportEvery = options.logEvery;
    loop.checkpointEvery = options.checkpointEvery;
    loop.samplesPerStep = options.batchSize;
    loop.maxMinutes = options.maxMinutes;
    loop.gradientClip = kGradientClip;
    return loop;
}

TrainProgress progressOf(const TrainingLoopReport& r)
{
    TrainProgress report;
    report.step = r.step;
    report.totalSteps = r.totalSteps;
    report.loss = r.loss;
    report.learningRate = r.learningRate;
    report.samplesPerSecond = r.samplesPerSecond;
    report.elapsedSeconds = r.elapsedSeconds;
    return report;
}

// The output directory is a complete model directory from the first checkpoint on.
void copyModelFiles(const TrainOptions& options, const RunData& data)
{
    copyFileAtomically(options.tokenizerPath, joinPath(options.outDir, "tokenizer.model"));
    copyFileAtomically(data.meanPath, joinPath(options.outDir, "Mean.npy"));
    copyFileAtomically(data.stdPath, joinPath(options.outDir, "Std.npy"));
}

std::optional<TrainingBatch> validationBatch(const RunData& data, const torch::Device& device)
{
    if (!data.validation || data.validation->size() == 0)
        return std::nullopt;
    return toDevice(data.validation->fixedBatch(0, kValidationClips), device);
}

TrainSummary summaryBefore(const RunData& data, Networks& nets)
{
    TrainSummary summary;
    summary.parameters = parameterCount(*nets.model);
    summary.trainClips = data.train->size();
    summary.validationClips = data.validation ? data.validation->size() : 0;
    return summary;
}

} // namespace

TrainSummary trainModel(const TrainOptions& options, const std::function<void(const TrainProgress&)>& progress,
                        const std::function<bool()>& cancel)
{
    validateOptions(options);
    const torch::Device device = trainingDevice(options.device);
    TrainingLoopSettings loop = loopSettings(options);
    const std::unique_ptr<RunData> data = loadRunData(options);
    makeDirectories(options.outDir);
    Networks nets = buildNetworks(options, data->config, device);
    torch::optim::AdamW optimiser(parameterGroups(nets.model, options));
    loop.firstStep = options.resume ? loadState(options.outDir, nets, optimiser, device) : 0;

    copyModelFiles(options, *data);

    const DiffusionSchedule schedule(data->config);
    const SamplingPolicy policy = policyFor(options, data->config.blocks);
    const auto seed = options.seed + static_cast<uint64_t>(loop.firstStep);
    std::mt19937_64 rng(options.seed * 1000003ULL + static_cast<uint64_t>(loop.firstStep));
    at::Generator generator = device.is_cpu() ? at::detail::createCPUGenerator(seed) : at::globalContext().defaultGenerator(device);
    const std::optional<TrainingBatch> validation = validationBatch(*data, device);
    CsvLog log(joinPath(options.outDir, kLogFileName), options.resume);
    TrainSummary summary = summaryBefore(*data, nets);
    int savedStep = -1;
    const auto checkpoint = [&](int step, TrainProgress& report) {
        if (validation) {
            report.validationLoss = validationLoss(nets.ema, schedule, *validation);
            summary.finalValidationLoss = report.validationLoss;
        }
        saveState(options.outDir, step, nets, optimiser);
        savedStep = step;
    };

    const auto lossAt = [&](int) {
        const TrainingBatch batch = toDevice(data->train->sample(rng, options.batchSize, policy), device);
        nets.model->train();
        return diffusionLoss(nets.model, schedule, batch, generator);
    };
    const auto afterStep = [&](int step) { updateEma(nets.ema, nets.model, emaDecayAt(step - 1, options.emaDecay)); };
    const auto onReport = [&](const TrainingLoopReport& r) {
        TrainProgress report = progressOf(r);
        if (r.checkpoint)
            checkpoint(r.step, report);
        log.write(report);
        if (progress)
            progress(report);
        summary.finalLoss = report.loss;
    };
    const TrainingLoopResult result =
        runTrainingLoop(loop, optimiser, nets.model->parameters(), lossAt, afterStep, onReport, cancel);
    summary.cancelled = result.cancelled;
    if (savedStep != result.step && (result.step < options.steps || !fs::exists(joinPath(options.outDir, kStateFileName)))) {
        TrainProgress report; // stopped early (time limit, cancel) or nothing saved yet: save now
        checkpoint(result.step, report);
    }
    summary.step = result.step;
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - loop.started).count();
    return summary;
}

} // namespace stepmotion
