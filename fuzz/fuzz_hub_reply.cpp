// The Hub message reader (adapters/hub parseHubReply): a delivery of the .ack or .info queue, acks and errors.
#include "adapters/hub/parseHubReply.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    (void)sas::adapters::hub::parseHubReply(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
