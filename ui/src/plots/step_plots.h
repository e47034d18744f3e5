#pragma once

// The two plots over optimizer steps, for callers that show both.
#include "plots/loss_step_plot.h"
#include "plots/lr_step_plot.h"
