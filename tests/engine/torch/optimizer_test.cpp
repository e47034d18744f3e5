#include "lrscope/engine/input_error.h"
#include "lrscope/engine/model.h"
#include "lrscope/engine/optimizer.h"

#include "optimizer_impl.h"

#include <gtest/gtest.h>

namespace lrscope::engine {
namespace {

TEST(Optimizer, OneParameterGroupPerLayerGroup) {
  const auto model = Model::create({"mlp", {16, 8}}, {4}, 3, 1);
  for (const OptimizerKind kind :
       {OptimizerKind::Sgd, OptimizerKind::Adam, OptimizerKind::AdamW, OptimizerKind::RmsProp}) {
    OptimizerSpec spec;
    spec.kind = kind;
    const auto optimizer = Optimizer::create(spec, *model, 0.01);
    EXPECT_EQ(optimizer->groupCount(), 3) << toString(kind);
    EXPECT_EQ(optimizer->learningRates(), (std::vector<double>{0.01, 0.01, 0.01}));
  }
}

TEST(Optimizer, SetsLearningRatesPerGroup) {
  const auto model = Model::create({"mlp", {16}}, {4}, 3, 1);
  const auto optimizer = Optimizer::create({}, *model, 0.1);
  optimizer->setLearningRates({0.001, 0.01});
  EXPECT_EQ(optimizer->learningRates(), (std::vector<double>{0.001, 0.01}));
  EXPECT_THROW(optimizer->setLearningRates({0.1}), InputError);
  EXPECT_THROW(optimizer->setLearningRates({0.1, -1.0}), InputError);
  EXPECT_THROW(optimizer->setLearningRate(0.0), InputError);
}

TEST(Optimizer, RejectsBadSettings) {
  const auto model = Model::create({"logreg", {}}, {4}, 3, 1);
  OptimizerSpec spec;
  spec.momentum = 1.5;
  EXPECT_THROW((void)Optimizer::create(spec, *model, 0.1), InputError);
  spec = OptimizerSpec{};
  spec.nesterov = true;
  spec.momentum = 0.0;
  EXPECT_THROW((void)Optimizer::create(spec, *model, 0.1), InputError);
  EXPECT_THROW((void)Optimizer::create(OptimizerSpec{}, *model, -0.1), InputError);
  EXPECT_THROW((void)parseOptimizerKind("lion"), InputError);
}

TEST(OptimizerMomentum, SetsSgdMomentumAndAdamBeta1InEveryGroup) {
  const auto model = Model::create({"mlp", {16}}, {8}, 3, 1);
  OptimizerSpec spec;
  const auto sgd = Optimizer::create(spec, *model, 0.1);
  EXPECT_EQ(sgd->momenta(), (std::vector<double>{0.9, 0.9}));
  sgd->setMomentum(0.85);
  EXPECT_EQ(sgd->momenta(), (std::vector<double>{0.85, 0.85}));
  EXPECT_THROW(sgd->setMomentum(1.0), InputError);

  spec.kind = OptimizerKind::AdamW;
  const auto adamw = Optimizer::create(spec, *model, 0.1);
  adamw->setMomentum(0.95);
  EXPECT_EQ(adamw->momenta(), (std::vector<double>{0.95, 0.95}));
  auto& group = static_cast<torch::optim::AdamWOptions&>(
      adamw->impl().torchOptimizer().param_groups()[1].options());
  EXPECT_EQ(std::get<1>(group.betas()), 0.999); // beta2 untouched

  spec.kind = OptimizerKind::RmsProp;
  const auto rmsprop = Optimizer::create(spec, *model, 0.1);
  EXPECT_THROW(rmsprop->setMomentum(0.9), InputError); // created without momentum
}

} // namespace
} // namespace lrscope::engine
