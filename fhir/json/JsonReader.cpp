#include "fhir/json/JsonReader.h"

#include "fhir/model/ReadContext.h"
#include "fhir/model/TypeDefinitions.h"
#include "fhir/model/isValidPrimitive.h"
#include "fhir/xml/SecureXmlParser.h"
#include "fhir/xml/toUtf8.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <vector>
#include <xercesc/dom/DOMDocument.hpp>
#include <xercesc/dom/DOMElement.hpp>

namespace sas::fhir
{
namespace
{

/// A parsed JSON value; numbers keep their lexical text.
struct JsonValue
{
    enum class Type : std::uint8_t
    {
        Null,
        Boolean,
        Number,
        String,
        Object,
        Array,
    };

    Type type = Type::Null;
    bool boolean = false;
    std::string text;                ///< string or number lexical form
    std::string key;                 ///< name of this member when the parent is an object
    std::vector<JsonValue> children; ///< object members or array items, in input order

    const char* typeName() const
    {
        switch (type)
        {
        case Type::Null:
            return "null";
        case Type::Boolean:
            return "a boolean";
        case Type::Number:
            return "a number";
        case Type::String:
            return "a string";
        case Type::Object:
            return "an object";
        case Type::Array:
            return "an array";
        }
        return "?";
    }
};

/// RapidJSON SAX handler building JsonValue trees with an explicit stack, refusing nesting beyond a limit.
class TreeBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, TreeBuilder>
{
public:
    TreeBuilder(std::size_t maxDepth, const std::vector<std::pair<std::size_t, std::string>>& bigNumbers)
        : _maxDepth(maxDepth), _bigNumbers(bigNumbers)
    {
        _stack.reserve(16);
    }

    bool Null() { return add(JsonValue{}); }
    bool Bool(bool value)
    {
        JsonValue v;
        v.type = JsonValue::Type::Boolean;
        v.boolean = value;
        return add(std::move(v));
    }
    bool RawNumber(const char* text, rapidjson::SizeType length, bool)
    {
        JsonValue v;
        v.type = JsonValue::Type::Number;
        if (_nextBig < _bigNumbers.size() && _bigNumbers[_nextBig].first == _numberCount)
            v.text = _bigNumbers[_nextBig++].second;
        else
            v.text.assign(text, length);
        ++_numberCount;
        return add(std::move(v));
    }
    bool String(const char* text, rapidjson::SizeType length, bool)
    {
        JsonValue v;
        v.type = JsonValue::Type::String;
        v.text.assign(text, length);
        return add(std::move(v));
    }
    bool StartObject() { return open(JsonValue::Type::Object); }
    bool Key(const char* text, rapidjson::SizeType length, bool)
    {
        _key.assign(text, length);
        return true;
    }
    bool EndObject(rapidjson::SizeType) { return close(); }
    bool StartArray() { return open(JsonValue::Type::Array); }
    bool EndArray(rapidjson::SizeType) { return close(); }

    bool tooDeep() const { return _tooDeep; }
    JsonValue take() { return std::move(_root); }

private:
    bool open(JsonValue::Type type)
    {
        if (_stack.size() >= _maxDepth)
        {
            _tooDeep = true;
            return false;
        }
        JsonValue v;
        v.type = type;
        v.key = std::move(_key);
        _key.clear();
        _stack.push_back(std::move(v));
        return true;
    }

    bool close()
    {
        JsonValue done = std::move(_stack.back());
        _stack.pop_back();
        if (_stack.empty())
        {
            _root = std::move(done);
            return true;
        }
        _stack.back().children.push_back(std::move(done));
        return true;
    }

    bool add(JsonValue value)
    {
        if (_stack.empty())
        {
            _root = std::move(value);
            return true;
        }
        if (_stack.back().type == JsonValue::Type::Object)
            value.key = std::move(_key);
        _key.clear();
        _stack.back().children.push_back(std::move(value));
        return true;
    }

