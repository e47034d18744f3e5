#include "lrscope/engine/input_error.h"
#include "lrscope/engine/model.h"
#include "lrscope/engine/optimizer.h"

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

} // namespace
} // namespace lrscope::engine
