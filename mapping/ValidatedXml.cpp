#include "mapping/ValidatedXml.h"

#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/SecurityManager.hpp>
#include <xercesc/util/TransService.hpp>
#include <xercesc/util/XMLString.hpp>
#include <xercesc/validators/common/Grammar.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace sas::mapping
{
namespace
{

std::string utf8(const XMLCh* text)
{
    if (text == nullptr)
        return {};
    xercesc::TranscodeToStr transcoded(text, "UTF-8");
    return reinterpret_cast<const char*>(transcoded.str());
}

std::string trim(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

void ensureXercesInitialized()
{
    static const bool initialized = []
    {
        xercesc::XMLPlatformUtils::Initialize();
        return true;
    }();
    (void)initialized;
}

/// Thrown by the content handler to stop a parse at a DOCTYPE.
struct DoctypeRefused
{
};

/// Builds the element tree and collects every warning, error and fatal error with its position.
class TreeBuilder : public xercesc::DefaultHandler
{
public:
    explicit TreeBuilder(std::string file) : _file(std::move(file)) {}

    void setDocumentLocator(const xercesc::Locator* const locator) override { _locator = locator; }

    void startElement(const XMLCh* const, const XMLCh* const localName, const XMLCh* const,
                      const xercesc::Attributes& attributes) override
    {
        XmlElement element;
        element.name = utf8(localName);
        for (XMLSize_t i = 0; i < attributes.getLength(); ++i)
            element.attributes[utf8(attributes.getLocalName(i))] = utf8(attributes.getValue(i));
        if (_locator)
        {
            element.line = static_cast<int>(_locator->getLineNumber());
            element.column = static_cast<int>(_locator->getColumnNumber());
        }
        _stack.push_back(std::move(element));
        _texts.emplace_back();
    }

    void characters(const XMLCh* const chars, const XMLSize_t length) override
    {
        if (_texts.empty())
            return;
        std::basic_string<XMLCh> piece(chars, length);
        _texts.back() += utf8(piece.c_str());
    }

    void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override
    {
        XmlElement element = std::move(_stack.back());
        _stack.pop_back();
        element.text = trim(_texts.back());
        _texts.pop_back();
        if (_stack.empty())
            _root = std::move(element);
        else
            _stack.back().children.push_back(std::move(element));
    }

    /// A DOCTYPE, in whatever encoding the file uses: refused before its internal subset is read, so no entity
    /// (internal or external) is ever declared, let alone expanded.
    void startDTD(const XMLCh* const, const XMLCh* const, const XMLCh* const) override
    {
        _problems.push_back(MappingProblem{_file, _locator ? static_cast<int>(_locator->getLineNumber()) : 1,
                                           _locator ? static_cast<int>(_locator->getColumnNumber()) : 1,
                                           "a DOCTYPE is not allowed in a mapping file"});
        throw DoctypeRefused{};
    }

    void warning(const xercesc::SAXParseException&) override {}
    void error(const xercesc::SAXParseException& e) override { record(e); }
    void fatalError(const xercesc::SAXParseException& e) override { record(e); }

    void record(const xercesc::SAXParseException& e)
    {
        _problems.push_back(MappingProblem{_file, static_cast<int>(e.getLineNumber()),
                                           static_cast<int>(e.getColumnNumber()), utf8(e.getMessage())});
    }
    void problem(std::string message) { _problems.push_back(MappingProblem{_file, 0, 0, std::move(message)}); }

    std::vector<MappingProblem>& problems() { return _problems; }
    XmlElement& root() { return _root; }

private:
    std::string _file;
    const xercesc::Locator* _locator = nullptr;
    std::vector<XmlElement> _stack;
    std::vector<std::string> _texts;
    XmlElement _root;
    std::vector<MappingProblem> _problems;
};

} // namespace

std::vector<std::string> xmlFilesIn(const std::string& directory, std::vector<MappingProblem>& problems)
{
    std::vector<std::string> files;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory, error))
        if (entry.is_regular_file() && entry.path().extension() == ".xml")
            files.push_back(entry.path().string());
    if (error)
        problems.push_back(MappingProblem{directory, 0, 0, "cannot be listed: " + error.message()});
    std::sort(files.begin(), files.end());
    return files;
}

