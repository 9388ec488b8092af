#pragma once

#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace sas::mapping
{

/// A problem in a mapping file, located for the integrator who edits it.
struct MappingProblem
{
    std::string file;
    int line = 0;
    int column = 0;
    std::string message;

    /// "mapping/dialects/exos.xml:12:7: message"
    std::string toString() const;
};

/// An element of a validated file, with where it starts: enough for loaders to read values and to locate the
/// errors the schema cannot express (a duplicate, an unknown reference).
struct XmlElement
{
    std::string name; ///< local name
    std::map<std::string, std::string> attributes;
    std::string text; ///< character content, trimmed
    std::vector<XmlElement> children;
    int line = 0;
    int column = 0;

    /// The children named `name`, in document order.
    std::vector<const XmlElement*> all(const std::string& childName) const;
    /// The first child named `name`, or nullptr.
    const XmlElement* first(const std::string& childName) const;
    /// An attribute, or `fallback`.
    std::string attribute(const std::string& attributeName, const std::string& fallback = "") const;
};

/// Reads XML files against one XSD with Xerces-C++, reporting every schema error with its line and column (not
/// only the first). No DTD, no external entity, no schema location taken from the file: the XSD given here is the
/// only grammar.
class ValidatedXmlReader
{
public:
    /// Loads the schema; problems (an unreadable or invalid XSD) are reported by read().
    explicit ValidatedXmlReader(std::string xsdPath);
    ~ValidatedXmlReader();
    ValidatedXmlReader(const ValidatedXmlReader&) = delete;
    ValidatedXmlReader& operator=(const ValidatedXmlReader&) = delete;

    /// The document element of a valid file, or every problem found.
    std::variant<XmlElement, std::vector<MappingProblem>> read(const std::string& path) const;

private:
    std::string _xsdPath;
};

/// The `*.xml` files of a directory in name order; a directory that cannot be listed adds a problem.
std::vector<std::string> xmlFilesIn(const std::string& directory, std::vector<MappingProblem>& problems);

} // namespace sas::mapping