    std::size_t _maxDepth;
    const std::vector<std::pair<std::size_t, std::string>>& _bigNumbers;
    std::size_t _nextBig = 0;
    std::size_t _numberCount = 0;
    bool _tooDeep = false;
    std::vector<JsonValue> _stack;
    std::string _key;
    JsonValue _root;
};

/// RapidJSON 1.1 refuses numbers beyond the range of a double ("1e400") even when asked to keep numbers as
/// strings. FHIR decimals are arbitrary precision, so such numbers are found here first (outside strings), each
/// replaced by "0" in a copy of the text and put back, by position in the number sequence, by TreeBuilder.
/// Returns the text to parse: `text` itself when no number is that large.
std::string_view protectBigNumbers(std::string_view text, std::string& copy,
                                   std::vector<std::pair<std::size_t, std::string>>& bigNumbers)
{
    constexpr std::size_t LIMIT = 250; // digits in the mantissa, or in the exponent value, a double parse accepts
    bool inString = false;
    std::size_t numberIndex = 0;
    std::size_t copied = 0;
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        const char c = text[i];
        if (inString)
        {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
        {
            inString = true;
            continue;
        }
        if (c != '-' && (c < '0' || c > '9'))
            continue;
        std::size_t end = i;
        std::size_t digits = 0;
        std::size_t exponent = 0;
        bool inExponent = false;
        while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '-' ||
                                     text[end] == '+' || text[end] == '.' || text[end] == 'e' || text[end] == 'E'))
        {
            const char d = text[end];
            if (d == 'e' || d == 'E')
                inExponent = true;
            else if (std::isdigit(static_cast<unsigned char>(d)))
            {
                if (inExponent)
                    exponent = std::min<std::size_t>(exponent * 10 + static_cast<std::size_t>(d - '0'), 100000);
                else
                    ++digits;
            }
            ++end;
        }
        const std::string_view token = text.substr(i, end - i);
        if ((digits > LIMIT || exponent > LIMIT) && isValidPrimitive("decimal", token))
        {
            copy.append(text.data() + copied, i - copied);
            copy += '0';
            copied = end;
            bigNumbers.emplace_back(numberIndex, std::string(token));
        }
        ++numberIndex;
        i = end - 1;
    }
    if (bigNumbers.empty())
        return text;
    copy.append(text.data() + copied, text.size() - copied);
    return copy;
}

/// What one definition element received: its value and its `_name` twin (either may be absent).
struct Slot
{
    const ElementDefinition* element = nullptr;
    const JsonValue* value = nullptr;
    const JsonValue* extension = nullptr;
};

class Converter
{
public:
    explicit Converter(ReadContext& context) : _context(context) {}

    /// A resource object (root, contained, entry.resource, parameter.resource); nullopt after an error.
    std::optional<Node> resource(const JsonValue& value)
    {
        if (value.type != JsonValue::Type::Object)
        {
            _context.error(std::string("A resource must be a JSON object, not ") + value.typeName());
            return std::nullopt;
        }
        const JsonValue* typeValue = nullptr;
        for (const auto& member : value.children)
            if (member.key == "resourceType")
                typeValue = &member;
        if (!typeValue || typeValue->type != JsonValue::Type::String)
        {
            _context.error(typeValue ? "resourceType must be a string" : "resourceType is missing");
            return std::nullopt;
        }
        const TypeDefinition* type = findResourceType(typeValue->text);
        if (!type)
        {
            _context.error("Unknown or unsupported resourceType", {}, "not-supported");
            return std::nullopt;
        }
        ReadContext::Step step(_context, _context.resourceStep(type->name()));
        Node node = Node::resource(type->name());
        members(value, *type, node, true);
        return node;
    }

private:
    void members(const JsonValue& object, const TypeDefinition& type, Node& node, bool isResource)
    {
        if (object.children.empty())
        {
            _context.error("Empty objects are not allowed");
            return;
        }
        std::vector<Slot> slots;
        slots.reserve(object.children.size());
        auto slotFor = [&](const ElementDefinition* element) -> Slot&
        {
            for (auto& slot : slots)
                if (slot.element == element)
                    return slot;
            slots.push_back(Slot{element, nullptr, nullptr});
            return slots.back();
        };

        for (const auto& member : object.children)
        {
            const std::string_view key = member.key;
            if (isResource && key == "resourceType")
                continue;
            const bool twin = key.size() > 1 && key[0] == '_';
            const ElementDefinition* element = type.element(twin ? key.substr(1) : key);
            const TypeDefinition* elementType = element ? type.typeOf(*element) : nullptr;
            if (!element || (twin && (!elementType || !elementType->isPrimitive())))
            {
                _context.unknownElement(key, type.name());
                continue;
            }
            Slot& slot = slotFor(element);
            const JsonValue*& target = twin ? slot.extension : slot.value;
            if (target)
            {
                _context.error("Duplicate member '" + std::string(key) + "'");
                continue;
            }
            target = &member;
        }

        std::sort(slots.begin(), slots.end(), [](const Slot& a, const Slot& b) { return a.element < b.element; });
        node.reserveMembers(node.members().size() + slots.size());
        for (const auto& slot : slots)
        {
            Node::Member member{std::string(slot.element->name), {}, slot.element->repeats};
            if (slot.element->repeats)
                repeating(slot, type, member);
            else
                single(slot, type, member);
            if (!member.values.empty())
                node.addMember(std::move(member));
        }
        _context.checkCardinality(type,
                                  [&](std::size_t index)
                                  {
                                      const ElementDefinition* element = &type.elements()[index];
                                      for (const auto& slot : slots)
                                          if (slot.element == element)
                                              return true;
                                      return false;
                                  });
    }

