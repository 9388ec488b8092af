#include "fhir/json/JsonWriter.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace sas::fhir
{
namespace
{

template <typename Writer>
void writeKey(Writer& writer, std::string_view name, bool twin)
{
    if (!twin)
    {
        writer.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
        return;
    }
    std::string key;
    key.reserve(name.size() + 1);
    key += '_';
    key += name;
    writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
}

template <typename Writer>
void writeValue(Writer& writer, const Node& node);

/// Writes an object's members; a primitive member whose values carry `id`/`extension` gets its `_name` twin
/// right after it, with `null` where a position has none (and `null` in the value array for a Null value).
template <typename Writer>
void writeMembers(Writer& writer, const Node& node)
{
    for (const auto& member : node.members())
    {
        bool anyValue = false;
        bool anyTwin = false;
        for (const auto& value : member.values)
        {
            if (!value.isPrimitive())
            {
                anyValue = true;
                continue;
            }
            anyValue = anyValue || value.kind() != Node::Kind::Null;
            anyTwin = anyTwin || !value.members().empty();
        }
        if (anyValue)
        {
            writeKey(writer, member.name, false);
            if (member.array)
                writer.StartArray();
            for (const auto& value : member.values)
                writeValue(writer, value);
            if (member.array)
                writer.EndArray();
        }
        if (anyTwin)
        {
            writeKey(writer, member.name, true);
            if (member.array)
                writer.StartArray();
            for (const auto& value : member.values)
            {
                if (value.members().empty())
                {
                    writer.Null();
                    continue;
                }
                writer.StartObject();
                writeMembers(writer, value);
                writer.EndObject();
            }
            if (member.array)
                writer.EndArray();
        }
    }
}

template <typename Writer>
void writeValue(Writer& writer, const Node& node)
{
    switch (node.kind())
    {
    case Node::Kind::Object:
        writer.StartObject();
        writeMembers(writer, node);
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
    case Node::Kind::Null:
        writer.Null();
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
