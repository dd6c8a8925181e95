// The peers' denoiser shapes behind `stepmotion bench peers`: tensor shapes in and out, sizes
// near what their papers report, and one run of the whole comparison on a short clip.

#include "peers/mdm_denoiser.h"
#include "peers/mld_decoder.h"
#include "peers/mld_denoiser.h"
#include "network/fine_motion_diffuse.h"

#include "stepmotion/core/runtime/error.h"
#include "stepmotion/core/peers/peer_bench.h"

#include <QtTest>

#include <torch/torch.h>

using namespace stepmotion;
using namespace stepmotion::model::peers;

class TestPeerShapes : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void mdmPredictsEveryFrame();
    void mldDenoisesTheLatentAndDecodesFrames();
    void skipTransformerMixesTokens();
    void benchRunsEverySystem();
};

void TestPeerShapes::mdmPredictsEveryFrame()
{
    torch::manual_seed(0);
    MdmDenoiser net(MdmSize{});
    net->eval();
    c10::InferenceMode inference;
    const torch::Tensor x0 = net(torch::randn({2, 20, 263}), torch::tensor({999, 10}), torch::randn({2, 512}));
    QCOMPARE(x0.sizes().vec(), (std::vector<int64_t>{2, 20, 263}));
    // MDM's HumanML3D model has 17.9M parameters besides CLIP.
    const double millions = static_cast<double>(model::parameterCount(*net)) / 1e6;
    QVERIFY2(millions > 17.5 && millions < 18.5, qPrintable(QString::number(millions)));
}

void TestPeerShapes::mldDenoisesTheLatentAndDecodesFrames()
{
    torch::manual_seed(0);
    MldSize size;
    MldDenoiser net(size);
    MldDecoder decoder(size.transformer, 263);
    size.guidanceEmbedding = true;
    MldDenoiser lcm(size);
    c10::InferenceMode inference;
    const torch::Tensor z = torch::randn({2, 1, 256});
    const torch::Tensor text = torch::randn({2, 768});
    const torch::Tensor w = torch::full({2}, 2.5);
    QCOMPARE(net(z, torch::tensor({500, 500}), text, w).sizes().vec(), (std::vector<int64_t>{2, 1, 256}));
    QCOMPARE(decoder(z, 37).sizes().vec(), (std::vector<int64_t>{2, 37, 263}));
    // MotionLCM's guidance embedding is an input: two scales give two predictions.
    lcm->eval();
    const torch::Tensor a = lcm(z, torch::tensor({500, 500}), text, torch::full({2}, 2.5));
    const torch::Tensor b = lcm(z, torch::tensor({500, 500}), text, torch::full({2}, 7.5));
    QVERIFY((a - b).abs().max().item<double>() > 1e-4);
    QVERIFY(model::parameterCount(*lcm) > model::parameterCount(*net));
}

void TestPeerShapes::skipTransformerMixesTokens()
{
    torch::manual_seed(0);
    SkipTransformerSize size;
    size.width = 16;
    size.heads = 2;
    size.feedForward = 32;
    SkipTransformer net(size);
    net->eval();
    c10::InferenceMode inference;
    const torch::Tensor tokens = torch::randn({5, 1, 16});
    const torch::Tensor out = net(tokens);
    QCOMPARE(out.sizes().vec(), (std::vector<int64_t>{5, 1, 16}));
    // Each token's output depends on every token (attention), so changing one moves the others.
    torch::Tensor changed = tokens.clone();
    changed[0] += 1.0;
    QVERIFY((net(changed)[4] - out[4]).abs().max().item<double>() > 1e-4);
}

void TestPeerShapes::benchRunsEverySystem()
{
    PeerBenchOptions options;
    options.frames = 8;
    options.repeats = 1;
    const std::vector<PeerTiming> rows = benchPeers(options);
    QCOMPARE(rows.size(), std::size_t(6));
    const std::vector<std::pair<std::string, int>> expected = {
        {"MDM", 50}, {"MLD", 50}, {"MotionLCM", 4}, {"StepMotion", 50}, {"StepMotion", 10}, {"StepMotion", 5}};
    for (std::size_t i = 0; i < rows.size(); ++i) {
        QCOMPARE(rows[i].system, expected[i].first);
        QCOMPARE(rows[i].samplingSteps, expected[i].second);
        QVERIFY(rows[i].median > 0 && rows[i].min <= rows[i].median && rows[i].median <= rows[i].max);
        QVERIFY(rows[i].parameters > 1000000);
    }
    QCOMPARE(rows[4].sampler, std::string("dpm-solver++"));
    QCOMPARE(rows[5].sampler, std::string("dpm-solver++"));
    options.repeats = 0;
    QVERIFY_THROWS_EXCEPTION(Error, benchPeers(options));
}

QTEST_APPLESS_MAIN(TestPeerShapes)
#include "tst_peer_shapes.moc"
