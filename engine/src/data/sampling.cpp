#include "lrscope/engine/sampling.h"

#include "lrscope/engine/input_error.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>

namespace lrscope::engine {

namespace {

/// Uniform integer in [0, bound) by rejection, so that results do not depend on the standard
/// library's distribution implementation.
uint64_t uniformBelow(std::mt19937_64& engine, uint64_t bound) {
  const uint64_t threshold = (0 - bound) % bound; // 2^64 mod bound
  for (;;) {
    const uint64_t value = engine();
    if (value >= threshold) {
      return value % bound;
    }
  }
}

void shuffle(std::vector<int64_t>& values, std::mt19937_64& engine) {
  for (std::size_t i = values.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(uniformBelow(engine, i));
    std::swap(values[i - 1], values[j]);
  }
}

/// Splits `total` over groups in proportion to their sizes: each gets the floor of its quota,
/// and the units left go to the largest remainders (ties to the lower group index).
std::vector<int64_t> allocate(int64_t total, const std::vector<int64_t>& groupSizes) {
  const int64_t all = std::accumulate(groupSizes.begin(), groupSizes.end(), int64_t{0});
  std::vector<int64_t> shares(groupSizes.size(), 0);
  if (all == 0 || total == 0) {
    return shares;
  }
  std::vector<int64_t> remainders(groupSizes.size(), 0);
  int64_t given = 0;
  for (std::size_t g = 0; g < groupSizes.size(); ++g) {
    // total * size <= all * all fits in 64 bits for any data set that fits in memory.
    const uint64_t product = static_cast<uint64_t>(total) * static_cast<uint64_t>(groupSizes[g]);
    shares[g] = static_cast<int64_t>(product / static_cast<uint64_t>(all));
    remainders[g] = static_cast<int64_t>(product % static_cast<uint64_t>(all));
    given += shares[g];
  }
  std::vector<std::size_t> order(groupSizes.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  for (std::size_t k = 0; given < total; ++k) {
    ++shares[order[k]];
    ++given;
  }
  return shares;
}

int64_t requestedSampleSize(const SampleSpec& spec, int64_t size) {
  if (spec.count < 0) {
    throw InputError("sample count must be 0 (use the fraction) or positive, got " +
                     std::to_string(spec.count));
  }
  if (!(spec.fraction >= 0.0 && spec.fraction <= 1.0)) {
    throw InputError("sample fraction must be in (0, 1] (or 0 to use the count), got " +
                     std::to_string(spec.fraction));
  }
  if (spec.validationCount < 0) {
    throw InputError("validation count must be 0 or positive, got " +
                     std::to_string(spec.validationCount));
  }
  if (spec.count > 0) {
    return spec.count;
  }
  if (spec.fraction > 0.0) {
    const auto count =
        static_cast<int64_t>(std::llround(spec.fraction * static_cast<double>(size)));
    return std::max<int64_t>(count, size > 0 ? 1 : 0);
  }
  return size - std::min(spec.validationCount, size); // the whole data set but validation
}

} // namespace

SampleSplit drawSample(const Dataset& data, const SampleSpec& spec) {
  const int64_t size = data.size();
  const int64_t sampleSize = requestedSampleSize(spec, size);
  if (sampleSize + spec.validationCount > size) {
    throw InputError("sample of " + std::to_string(sampleSize) + " plus validation of " +
                     std::to_string(spec.validationCount) + " asks for " +
                     std::to_string(sampleSize + spec.validationCount) +
                     " examples, but the data set \"" + data.name + "\" has " +
                     std::to_string(size) + "; ask for fewer");
  }

  // Groups of example indices: one per class, or a single one for regression.
  std::vector<std::vector<int64_t>> groups;
  const bool stratified =
      data.task == TaskKind::Classification && static_cast<int64_t>(data.labels.size()) == size;
  if (stratified) {
    groups.resize(static_cast<std::size_t>(std::max<int64_t>(data.numClasses(), 1)));
    for (int64_t i = 0; i < size; ++i) {
      const int64_t label = data.labels[static_cast<std::size_t>(i)];
      if (label < 0) {
        throw InputError("data set \"" + data.name + "\": example " + std::to_string(i) +
                         " has the negative label " + std::to_string(label));
      }
      if (static_cast<std::size_t>(label) >= groups.size()) {
        groups.resize(static_cast<std::size_t>(label) + 1);
      }
      groups[static_cast<std::size_t>(label)].push_back(i);
    }
  } else {
    groups.emplace_back(static_cast<std::size_t>(size));
    std::iota(groups.front().begin(), groups.front().end(), int64_t{0});
  }

  std::mt19937_64 engine(spec.seed);
  std::vector<int64_t> groupSizes;
  for (auto& group : groups) {
    shuffle(group, engine);
    groupSizes.push_back(static_cast<int64_t>(group.size()));
  }
  const std::vector<int64_t> sampleShares = allocate(sampleSize, groupSizes);
  std::vector<int64_t> restSizes;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    restSizes.push_back(groupSizes[g] - sampleShares[g]);
  }
  const std::vector<int64_t> validationShares = allocate(spec.validationCount, restSizes);

  SampleSplit split;
  split.sample.reserve(static_cast<std::size_t>(sampleSize));
  split.validation.reserve(static_cast<std::size_t>(spec.validationCount));
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const auto begin = groups[g].begin();
    const auto sampleEnd = begin + static_cast<std::ptrdiff_t>(sampleShares[g]);
    split.sample.insert(split.sample.end(), begin, sampleEnd);
    split.validation.insert(split.validation.end(), sampleEnd,
                            sampleEnd + static_cast<std::ptrdiff_t>(validationShares[g]));
  }
  shuffle(split.sample, engine);
  shuffle(split.validation, engine);
  return split;
}

} // namespace lrscope::engine
