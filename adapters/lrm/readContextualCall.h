#pragma once

#include "adapters/lrm/parseContextualCall.h"
#include "core/model/LrmDialect.h"

#include <string_view>
#include <vector>

namespace sas::adapters::lrm
{

/// The whole contextual call: decodes the raw query, finds the calling installation by its `origin`, reads the
/// query in that installation's dialect (its encoding, its parameter names, its own specialty codes), then applies
/// the platform's rules (parseContextualCall). An installation whose dialect is not in `dialects` is read with the
/// common rules only. A dialect's alias never overrides the parameter itself when both are sent.
ContextualCall readContextualCall(std::string_view rawQuery, const ContextualCallReferences& references,
                                  const std::vector<core::LrmDialect>& dialects);

/// `query` in `dialect`'s words translated to the contextual call's: aliases renamed, the LRM's specialty codes
/// replaced by their normed national form.
LenientQuery translateDialect(LenientQuery query, const core::LrmDialect& dialect);

} // namespace sas::adapters::lrm
