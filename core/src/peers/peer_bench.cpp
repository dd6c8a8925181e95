// The peers' sampling loops around their denoiser shapes: the tensor work per clip that each
// system's paper describes (steps, guidance batch, VAE decode), timed like benchGeneration.

#include "stepmotion/core/peers/peer_bench.h"

#include "network/fine_motion_diffuse.h"
#include "peers/mdm_denoiser.h"
#include "peers/mld_decoder.h"
#include "peers/mld_denoiser.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/generation/generation_bench.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>

namespace stepmotion {
namespace {

using model::peers::MdmDenoiser;
using model::peers::MldDecoder;
using model::peers::MldDenoiser;

constexpr int kTrainSteps = 1000;
constexpr int kFeatures = 263;

/// Cumulative alpha of a linear beta schedule over kTrainSteps: [kTrainSteps].
torch::Tensor alphaBars()
{
    return torch::cumprod(1.0 - torch::linspace(1e-4, 0.02, kTrainSteps), 0);
}

/// `steps` evenly spaced timesteps from the noisiest down.
std::vector<int64_t> timesteps(int steps)
{
    std::vector<int64_t> t;
    for (int i = 0; i < steps; ++i)
        t.push_back((kTrainSteps - 1) - static_cast<int64_t>(i) * kTrainSteps / steps);
    return t;
}

/// One deterministic DDIM update from x at step `i` given the predicted x0.
torch::Tensor ddimUpdate(const torch::Tensor& x, const torch::Tensor& x0, const torch::Tensor& bars,
                         const std::vector<int64_t>& t, std::size_t i)
{
    const double ab = bars[t[i]].item<double>();
    const double prev = i + 1 < t.size() ? bars[t[i + 1]].item<double>() : 1.0;
    const torch::Tensor eps = (x - std::sqrt(ab) * x0) / std::sqrt(1.0 - ab);
    return std::sqrt(prev) * x0 + std::sqrt(1.0 - prev) * eps;
}

/// x0 from a noise prediction.
torch::Tensor fromNoise(const torch::Tensor& x, const torch::Tensor& eps, double ab)
{
    return (x - std::sqrt(1.0 - ab) * eps) / std::sqrt(ab);
}

/// Classifier-free guidance on a [2B] batch: cond (first half) pushed away from uncond.
torch::Tensor guide(const torch::Tensor& both, double scale)
{
    const auto halves = both.chunk(2, 0);
    return halves[1] + scale * (halves[0] - halves[1]);
}

PeerTiming timeClips(PeerTiming row, int repeats, const std::function<void()>& clip)
{
    clip(); // warm-up
    std::vector<double> seconds;
    for (int r = 0; r < repeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        clip();
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    const GenerationTiming timing = summariseTiming(1, std::move(seconds));
    row.median = timing.median;
    row.min = timing.min;
    row.max = timing.max;
    return row;
}

PeerTiming benchMdm(const PeerBenchOptions& options)
{
    MdmDenoiser net(model::peers::MdmSize{});
    net->eval();
    const torch::Tensor bars = alphaBars();
    const auto t = timesteps(50);
    const torch::Tensor text = torch::cat({torch::randn({1, 512}), torch::zeros({1, 512})}); // cond, masked
    PeerTiming row{"MDM", "8 x 512 transformer over 1 + F tokens, predicts x0", 50, "ddim",
                   model::parameterCount(*net)};
    return timeClips(row, options.repeats, [&] {
        torch::Tensor x = torch::randn({1, options.frames, kFeatures});
        for (std::size_t i = 0; i < t.size(); ++i) {
            const torch::Tensor x0 = guide(net(x.repeat({2, 1, 1}), torch::full({2}, t[i], torch::kLong), text),
                                           options.guidanceScale);
            x = ddimUpdate(x, x0, bars, t, i);
        }
    });
}

/// MLD (50 DDIM steps, guided batch of 2) or MotionLCM (4 consistency steps, guidance embedded),
/// both followed by the VAE decode.
PeerTiming benchLatent(const PeerBenchOptions& options, bool consistency)
{
    model::peers::MldSize size;
    size.guidanceEmbedding = consistency;
    MldDenoiser net(size);
    MldDecoder decoder(size.transformer, kFeatures);
    net->eval();
    decoder->eval();
    const torch::Tensor bars = alphaBars();
    const int steps = consistency ? 4 : 50;
    const auto t = timesteps(steps);
    const int batch = consistency ? 1 : 2;
    const torch::Tensor text = consistency ? torch::randn({1, 768})
                                           : torch::cat({torch::randn({1, 768}), torch::zeros({1, 768})});
    const torch::Tensor w = torch::full({batch}, options.guidanceScale);
    PeerTiming row{consistency ? "MotionLCM" : "MLD",
                   "9 x 256 skip transformer on a 1 x 256 latent + 9 x 256 VAE decoder over F tokens", steps,
                   consistency ? "consistency" : "ddim", model::parameterCount(*net) + model::parameterCount(*decoder)};
    return timeClips(row, options.repeats, [&] {
        torch::Tensor z = torch::randn({1, size.latentTokens, size.transformer.width});
        for (std::size_t i = 0; i < t.size(); ++i) {
            const double ab = bars[t[i]].item<double>();
            const torch::Tensor input = z.repeat({batch, 1, 1});
            torch::Tensor eps = net(input, torch::full({batch}, t[i], torch::kLong), text, w);
            if (!consistency)
                eps = guide(eps, options.guidanceScale);
            const torch::Tensor z0 = fromNoise(z, eps, ab);
            if (consistency) { // a consistency step jumps to x0 and re-noises to the next level
                const double prev = i + 1 < t.size() ? bars[t[i + 1]].item<double>() : 1.0;
                z = std::sqrt(prev) * z0 + std::sqrt(1.0 - prev) * torch::randn_like(z0);
            } else {
                z = ddimUpdate(z, z0, bars, t, i);
            }
        }
        decoder(z, options.frames);
    });
}

PeerTiming benchStepMotion(const PeerBenchOptions& options, int steps, Sampler sampler)
{
    GenerationBenchOptions bench;
    bench.modelDir = options.modelDir;
    bench.frames = options.frames;
    bench.samplingSteps = steps;
    bench.sampler = sampler;
    bench.guidanceScale = options.guidanceScale;
    bench.repeats = options.repeats;
    bench.batches = {1};
    const GenerationBenchResult result = benchGeneration(bench);
    const GenerationTiming& timing = result.timings.front();
    return {"StepMotion", stepCompositionName(bench.composition) + " composition, text encoder included, 4-frame patches",
            steps, samplerName(sampler), result.parameterCount, timing.median, timing.min, timing.max};
}

} // namespace

std::vector<PeerTiming> benchPeers(const PeerBenchOptions& options, const std::function<void(const PeerTiming&)>& onTiming)
{
    if (options.frames < 1 || options.repeats < 1)
        throw Error("peer bench: frames and repeats must be at least 1");
    torch::manual_seed(0);
    c10::InferenceMode inference;
    std::vector<PeerTiming> rows;
    const auto add = [&](PeerTiming row) {
        rows.push_back(std::move(row));
        if (onTiming)
            onTiming(rows.back());
    };
    add(benchMdm(options));
    add(benchLatent(options, false));
    add(benchLatent(options, true));
    add(benchStepMotion(options, 50, Sampler::Ddim));
    add(benchStepMotion(options, 10, Sampler::DpmSolver));
    add(benchStepMotion(options, 5, Sampler::DpmSolver)); // Studio's live preview
    return rows;
}

} // namespace stepmotion
