#include "fhir/json/JsonWriter.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

using sas::fhir::Node;
using sas::fhir::writeJson;

namespace
{

rapidjson::Document parse(const std::string& json)
{
    rapidjson::Document document;
    document.Parse(json.c_str(), json.size());
    EXPECT_FALSE(document.HasParseError()) << "offset " << document.GetErrorOffset() << " in " << json;
    return document;
}

std::string valueOf(const rapidjson::Value& value)
{
    return std::string(value.GetString(), value.GetStringLength());
}

} // namespace

TEST(JsonWriter, NumbersAreWrittenFromTheirLexicalForm)
{
    Node node = Node::object();
    node.set("price", Node::number("12.50"));
    node.set("huge", Node::number("1e400"));
    node.set("precise", Node::number("0.1000000000000000055511151231257827"));
    node.set("negative", Node::number("-0"));

    const std::string json = writeJson(node);

    EXPECT_NE(json.find(":12.50"), std::string::npos) << json;
    EXPECT_NE(json.find(":1e400"), std::string::npos) << json;
    EXPECT_NE(json.find(":0.1000000000000000055511151231257827"), std::string::npos) << json;
    EXPECT_NE(json.find(":-0"), std::string::npos) << json;
    EXPECT_EQ(json.find("12.5,"), std::string::npos) << "the trailing zero of a decimal is significant";
}

TEST(JsonWriter, NumbersAreJsonNumbersNotStrings)
{
    Node node = Node::object();
    node.set("count", Node::number("3"));
    node.set("price", Node::number("12.50"));

    const auto document = parse(writeJson(node));
    ASSERT_TRUE(document["count"].IsNumber());
    EXPECT_EQ(document["count"].GetInt(), 3);
    ASSERT_TRUE(document["price"].IsNumber());
    EXPECT_DOUBLE_EQ(document["price"].GetDouble(), 12.5);
}

TEST(JsonWriter, StringsAreEscapedAndRoundTrip)
{
    const std::string tricky = std::string("He said \"hi\"\\ then\nleft\ttab\r") + '\x01' + '\x1f' + "</script>";
    Node node = Node::object();
    node.set("comment", Node::string(tricky));

    const std::string json = writeJson(node);
    EXPECT_EQ(json.find('\n'), std::string::npos) << "a raw newline is not valid inside a JSON string";
    EXPECT_EQ(json.find('\x01'), std::string::npos) << "control characters must be escaped";

    const auto document = parse(json);
    EXPECT_EQ(valueOf(document["comment"]), tricky);
}

TEST(JsonWriter, NonAsciiUtf8IsKeptAsIs)
{
    const std::string name = "Élodie Müller 日本 \xF0\x9F\x9A\x91"; // includes a 4-byte sequence (ambulance)
    Node node = Node::object();
    node.set("name", Node::string(name));

    const std::string json = writeJson(node);
    EXPECT_NE(json.find(name), std::string::npos) << json;
    EXPECT_EQ(valueOf(parse(json)["name"]), name);
}

TEST(JsonWriter, EmbeddedNulIsEscapedNotTruncated)
{
    const std::string withNul("a\0b", 3);
    Node node = Node::object();
    node.set("s", Node::string(withNul));

    const auto document = parse(writeJson(node));
    EXPECT_EQ(valueOf(document["s"]), withNul);
}

TEST(JsonWriter, SingleElementArraysStayArrays)
{
    Node name = Node::object();
    name.append("given", Node::string("Marie"));
    Node patient = Node::resource("Patient");
    patient.append("name", std::move(name));

    const auto document = parse(writeJson(patient));
    ASSERT_TRUE(document["name"].IsArray());
    ASSERT_EQ(document["name"].Size(), 1u);
    ASSERT_TRUE(document["name"][0]["given"].IsArray());
    EXPECT_EQ(valueOf(document["name"][0]["given"][0]), "Marie");
}

TEST(JsonWriter, SingleValuedMembersAreNotArrays)
{
    Node node = Node::resource("Slot");
    node.set("status", Node::string("free"));

    const auto document = parse(writeJson(node));
    ASSERT_TRUE(document["status"].IsString());
    EXPECT_EQ(valueOf(document["resourceType"]), "Slot");
}

TEST(JsonWriter, BooleansAreJsonBooleans)
{
    Node node = Node::object();
    node.set("active", Node::boolean(true));
    node.set("deceased", Node::boolean(false));

    const auto document = parse(writeJson(node));
    ASSERT_TRUE(document["active"].IsBool());
    EXPECT_TRUE(document["active"].GetBool());
    ASSERT_TRUE(document["deceased"].IsBool());
    EXPECT_FALSE(document["deceased"].GetBool());
}

TEST(JsonWriter, MembersKeepTheirInsertionOrder)
{
    Node node = Node::resource("Slot");
    node.set("status", Node::string("free"));
    node.set("start", Node::string("2026-11-22T10:00:00+01:00"));
    node.set("end", Node::string("2026-11-22T10:15:00+01:00"));

    const auto document = parse(writeJson(node));
    std::vector<std::string> names;
    for (auto it = document.MemberBegin(); it != document.MemberEnd(); ++it)
        names.push_back(it->name.GetString());
    EXPECT_EQ(names, (std::vector<std::string>{"resourceType", "status", "start", "end"}));
}

TEST(JsonWriter, XhtmlIsAString)
{
    const std::string markup = "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Slot &amp; more</p></div>";
    Node text = Node::object();
    text.set("status", Node::string("generated"));
    text.set("div", Node::xhtml(markup));
    Node node = Node::resource("Slot");
    node.set("text", std::move(text));

    const auto document = parse(writeJson(node));
    EXPECT_EQ(valueOf(document["text"]["div"]), markup);
}

TEST(JsonWriter, PrettyOutputParsesToTheSameDocument)
{
    Node coding = Node::object();
    coding.set("system", Node::string("urn:oid:1.2.250.1.213.1.1.4.10"));
    coding.set("code", Node::string("X\"Y"));
    Node codeableConcept = Node::object();
    codeableConcept.append("coding", std::move(coding));
    Node node = Node::resource("Slot");
    node.append("serviceType", std::move(codeableConcept));
    node.set("overbooked", Node::boolean(false));
    node.set("weight", Node::number("1.50"));

    const std::string compact = writeJson(node);
    const std::string pretty = writeJson(node, true);
    EXPECT_NE(pretty.find('\n'), std::string::npos);
    EXPECT_NE(pretty.find("1.50"), std::string::npos);

    const auto a = parse(compact);
    const auto b = parse(pretty);
    EXPECT_TRUE(a == b);
}