    void single(const Slot& slot, const TypeDefinition& owner, Node::Member& member)
    {
        const ElementDefinition& element = *slot.element;
        ReadContext::Step step(_context, '.', element.name);
        if (slot.value && slot.value->type == JsonValue::Type::Array)
        {
            _context.error("Element '" + std::string(element.name) +
                           "' cannot repeat: expected one value, not an array");
            return;
        }
        if (slot.extension && slot.extension->type != JsonValue::Type::Object)
        {
            _context.error("'_" + std::string(element.name) + "' must be an object");
            return;
        }
        if (slot.value && slot.value->type == JsonValue::Type::Null)
        {
            _context.error("null is only allowed inside a primitive array");
            return;
        }
        if (auto value = convert(slot.value, slot.extension, owner.typeOf(element)))
            member.values.push_back(std::move(*value));
    }

    void repeating(const Slot& slot, const TypeDefinition& owner, Node::Member& member)
    {
        const ElementDefinition& element = *slot.element;
        ReadContext::Step step(_context, '.', element.name);
        if (slot.value && slot.value->type != JsonValue::Type::Array)
        {
            _context.error("Element '" + std::string(element.name) + "' repeats: expected an array, not " +
                           slot.value->typeName());
            return;
        }
        if (slot.extension && slot.extension->type != JsonValue::Type::Array)
        {
            _context.error("'_" + std::string(element.name) + "' must be an array");
            return;
        }
        const std::size_t values = slot.value ? slot.value->children.size() : 0;
        const std::size_t extensions = slot.extension ? slot.extension->children.size() : 0;
        if ((slot.value && values == 0) || (slot.extension && extensions == 0))
        {
            _context.error("Empty arrays are not allowed");
            return;
        }
        if (slot.value && slot.extension && values != extensions)
        {
            _context.error("'" + std::string(element.name) + "' and '_" + std::string(element.name) +
                           "' must have the same length");
            return;
        }
        const TypeDefinition* type = owner.typeOf(element);
        const std::size_t count = std::max(values, extensions);
        member.values.reserve(count);
        for (std::size_t i = 0; i < count; ++i)
        {
            ReadContext::Step index(_context, "[" + std::to_string(i) + "]");
            const JsonValue* value = slot.value ? &slot.value->children[i] : nullptr;
            const JsonValue* extension = slot.extension ? &slot.extension->children[i] : nullptr;
            if (value && value->type == JsonValue::Type::Null)
                value = nullptr;
            if (extension && extension->type == JsonValue::Type::Null)
                extension = nullptr;
            if (!value && !extension)
            {
                _context.error(type && type->isPrimitive()
                                   ? "null needs an extension in the '_' array at the same index"
                                   : "null is only allowed inside a primitive array");
                continue;
            }
            if (extension && extension->type != JsonValue::Type::Object)
            {
                _context.error("Items of '_" + std::string(element.name) + "' must be objects or null");
                continue;
            }
            if (auto converted = convert(value, extension, type))
                member.values.push_back(std::move(*converted));
        }
    }

    /// One value of an element; `value` or `extension` may be null (not both).
    std::optional<Node> convert(const JsonValue* value, const JsonValue* extension, const TypeDefinition* type)
    {
        if (!type)
            return value ? resource(*value) : std::nullopt;
        if (!type->isPrimitive())
        {
            if (!value)
                return std::nullopt;
            if (value->type != JsonValue::Type::Object)
            {
                _context.error(std::string("Expected an object (") + std::string(type->name()) + "), not " +
                               value->typeName());
                return std::nullopt;
            }
            Node node = Node::object();
            members(*value, *type, node, false);
            return node;
        }
        std::optional<Node> node = value ? primitive(*value, *type) : std::optional<Node>(Node::null());
        if (node && extension)
        {
            static const TypeDefinition* const ELEMENT = findType("Element");
            members(*extension, *ELEMENT, *node, false);
        }
        return node;
    }

