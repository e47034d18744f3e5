#include "lrscope/engine/device.h"
#include "lrscope/engine/find_config.h"
#include "lrscope/engine/input_error.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lrscope::engine {
namespace {

TEST(Device, ParsesTheCpuCudaAndANumberedGpu) {
  EXPECT_EQ(parseDevice("cpu"), Device{});
  EXPECT_EQ(parseDevice("cuda"), (Device{Device::Kind::Cuda, std::nullopt}));
  EXPECT_EQ(parseDevice("cuda:3"), (Device{Device::Kind::Cuda, 3}));
  for (const char* text : {"cpu", "cuda", "cuda:0", "cuda:12"})
    EXPECT_EQ(toString(parseDevice(text)), text);
}

TEST(Device, RefusesAnythingElseNamingTheText) {
  for (const char* text : {"", "gpu", "CUDA", "cuda:", "cuda:-1", "cuda:x", "cuda:1 ", "cpu:0"}) {
    try {
      (void)parseDevice(text);
      ADD_FAILURE() << "accepted \"" << text << "\"";
    } catch (const InputError& error) {
      EXPECT_EQ(std::string(error.what()),
                "--device " + std::string(text) +
                    ": expected cpu, cuda or cuda:N (N the GPU's number, from 0)");
    }
  }
}

TEST(Device, IsStoredWithTheModelOnlyWhenItIsNotTheCpu) {
  FindConfig config;
  EXPECT_FALSE(toJson(config)["model"].contains("device")); // configs read as before
  config.model.device = {Device::Kind::Cuda, 1};
  const nlohmann::json json = toJson(config);
  EXPECT_EQ(json["model"]["device"], "cuda:1");
  EXPECT_EQ(findConfigFromJson(json).model.device, config.model.device);
  nlohmann::json bad = json;
  bad["model"]["device"] = "tpu";
  EXPECT_THROW((void)findConfigFromJson(bad), InputError);
}

} // namespace
} // namespace lrscope::engine