std::string MappingProblem::toString() const
{
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

std::vector<const XmlElement*> XmlElement::all(const std::string& childName) const
{
    std::vector<const XmlElement*> found;
    for (const XmlElement& child : children)
        if (child.name == childName)
            found.push_back(&child);
    return found;
}

const XmlElement* XmlElement::first(const std::string& childName) const
{
    for (const XmlElement& child : children)
        if (child.name == childName)
            return &child;
    return nullptr;
}

std::string XmlElement::attribute(const std::string& attributeName, const std::string& fallback) const
{
    auto found = attributes.find(attributeName);
    return found == attributes.end() ? fallback : found->second;
}

ValidatedXmlReader::ValidatedXmlReader(std::string xsdPath) : _xsdPath(std::move(xsdPath))
{
    ensureXercesInitialized();
}

ValidatedXmlReader::~ValidatedXmlReader() = default;

std::variant<XmlElement, std::vector<MappingProblem>> ValidatedXmlReader::read(const std::string& path) const
{
    TreeBuilder builder(path);
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        builder.problem("cannot be read");
        return builder.problems();
    }
    const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::unique_ptr<xercesc::SAX2XMLReader> reader(xercesc::XMLReaderFactory::createXMLReader());
    reader->setFeature(xercesc::XMLUni::fgSAX2CoreNameSpaces, true);
    reader->setFeature(xercesc::XMLUni::fgSAX2CoreValidation, true);
    reader->setFeature(xercesc::XMLUni::fgXercesDynamic, false);
    reader->setFeature(xercesc::XMLUni::fgXercesSchema, true);
    reader->setFeature(xercesc::XMLUni::fgXercesSchemaFullChecking, true);
    reader->setFeature(xercesc::XMLUni::fgXercesUseCachedGrammarInParse, true);
    reader->setFeature(xercesc::XMLUni::fgXercesLoadSchema, false);
    reader->setFeature(xercesc::XMLUni::fgXercesLoadExternalDTD, false);
    reader->setFeature(xercesc::XMLUni::fgXercesDisableDefaultEntityResolution, true);
    // Xerces 3.2's SAX2 reader has no switch to refuse a DOCTYPE: the lexical handler refuses it (startDTD), whatever
    // the file's encoding; the security manager bounds entity expansion should one ever get through.
    xercesc::SecurityManager securityManager;
    securityManager.setEntityExpansionLimit(16);
    reader->setProperty(xercesc::XMLUni::fgXercesSecurityManager, &securityManager);
    reader->setContentHandler(&builder);
    reader->setLexicalHandler(&builder);
    reader->setErrorHandler(&builder);
    try
    {
        TreeBuilder schemaErrors(_xsdPath);
        reader->setErrorHandler(&schemaErrors);
        std::ifstream xsdFile(_xsdPath, std::ios::binary);
        const std::string xsd((std::istreambuf_iterator<char>(xsdFile)), std::istreambuf_iterator<char>());
        xercesc::MemBufInputSource xsdSource(reinterpret_cast<const XMLByte*>(xsd.data()), xsd.size(),
                                             _xsdPath.c_str(), false);
        if (!xsdFile || reader->loadGrammar(xsdSource, xercesc::Grammar::SchemaGrammarType, true) == nullptr ||
            !schemaErrors.problems().empty())
        {
            if (schemaErrors.problems().empty())
                schemaErrors.problem("the schema cannot be loaded");
            return schemaErrors.problems();
        }
        reader->setErrorHandler(&builder);
        xercesc::MemBufInputSource source(reinterpret_cast<const XMLByte*>(content.data()), content.size(),
                                          path.c_str(), false);
        reader->parse(source);
    }
    catch (const DoctypeRefused&)
    {
        return builder.problems();
    }
    catch (const xercesc::SAXParseException& e)
    {
        builder.record(e);
    }
    catch (const xercesc::XMLException& e)
    {
        builder.problem(utf8(e.getMessage()));
    }
    catch (const xercesc::OutOfMemoryException&)
    {
        builder.problem("out of memory while reading");
    }
    if (!builder.problems().empty())
        return builder.problems();
    return std::move(builder.root());
}

} // namespace sas::mapping
