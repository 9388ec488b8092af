#pragma once

#include "core/Error.h"

#include <tl/expected.hpp>

namespace sas::core
{

/// What core functions return: a value or an Error. Exceptions never cross into core.
template <typename T>
using Result = tl::expected<T, Error>;

/// Result of an operation that yields nothing on success.
using Status = Result<void>;

/// Shorthand for returning a failure: `return fail(ErrorCode::NotFound, "Slot/1 not found");`
inline tl::unexpected<Error> fail(ErrorCode code, std::string message, std::string expression = {})
{
    return tl::unexpected<Error>(makeError(code, std::move(message), std::move(expression)));
}

inline tl::unexpected<Error> fail(Error error)
{
    return tl::unexpected<Error>(std::move(error));
}

} // namespace sas::core
