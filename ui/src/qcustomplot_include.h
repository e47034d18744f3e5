#pragma once

// QCustomPlot's header uses the `signals` and `foreach` keywords, which QT_NO_KEYWORDS (needed
// because libtorch has a member named `slots`) turns off. Map them for this header only.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef foreach
#undef slots
#undef signals
