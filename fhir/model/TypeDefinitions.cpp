#include "fhir/model/TypeDefinitions.h"

#include "fhir/model/generated/r4Definitions.h"

#include <memory>
#include <vector>

namespace sas::fhir
{

/// Builds every TypeDefinition from the generated rows once; lookups afterwards are read-only.
class TypeRegistry
{
public:
    TypeRegistry()
    {
        _types.reserve(generated::R4_TYPE_COUNT);
        _byKey.reserve(generated::R4_TYPE_COUNT);
        for (std::size_t i = 0; i < generated::R4_TYPE_COUNT; ++i)
        {
            const generated::TypeRow& row = generated::R4_TYPES[i];
            auto type = std::make_unique<TypeDefinition>();
            type->_name = row.key;
            type->_kind = row.kind;
            type->_abstract = row.abstract;
            type->_valueKind = valueKindOf(row);
            type->_elements = std::span<const ElementDefinition>(generated::R4_ELEMENTS + row.first, row.count);
            type->_byName.reserve(row.count);
            for (std::uint32_t e = 0; e < row.count; ++e)
                type->_byName.emplace(type->_elements[e].name, e);
            _byKey.emplace(row.key, type.get());
            _types.push_back(std::move(type));
        }
        _elementTypes.resize(generated::R4_ELEMENT_COUNT, nullptr);
        for (std::size_t e = 0; e < generated::R4_ELEMENT_COUNT; ++e)
        {
            const std::string_view type = generated::R4_ELEMENTS[e].type;
            _elementTypes[e] = type == "Resource" ? nullptr : find(type); // a nested resource: any concrete type
        }
        for (std::size_t i = 0; i < _types.size(); ++i)
        {
            const generated::TypeRow& row = generated::R4_TYPES[i];
            _types[i]->_elementTypes =
                std::span<const TypeDefinition* const>(_elementTypes.data() + row.first, row.count);
        }
    }

    const TypeDefinition* find(std::string_view key) const
    {
        auto it = _byKey.find(key);
        return it == _byKey.end() ? nullptr : it->second;
    }

    static const TypeRegistry& instance()
    {
        static const TypeRegistry registry;
        return registry;
    }

private:
    static Node::Kind valueKindOf(const generated::TypeRow& row)
    {
        if (row.kind != TypeKind::Primitive)
            return Node::Kind::Object;
        if (row.key == "boolean")
            return Node::Kind::Boolean;
        if (row.key == "integer" || row.key == "decimal" || row.key == "positiveInt" || row.key == "unsignedInt")
            return Node::Kind::Number;
        if (row.key == "xhtml")
            return Node::Kind::Xhtml;
        return Node::Kind::String;
    }

    std::vector<std::unique_ptr<TypeDefinition>> _types;
    std::unordered_map<std::string_view, const TypeDefinition*> _byKey;
    std::vector<const TypeDefinition*> _elementTypes;
};

const ElementDefinition* TypeDefinition::element(std::string_view name) const
{
    auto it = _byName.find(name);
    return it == _byName.end() ? nullptr : &_elements[it->second];
}

const TypeDefinition* TypeDefinition::typeOf(const ElementDefinition& element) const
{
    return _elementTypes[indexOf(element)];
}

const TypeDefinition* findType(std::string_view key)
{
    return TypeRegistry::instance().find(key);
}

const TypeDefinition* findResourceType(std::string_view resourceType)
{
    const TypeDefinition* type = findType(resourceType);
    return type && type->isResource() && !type->isAbstract() ? type : nullptr;
}

std::string_view definitionsSource()
{
    return generated::R4_SOURCE;
}

} // namespace sas::fhir
