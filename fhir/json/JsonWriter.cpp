#include "fhir/json/JsonWriter.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace sas::fhir
{
namespace
{

template <typename Writer>
void writeValue(Writer& writer, const Node& node)
{
    switch (node.kind())
    {
    case Node::Kind::Object:
        writer.StartObject();
        for (const auto& member : node.members())
        {
            writer.Key(member.name.data(), static_cast<rapidjson::SizeType>(member.name.size()));
            if (member.array)
                writer.StartArray();
            for (const auto& value : member.values)
                writeValue(writer, value);
            if (member.array)
                writer.EndArray();
        }
        writer.EndObject();
        break;
    case Node::Kind::Number:
        writer.RawValue(node.value().data(), node.value().size(), rapidjson::kNumberType);
        break;
    case Node::Kind::Boolean:
        writer.Bool(node.value() == "true");
        break;
    case Node::Kind::String:
    case Node::Kind::Xhtml:
        writer.String(node.value().data(), static_cast<rapidjson::SizeType>(node.value().size()));
        break;
    }
}

} // namespace

std::string writeJson(const Node& node, bool pretty)
{
    rapidjson::StringBuffer buffer;
    if (pretty)
    {
        rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
        writer.SetIndent(' ', 2);
        writeValue(writer, node);
    }
    else
    {
        rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
        writeValue(writer, node);
    }
    return std::string(buffer.GetString(), buffer.GetSize());
}

} // namespace sas::fhir
