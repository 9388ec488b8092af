// Writes a synthetic ANS extraction PS_LibreAcces_Personne_activite in the official format (52 columns, '|' after
// each, UTF-8) on stdout: practitioners with one to three activity sites at real communes of the La Poste table,
// a profession mix close to the real file's (doctors of every specialty, nurses, physiotherapists, dentists,
// midwives, pharmacists, opticians…), ADELI-only professionals, activities without an address. Deterministic for
// a seed. `--day 2` writes the next day's file: about 1 % of practitioners with a new phone, 0.5 % gone, 0.5 % new.
//
//   sas-bench-rpps-generate --lines 1800000 --communes data/geo/laposte_hexasmal.csv [--seed 1] [--day 1|2]
#include "adapters/rpps/RppsHeader.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

namespace
{

struct Commune
{
    std::string insee, name, postcode;
};

std::vector<Commune> readCommunes(const std::string& path)
{
    std::ifstream in(path);
    std::string line;
    std::getline(in, line); // header
    std::vector<Commune> out;
    while (std::getline(in, line))
    {
        std::vector<std::string> f;
        std::size_t start = 0;
        for (std::size_t at; (at = line.find(';', start)) != std::string::npos; start = at + 1)
            f.push_back(line.substr(start, at - start));
        f.push_back(line.substr(start));
        if (f.size() >= 3 && f[0].size() == 5)
            out.push_back({f[0], f[1], f[2]});
    }
    return out;
}

struct Profession
{
    const char* code;
    const char* label;
    double share; ///< of activity lines
};

// Rough shares of the real extraction's lines (médecins and infirmiers dominate; pharmaciens and the rest).
constexpr Profession PROFESSIONS[] = {
    {"10", "Médecin", 0.26},          {"60", "Infirmier", 0.33},       {"70", "Masseur-Kinésithérapeute", 0.07},
    {"40", "Chirurgien-Dentiste", 0.03}, {"50", "Sage-Femme", 0.02},   {"91", "Orthophoniste", 0.02},
    {"80", "Pédicure-Podologue", 0.01}, {"21", "Pharmacien", 0.09},    {"28", "Opticien-Lunetier", 0.03},
    {"26", "Audioprothésiste", 0.01}, {"86", "Technicien de laboratoire médical", 0.05},
    {"31", "Assistant dentaire", 0.05}, {"71", "Ostéopathe", 0.03},
};

// Doctors' specialties: a third general practice, the rest spread over others, part of them outside JDV_J239.
constexpr const char* SPECIALTIES[][2] = {
    {"SM54", "Médecine générale"}, {"SM54", "Médecine générale"}, {"SM54", "Médecine générale"},
    {"SM04", "Cardiologie et maladies vasculaires"}, {"SM15", "Dermatologie et vénéréologie"},
    {"SM40", "Pédiatrie"}, {"SM42", "Psychiatrie"}, {"SM38", "Ophtalmologie"}, {"SM20", "Gynécologie-obstétrique"},
    {"SM02", "Anesthésie-réanimation"}, {"SM53", "Chirurgie générale"}, {"SM26", "Médecine du travail"},
};

constexpr const char* GIVEN[] = {"Anne", "Paul", "Marie", "Jean", "Camille", "Louis", "Léa", "Hugo", "Chloé", "Éric"};
constexpr const char* FAMILY[] = {"MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND",
                                  "LEROY", "MOREAU", "SIMON", "LAURENT", "LEFÈVRE", "MICHEL", "GARCIA", "DAVID"};
constexpr const char* STREETS[] = {"DE LA REPUBLIQUE", "VICTOR HUGO", "JEAN JAURES", "DU GENERAL DE GAULLE", "PASTEUR",
                                   "DE LA GARE", "DES ECOLES", "DU MOULIN", "GAMBETTA", "DE LA LIBERATION"};
constexpr const char* STREET_TYPES[][2] = {{"R", "Rue"}, {"AV", "Avenue"}, {"BD", "Boulevard"}, {"PL", "Place"}, {"CHE", "Chemin"}};

} // namespace