    std::optional<Node> primitive(const JsonValue& value, const TypeDefinition& type)
    {
        const Node::Kind kind = type.valueKind();
        const bool fits =
            (kind == Node::Kind::Boolean && value.type == JsonValue::Type::Boolean) ||
            (kind == Node::Kind::Number && value.type == JsonValue::Type::Number) ||
            ((kind == Node::Kind::String || kind == Node::Kind::Xhtml) && value.type == JsonValue::Type::String);
        if (!fits)
        {
            const char* expected = kind == Node::Kind::Boolean  ? "a boolean"
                                   : kind == Node::Kind::Number ? "a number"
                                                                : "a string";
            _context.error(std::string("Expected ") + expected + " (" + std::string(type.name()) + "), not " +
                               value.typeName(),
                           {}, "value");
            return std::nullopt;
        }
        switch (kind)
        {
        case Node::Kind::Boolean:
            return Node::boolean(value.boolean);
        case Node::Kind::Number:
            if (!isValidPrimitive(type.name(), value.text))
            {
                _context.error("Not a valid " + std::string(type.name()), {}, "value");
                return std::nullopt;
            }
            if (type.name() == "decimal" && !decimalFitsDouble(value.text))
            {
                _context.error("Decimal beyond the range of a double (about 1.8e308)", {}, "value");
                return std::nullopt;
            }
            return Node::number(value.text);
        case Node::Kind::Xhtml:
            if (!isXhtmlDiv(value.text))
                return std::nullopt;
            return Node::xhtml(value.text);
        default:
            if (!isValidPrimitive(type.name(), value.text))
            {
                _context.error(value.text.empty() ? "Empty strings are not allowed"
                                                  : "Not a valid " + std::string(type.name()),
                               {}, "value");
                return std::nullopt;
            }
            return Node::string(value.text);
        }
    }

    bool isXhtmlDiv(const std::string& markup)
    {
        if (!_xmlParser)
            _xmlParser = std::make_unique<SecureXmlParser>();
        auto document = _xmlParser->parse(markup);
        if (!document)
        {
            _context.error("The narrative is not well-formed XHTML: " + document.error().message, {}, "value");
            return false;
        }
        const xercesc::DOMElement* root = (*document)->getDocumentElement();
        if (toUtf8(root->getLocalName()) != "div" || toUtf8(root->getNamespaceURI()) != "http://www.w3.org/1999/xhtml")
        {
            _context.error("The narrative must be a <div> in the XHTML namespace", {}, "value");
            return false;
        }
        return true;
    }

    ReadContext& _context;
    std::unique_ptr<SecureXmlParser> _xmlParser;
};

} // namespace

core::Result<ParsedResource> readJson(std::string_view text, const ReadOptions& options)
{
    if (text.find('\0') != std::string_view::npos)
        return core::fail(core::ErrorCode::Invalid, "Invalid JSON: NUL character");
    std::string copy;
    std::vector<std::pair<std::size_t, std::string>> bigNumbers;
    const std::string_view input = protectBigNumbers(text, copy, bigNumbers);
    TreeBuilder builder(options.maxDepth, bigNumbers);
    rapidjson::Reader reader;
    rapidjson::MemoryStream stream(input.data(), input.size());
    constexpr unsigned FLAGS =
        rapidjson::kParseValidateEncodingFlag | rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseIterativeFlag;
    const rapidjson::ParseResult parsed = reader.Parse<FLAGS>(stream, builder);
    if (builder.tooDeep())
        return core::fail(core::ErrorCode::Invalid,
                          "JSON nested deeper than " + std::to_string(options.maxDepth) + " levels");
    if (parsed.IsError())
        return core::fail(core::ErrorCode::Invalid, std::string("Invalid JSON at offset ") +
                                                        std::to_string(parsed.Offset()) + ": " +
                                                        rapidjson::GetParseError_En(parsed.Code()));
    const JsonValue root = builder.take();
    ReadContext context(options, "JSON");
    Converter converter(context);
    std::optional<Node> resource = converter.resource(root);
    return context.finish(resource ? std::move(*resource) : Node::object());
}

} // namespace sas::fhir
