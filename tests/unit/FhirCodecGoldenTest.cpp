#include "fhir/json/JsonReader.h"
#include "fhir/json/JsonWriter.h"
#include "fhir/xml/SecureXmlParser.h"
#include "fhir/xml/XmlReader.h"
#include "fhir/xml/XmlWriter.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <sstream>
#include <string>
#include <vector>

using sas::fhir::readJson;
using sas::fhir::readXml;
using sas::fhir::writeJson;
using sas::fhir::writeXml;

namespace
{

const std::filesystem::path FIXTURES = std::filesystem::path(SAS_SOURCE_DIR) / "tests/fixtures/ig";

std::string readFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> fixtureNames()
{
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(FIXTURES))
        if (entry.path().extension() == ".json")
            names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

/// A JSON value with object members sorted by name and numbers kept as written: two documents are
/// semantically equal when their canonical forms are.
struct CanonicalValue
{
    std::string scalar; // "n:12.50", "s:text", "b:true", "null"
    bool isObject = false;
    bool isArray = false;
    std::vector<std::pair<std::string, CanonicalValue>> members;
    std::vector<CanonicalValue> items;

    void print(std::string& out) const
    {
        if (isObject)
        {
            auto sorted = members;
            std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            out += '{';
            for (const auto& [key, value] : sorted)
            {
                out += key + ':';
                value.print(out);
                out += ',';
            }
            out += '}';
        }
        else if (isArray)
        {
            out += '[';
            for (const auto& item : items)
            {
                item.print(out);
                out += ',';
            }
            out += ']';
        }
        else
        {
            out += scalar;
        }
    }
};

class CanonicalBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, CanonicalBuilder>
{
public:
    bool Null() { return add(scalar("null")); }
    bool Bool(bool b) { return add(scalar(b ? "b:true" : "b:false")); }
    bool RawNumber(const char* s, rapidjson::SizeType n, bool) { return add(scalar("n:" + std::string(s, n))); }
    bool String(const char* s, rapidjson::SizeType n, bool) { return add(scalar("s:" + std::string(s, n))); }
    bool Key(const char* s, rapidjson::SizeType n, bool)
    {
        _keys.back() = std::string(s, n);
        return true;
    }
    bool StartObject() { return open(true); }
    bool EndObject(rapidjson::SizeType) { return close(); }
    bool StartArray() { return open(false); }
    bool EndArray(rapidjson::SizeType) { return close(); }

    CanonicalValue root;

private:
    static CanonicalValue scalar(std::string text)
    {
        CanonicalValue v;
        v.scalar = std::move(text);
        return v;
    }
    bool open(bool object)
    {
        CanonicalValue v;
        v.isObject = object;
        v.isArray = !object;
        _stack.push_back(std::move(v));
        _keys.emplace_back();
        return true;
    }
    bool close()
    {
        CanonicalValue v = std::move(_stack.back());
        _stack.pop_back();
        _keys.pop_back();
        return add(std::move(v));
    }
    bool add(CanonicalValue v)
    {
        if (_stack.empty())
            root = std::move(v);
        else if (_stack.back().isObject)
            _stack.back().members.emplace_back(_keys.back(), std::move(v));
        else
            _stack.back().items.push_back(std::move(v));
        return true;
    }
    std::vector<CanonicalValue> _stack;
    std::vector<std::string> _keys;
};

std::string canonical(const std::string& json)
{
    CanonicalBuilder builder;
    rapidjson::Reader reader;
    rapidjson::MemoryStream stream(json.data(), json.size());
    const auto result = reader.Parse<rapidjson::kParseNumbersAsStringsFlag>(stream, builder);
    EXPECT_FALSE(result.IsError()) << "not JSON: " << json;
    std::string out;
    builder.root.print(out);
    return out;
}

std::string describe(const sas::core::Error& error)
{
    std::string text = error.message;
    for (const auto& issue : error.issues)
        text += "\n  " + issue.expression + ": " + issue.diagnostics;
    return text;
}

class FhirCodecGolden : public ::testing::TestWithParam<std::string>
{
};

} // namespace

TEST(FhirCodecGoldenFixtures, AllIgExamplesAreCopied)
{
    const auto names = fixtureNames();
    EXPECT_GE(names.size(), 41u);
    EXPECT_TRUE(std::filesystem::exists(FIXTURES / "README.md"));
}

TEST_P(FhirCodecGolden, JsonToModelToJsonIsUnchanged)
{
    const std::string original = readFile(FIXTURES / GetParam());
    auto parsed = readJson(original);
    ASSERT_TRUE(parsed) << describe(parsed.error());
    EXPECT_TRUE(parsed->warnings.empty());
    EXPECT_EQ(canonical(writeJson(parsed->resource)), canonical(original));
    EXPECT_EQ(canonical(writeJson(parsed->resource, true)), canonical(original));
}

TEST_P(FhirCodecGolden, JsonToXmlToJsonIsUnchanged)
{
    const std::string original = readFile(FIXTURES / GetParam());
    auto parsed = readJson(original);
    ASSERT_TRUE(parsed) << describe(parsed.error());
    for (bool pretty : {false, true})
    {
        const std::string xml = writeXml(parsed->resource, pretty);
        sas::fhir::SecureXmlParser xerces;
        ASSERT_TRUE(xerces.parse(xml)) << xml;
        auto fromXml = readXml(xml);
        ASSERT_TRUE(fromXml) << describe(fromXml.error()) << "\n" << xml;
        EXPECT_TRUE(fromXml->warnings.empty());
        EXPECT_EQ(canonical(writeJson(fromXml->resource)), canonical(original)) << xml;
        EXPECT_EQ(writeXml(fromXml->resource, pretty), xml) << "XML → model → XML is stable";
    }
}

INSTANTIATE_TEST_SUITE_P(FhirIg, FhirCodecGolden, ::testing::ValuesIn(fixtureNames()),
                         [](const ::testing::TestParamInfo<std::string>& param)
                         {
                             std::string name = param.param.substr(0, param.param.size() - 5);
                             for (char& c : name)
                                 if (!std::isalnum(static_cast<unsigned char>(c)))
                                     c = '_';
                             return name;
                         });