int main(int argc, char** argv)
{
    std::uint64_t lines = 1800000, seed = 1;
    int day = 1;
    std::string communesPath = "data/geo/laposte_hexasmal.csv";
    for (int i = 1; i + 1 < argc; i += 2)
    {
        if (!std::strcmp(argv[i], "--lines"))
            lines = std::stoull(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--seed"))
            seed = std::stoull(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--day"))
            day = std::stoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--communes"))
            communesPath = argv[i + 1];
        else
        {
            std::cerr << "usage: sas-bench-rpps-generate [--lines N] [--seed S] [--day 1|2] [--communes csv]\n";
            return 64;
        }
    }
    const auto communes = readCommunes(communesPath);
    if (communes.empty())
    {
        std::cerr << "no communes in " << communesPath << '\n';
        return 66;
    }
    std::vector<char> buffer(1 << 20);
    std::setvbuf(stdout, buffer.data(), _IOFBF, buffer.size());
    std::string header;
    for (auto column : sas::adapters::rpps::RPPS_COLUMNS)
        (header += column) += '|';
    std::fputs((header + "\n").c_str(), stdout);

    double total = 0;
    for (const auto& p : PROFESSIONS)
        total += p.share;
    std::string line;
    line.reserve(1024);
    std::uint64_t written = 0;
    // Each practitioner's draws come from their own generator: day 2 sees the same practitioners as day 1.
    for (std::uint64_t practitioner = 0; written < lines; ++practitioner)
    {
        std::mt19937_64 random(seed * 1000003 + practitioner);
        const auto draw = [&](std::uint64_t n) { return static_cast<std::size_t>(random() % n); };
        const double pick = double(random() % 1000000) / 1000000.0 * total;
        double sum = 0;
        const Profession* profession = &PROFESSIONS[0];
        for (const auto& p : PROFESSIONS)
            if ((sum += p.share) >= pick)
            {
                profession = &p;
                break;
            }
        const bool adeli = profession->code != std::string("10") && draw(100) < 30;
        const unsigned roll = static_cast<unsigned>(draw(1000));
        // Day 2: 0.5 % gone, 0.5 % new (their day-1 twin absent), 1 % with a changed phone.
        if (day == 2 && roll < 5)
            continue;
        if (day == 1 && roll >= 5 && roll < 10)
            continue;
        const bool newPhone = day == 2 && roll >= 10 && roll < 20;
        char id[16];
        if (adeli)
            std::snprintf(id, sizeof id, "%02zu%07llu", 1 + draw(95), static_cast<unsigned long long>(practitioner % 10000000));
        else
            std::snprintf(id, sizeof id, "1%010llu", static_cast<unsigned long long>(practitioner));
        const char* given = GIVEN[draw(std::size(GIVEN))];
        const char* family = FAMILY[draw(std::size(FAMILY))];
        const std::size_t sites = draw(10) < 7 ? 1 : (draw(3) < 2 ? 2 : 3);
        const auto* specialty = SPECIALTIES[draw(std::size(SPECIALTIES))];
        for (std::size_t site = 0; site < sites && written < lines; ++site, ++written)
        {
            const bool address = draw(100) >= 8;
            const Commune& commune = communes[draw(communes.size())];
            const auto* type = STREET_TYPES[draw(std::size(STREET_TYPES))];
            char siret[16], structure[20], phone[24], number[8];
            std::snprintf(siret, sizeof siret, "%014llu", static_cast<unsigned long long>(random() % 100000000000000ull));
            std::snprintf(structure, sizeof structure, "R%s", siret);
            const std::size_t a = 1 + draw(5), b = draw(100), c = draw(100), d = draw(100), e = draw(99);
            std::snprintf(phone, sizeof phone, "0%zu %02zu %02zu %02zu %02zu", a, b, c, d, newPhone ? 99 : e);
            std::snprintf(number, sizeof number, "%zu", 1 + draw(150));
            const bool doctor = profession->code == std::string("10");
            line.clear();
            const auto field = [&](std::string_view value) { (line += value) += '|'; };
            field(adeli ? "0" : "8");
            field(id);
            field(std::string(adeli ? "0" : "8") + id);
            field(doctor ? "DR" : "");
            field(doctor ? "Docteur" : "");
            field(draw(2) ? "M" : "MME");
            field(draw(2) ? "Monsieur" : "Madame");
            field(family);
            field(given);
            field(profession->code);
            field(profession->label);
            field("C");
            field("Civil");
            field(doctor ? "S" : "");
            field(doctor ? "Spécialité ordinale" : "");
            field(doctor ? specialty[0] : "");
            field(doctor ? specialty[1] : "");
            // A practitioner's sites differ at least in their mode of practice (no exact duplicate lines).
            static constexpr const char* MODES[][2] = {
                {"L", "Libéral, indépendant, artisan, commerçant"}, {"S", "Salarié"}, {"B", "Bénévole"}};
            field(MODES[site][0]);
            field(MODES[site][1]);
            field(address ? siret : "");
            field(address ? std::string(siret, 9) : "");
            field("");
            field("");
            field(address ? structure : "");
            field(address ? std::string("CABINET ") + family : "");
            field("");
            field("");
            field(address && draw(4) == 0 ? "BATIMENT A" : "");
            field(address ? number : "");
            field("");
            field(address ? type[0] : "");
            field(address ? type[1] : "");
            field(address ? STREETS[draw(std::size(STREETS))] : "");
            field("");
            field(address ? commune.postcode + " " + commune.name : "");
            field(address ? commune.postcode : "");
            field(address && draw(10) ? commune.insee : ""); // a tenth without INSEE code: placed by postcode
            field(address ? commune.name : "");
            field(address ? "99000" : "");
            field(address ? "France" : "");
            field(address ? phone : "");
            field("");
            field("");
            field("");
            field("");
            field("");
            field("");
            field(adeli ? "ARS/ADELI/ADELI" : "RPPS/ORDRE/ORDRE");
            field(address ? "SA07" : "");
            field(address ? "Cabinet individuel" : "");
            field("");
            field("");
            line += '\n';
            std::fwrite(line.data(), 1, line.size(), stdout);
        }
    }
    std::fflush(stdout);
    return 0;
}
