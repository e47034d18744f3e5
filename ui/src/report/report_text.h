#pragma once

// How the report writes names; its numbers come from number_format.h, as the command line's do.
#include "number_format.h"

#include <QString>

#include <string>

namespace lrscope::ui {

/// What a suggestion rule (or LR Scope's range rule) computes and where it comes from.
[[nodiscard]] QString rulePurpose(const std::string& rule);

} // namespace lrscope::ui
