#include "worker/engine_info.h"

#include "lrscope/engine/model.h"

namespace lrscope::ui {

QString libtorchVersion() {
  return QString::fromStdString(engine::Model::torchVersion());
}

} // namespace lrscope::ui
