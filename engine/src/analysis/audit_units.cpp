#include "lrscope/engine/audit_units.h"

#include <stdexcept>
#include <string>

namespace lrscope::engine {

int auditPlannedGridPoints(const AuditPlan& plan) {
  return plan.grid == AuditGrid::Fixed ? static_cast<int>(fixedAuditGridLrs().size())
                                       : plan.gridPoints;
}

int auditUnitCount(const AuditPlan& plan) {
  return plan.seeds * (auditPlannedGridPoints(plan) + 1);
}

AuditUnit auditUnit(const AuditPlan& plan, int unit) {
  if (unit < 0 || unit >= auditUnitCount(plan))
    throw std::out_of_range("audit unit " + std::to_string(unit) + " of " +
                            std::to_string(auditUnitCount(plan)));
  const int perSeed = auditPlannedGridPoints(plan) + 1;
  AuditUnit out;
  out.seedIndex = unit / perSeed;
  if (unit % perSeed > 0)
    out.gridIndex = static_cast<std::size_t>(unit % perSeed - 1);
  return out;
}

int auditUnitIndex(const AuditPlan& plan, const AuditUnit& unit) {
  return unit.seedIndex * (auditPlannedGridPoints(plan) + 1) +
         (unit.gridIndex ? static_cast<int>(*unit.gridIndex) + 1 : 0);
}

} // namespace lrscope::engine
