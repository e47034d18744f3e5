#include "help/getting_started.h"

#include <QObject>

namespace lrscope::ui {
namespace {

QString named(const MenuPath& path) {
  return path.menu + QStringLiteral(" > ") + path.action;
}

const MenuPath kNewRangeTest{QObject::tr("Run"), QObject::tr("New range test…")};
const MenuPath kUndo{QObject::tr("Edit"), QObject::tr("Undo")};
const MenuPath kSweep{QObject::tr("Run"), QObject::tr("Sweep around this range…")};
const MenuPath kTrain{QObject::tr("Run"), QObject::tr("Train with this range…")};
const MenuPath kImport{QObject::tr("File"), QObject::tr("Import curve…")};
const MenuPath kGuide{QObject::tr("Help"), QObject::tr("Getting started")};

} // namespace

std::vector<MenuPath> gettingStartedMenuPaths() {
  return {kNewRangeTest, kUndo, kSweep, kTrain, kImport, kGuide};
}

QString gettingStartedText() {
  // Short lines: the text sits in an empty plot a few hundred pixels wide.
  return QObject::tr("Getting started: find a learning rate in five steps\n\n"
                     "1. %1 (Ctrl+N)\n"
                     "    tests learning rates on a sample of your data.\n"
                     "2. Read the curve: the loss stays flat, falls, then\n"
                     "    blows up. The green band is the suggested range,\n"
                     "    each dashed line one rule's suggestion.\n"
                     "3. Drag the band's edges to pick your range\n"
                     "    (%2 takes a drag back).\n"
                     "4. %3\n"
                     "    races fixed rates around it, dropping the extremes.\n"
                     "5. %4\n"
                     "    trains with a one-cycle schedule over the range.\n\n"
                     "A curve recorded by another tool: %5\n"
                     "This text again: %6")
      .arg(named(kNewRangeTest), named(kUndo), named(kSweep), named(kTrain), named(kImport),
           named(kGuide));
}

} // namespace lrscope::ui
