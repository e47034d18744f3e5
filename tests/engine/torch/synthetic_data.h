#pragma once

#include "lrscope/engine/dataset.h"

#include <cmath>
#include <random>

namespace lrscope::engine::testing {

/// Three Gaussian blobs in `dims` dimensions, `perClass` examples each: easy to learn, so a
/// range test on it shows a clear fall of the loss.
inline Dataset blobs(int64_t perClass = 200, int64_t dims = 8, uint64_t seed = 3) {
  Dataset data;
  data.name = "blobs";
  data.exampleShape = {dims};
  data.classNames = {"a", "b", "c"};
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  for (int64_t c = 0; c < 3; ++c) {
    for (int64_t i = 0; i < perClass; ++i) {
      for (int64_t d = 0; d < dims; ++d)
        data.features.push_back(noise(rng) + (d % 3 == c ? 2.5f : 0.0f));
      data.labels.push_back(c);
    }
  }
  return data;
}

/// Tiny 1x8x8 "images" with 2 classes (bright top half or bright bottom half).
inline Dataset tinyImages(int64_t perClass = 32) {
  Dataset data;
  data.name = "tiny-images";
  data.exampleShape = {1, 8, 8};
  data.classNames = {"top", "bottom"};
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<float> noise(0.0f, 0.2f);
  for (int64_t c = 0; c < 2; ++c)
    for (int64_t i = 0; i < perClass; ++i) {
      for (int64_t p = 0; p < 64; ++p)
        data.features.push_back(noise(rng) + ((p < 32) == (c == 0) ? 1.0f : 0.0f));
      data.labels.push_back(c);
    }
  return data;
}

} // namespace lrscope::engine::testing
