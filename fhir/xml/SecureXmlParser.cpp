#include "fhir/xml/SecureXmlParser.h"

#include "fhir/xml/toUtf8.h"

#include <algorithm>
#include <string>
#include <xercesc/dom/DOM.hpp>
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/framework/Wrapper4InputSource.hpp>
#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/SecurityManager.hpp>
#include <xercesc/util/XMLException.hpp>
#include <xercesc/util/XMLUni.hpp>

namespace sas::fhir
{
namespace
{

/// Keeps the first fatal error or error and stops the parse there.
class FirstErrorHandler : public xercesc::DOMErrorHandler
{
public:
    bool handleError(const xercesc::DOMError& error) override
    {
        if (error.getSeverity() == xercesc::DOMError::DOM_SEVERITY_WARNING)
            return true;
        if (_message.empty())
        {
            const xercesc::DOMLocator* location = error.getLocation();
            _message = "XML not accepted";
            if (location)
                _message += " at line " + std::to_string(location->getLineNumber()) + ", column " +
                            std::to_string(location->getColumnNumber());
            _message += ": " + toUtf8(error.getMessage());
        }
        return false;
    }

    const std::string& message() const { return _message; }
    void reset() { _message.clear(); }

private:
    std::string _message;
};

/// The deepest element nesting of `text`, stopping as soon as it exceeds `limit`; malformed markup is left to
/// Xerces to report.
std::size_t nestingDepth(std::string_view text, std::size_t limit)
{
    std::size_t depth = 0;
    std::size_t deepest = 0;
    auto skipPast = [&](std::size_t from, std::string_view end)
    {
        const std::size_t at = text.find(end, from);
        return at == std::string_view::npos ? text.size() : at + end.size();
    };
    std::size_t i = 0;
    while (i < text.size() && deepest <= limit)
    {
        if (text[i] != '<')
        {
            ++i;
            continue;
        }
        const std::string_view rest = text.substr(i);
        if (rest.starts_with("<!--"))
            i = skipPast(i + 4, "-->");
        else if (rest.starts_with("<![CDATA["))
            i = skipPast(i + 9, "]]>");
        else if (rest.starts_with("<?"))
            i = skipPast(i + 2, "?>");
        else if (rest.starts_with("<!"))
            i = skipPast(i + 2, ">");
        else if (rest.starts_with("</"))
        {
            depth = depth > 0 ? depth - 1 : 0;
            i = skipPast(i + 2, ">");
        }
        else
        {
            char quote = 0;
            std::size_t j = i + 1;
            for (; j < text.size(); ++j)
            {
                const char c = text[j];
                if (quote)
                {
                    if (c == quote)
                        quote = 0;
                }
                else if (c == '"' || c == '\'')
                    quote = c;
                else if (c == '>')
                    break;
            }
            if (j >= text.size() || text[j - 1] != '/')
                deepest = std::max(deepest, ++depth);
            i = j + 1;
        }
    }
    return deepest;
}

const XMLCh LS_FEATURE[] = {xercesc::chLatin_L, xercesc::chLatin_S, xercesc::chNull};

} // namespace

void ensureXercesInitialized()
{
    static const bool initialized = []
    {
        xercesc::XMLPlatformUtils::Initialize();
        return true;
    }();
    (void)initialized;
}

struct SecureXmlParser::Impl
{
    xercesc::DOMLSParser* parser = nullptr;
    xercesc::SecurityManager securityManager;
    FirstErrorHandler errorHandler;
};

SecureXmlParser::SecureXmlParser() : _impl(std::make_unique<Impl>())
{
    ensureXercesInitialized();
    xercesc::DOMImplementation* implementation = xercesc::DOMImplementationRegistry::getDOMImplementation(LS_FEATURE);
    _impl->parser = implementation->createLSParser(xercesc::DOMImplementationLS::MODE_SYNCHRONOUS, nullptr);
    _impl->securityManager.setEntityExpansionLimit(16);
    xercesc::DOMConfiguration* config = _impl->parser->getDomConfig();
    config->setParameter(xercesc::XMLUni::fgDOMNamespaces, true);
    config->setParameter(xercesc::XMLUni::fgDOMDisallowDoctype, true);
    config->setParameter(xercesc::XMLUni::fgXercesLoadExternalDTD, false);
    config->setParameter(xercesc::XMLUni::fgXercesLoadSchema, false);
    config->setParameter(xercesc::XMLUni::fgXercesDisableDefaultEntityResolution, true);
    config->setParameter(xercesc::XMLUni::fgXercesSecurityManager, &_impl->securityManager);
    config->setParameter(xercesc::XMLUni::fgDOMValidate, false);
    config->setParameter(xercesc::XMLUni::fgDOMValidateIfSchema, false);
    config->setParameter(xercesc::XMLUni::fgDOMEntities, false);
    config->setParameter(xercesc::XMLUni::fgDOMComments, false);
    config->setParameter(xercesc::XMLUni::fgDOMCDATASections, false);
    config->setParameter(xercesc::XMLUni::fgDOMErrorHandler, &_impl->errorHandler);
}

SecureXmlParser::~SecureXmlParser()
{
    if (_impl->parser)
        _impl->parser->release();
}

core::Result<const xercesc::DOMDocument*> SecureXmlParser::parse(std::string_view text, std::size_t maxDepth)
{
    if (nestingDepth(text, maxDepth) > maxDepth)
        return core::fail(core::ErrorCode::Invalid,
                          "XML not accepted: elements nested deeper than " + std::to_string(maxDepth) + " levels");
    _impl->errorHandler.reset();
    xercesc::MemBufInputSource source(reinterpret_cast<const XMLByte*>(text.data()), text.size(), "fhir-resource",
                                      false);
    xercesc::Wrapper4InputSource input(&source, false);
    xercesc::DOMDocument* document = nullptr;
    try
    {
        document = _impl->parser->parse(&input);
    }
    catch (const xercesc::XMLException& e)
    {
        return core::fail(core::ErrorCode::Invalid, "XML not accepted: " + toUtf8(e.getMessage()));
    }
    catch (const xercesc::DOMException& e)
    {
        return core::fail(core::ErrorCode::Invalid, "XML not accepted: " + toUtf8(e.getMessage()));
    }
    catch (...)
    {
        return core::fail(core::ErrorCode::Invalid, "XML not accepted");
    }
    if (!_impl->errorHandler.message().empty())
    {
        // Xerces reports a refused DOCTYPE as "invalid document structure": say why when it is one.
        const bool doctype = text.find("<!DOCTYPE") != std::string_view::npos;
        return core::fail(core::ErrorCode::Invalid,
                          _impl->errorHandler.message() +
                              (doctype ? " (a DOCTYPE is not allowed: no DTD, no entity declarations)" : ""));
    }
    if (!document || !document->getDocumentElement())
        return core::fail(core::ErrorCode::Invalid, "XML not accepted: no document element");
    return document;
}

} // namespace sas::fhir
